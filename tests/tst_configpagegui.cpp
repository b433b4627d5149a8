// SPDX-License-Identifier: Apache-2.0
#include "configform.h"
#include "configworkbench.h"
#include "problemsmodel.h"

#include "atomicfile.h"
#include "config/configfile.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QHelpEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPaintEvent>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

using namespace ocw;

namespace {

QByteArray example()
{
    return ConfigFile::read(QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json")).bytes;
}

bool hasRule(const ProblemsModel *model, const char *rule)
{
    const Diagnostics &all = model->diagnostics();
    return std::any_of(all.begin(), all.end(), [&](const Diagnostic &d) { return d.rule == QLatin1String(rule); });
}

// Collects what a widget repaints, to see that a changed frame (its outermost pixels) reaches the screen.
class PaintRecorder final : public QObject
{
public:
    using QObject::QObject;
    QRegion painted;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted += static_cast<QPaintEvent *>(event)->region();
        return false;
    }
};

} // namespace

// The Config page's quick fixes, hover and menus, and the form states that used to go stale, driven offscreen.
class TestConfigPageGui : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // The bundled example with `from` replaced by `to`, written with the given line ends.
    QString writeDefect(const QString &name, const QByteArray &from, const QByteArray &to, const QByteArray &lineEnd = "\n")
    {
        QByteArray bytes = example();
        bytes.replace(bytes.indexOf(from), from.size(), to);
        bytes.replace("\n", lineEnd);
        const QString path = m_dir.filePath(name);
        return writeFileAtomically(path, bytes).isEmpty() ? path : QString();
    }

    // Shows the page at `size`, on screen as a user sees it, and opens `path` in it.
    static void showAndOpen(ConfigWorkbench &bench, const QSize &size, const QString &path)
    {
        bench.resize(size);
        bench.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bench));
        openAndWait(bench, path);
    }

    static void openAndWait(ConfigWorkbench &bench, const QString &path)
    {
        QSignalSpy analysed(&bench, &ConfigWorkbench::analysisUpdated);
        QVERIFY(bench.openFile(path).isEmpty());
        QVERIFY(analysed.wait(5000));
    }

    static QModelIndex rowOf(const ConfigWorkbench &bench, const char *rule)
    {
        const Diagnostics &all = bench.problemsModel()->diagnostics();
        for (int row = 0; row < all.size(); ++row) {
            if (all[row].rule == QLatin1String(rule))
                return bench.problemsModel()->index(row, ProblemsModel::MessageColumn);
        }
        return {};
    }

    // Triggers the quick fix of the context menu that `request` pops up, as a user picking it would.
    static void pickQuickFixFromMenu(ConfigWorkbench &bench, const char *menuName, const std::function<void()> &request)
    {
        request();
        QMenu *menu = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((menu = bench.findChild<QMenu *>(QLatin1String(menuName))) && menu->isVisible(), 5000);
        const QList<QAction *> actions = menu->actions();
        const auto fix = std::find_if(actions.begin(), actions.end(),
                                      [](const QAction *a) { return a->objectName() == u"quickFix" && a->isEnabled(); });
        QVERIFY2(fix != actions.end(), "the menu offers no quick fix");
        QCOMPARE(actions.first(), *fix); // first, where the eye goes
        (*fix)->trigger();
        menu->close();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
    }

    // "insecure": "true" is neither on nor off in the form: it shows the problem, whose fix removes the quotes
    // and changes no other byte (CRLF line ends included).
    void quotedBooleanShowsItsProblemAndItsFixIsByteExact()
    {
        const QString path = writeDefect(QStringLiteral("quoted.json"), "\"insecure\": true", "\"insecure\": \"true\"", "\r\n");
        ConfigWorkbench bench;
        showAndOpen(bench, QSize(1280, 800), path);
        auto *insecure = bench.form()->findChild<QCheckBox *>(QStringLiteral("insecure"));
        QCOMPARE(insecure->checkState(), Qt::PartiallyChecked);
        QVERIFY2(insecure->text().contains(QStringLiteral("not a boolean")), qPrintable(insecure->text()));
        QVERIFY(!insecure->text().contains(QStringLiteral("absent")));
        QCOMPARE(insecure->property("problem").toString(), QStringLiteral("error"));

        const QModelIndex row = rowOf(bench, "OCW101");
        QVERIFY(row.isValid());
        QVERIFY(!row.data(Qt::DecorationRole).isNull()); // the lightbulb marks a row that has a fix
        const QPoint at = bench.problemsView()->visualRect(row).center();
        pickQuickFixFromMenu(bench, "problemMenu", [&] { emit bench.problemsView()->customContextMenuRequested(at); });
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY_WITH_TIMEOUT(!hasRule(bench.problemsModel(), "OCW101"), 5000);
        QByteArray expected = example();
        expected.replace("\n", "\r\n");
        QCOMPARE(bench.bytes(), expected);
        QCOMPARE(insecure->checkState(), Qt::Checked);
        bench.sourceEditor()->undo(); // one step in the editor's history, like any edit
        QTRY_VERIFY_WITH_TIMEOUT(hasRule(bench.problemsModel(), "OCW101"), 5000);
    }

    // The lightbulb acts on the problem under the text cursor; the editor's own menu offers the same fixes.
    void lightbulbAndEditorMenuApplyFixes()
    {
        const QString path = writeDefect(QStringLiteral("port.json"), "\"otel-collector:55678\"", "\"otel-collector\"");
        ConfigWorkbench bench;
        bench.show();
        openAndWait(bench, path);
        QAction *lightbulb = bench.quickFixAction();
        QVERIFY(!lightbulb->isEnabled());
        QTextCursor cursor = bench.sourceEditor()->document()->find(QStringLiteral("\"otel-collector\""));
        cursor.setPosition(cursor.selectionStart() + 3);
        bench.sourceEditor()->setTextCursor(cursor);
        QVERIFY(lightbulb->isEnabled());
        QVERIFY2(lightbulb->text().contains(QStringLiteral("otel-collector:55678")), qPrintable(lightbulb->text()));
        lightbulb->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!hasRule(bench.problemsModel(), "OCW201"), 5000);
        QCOMPARE(bench.bytes(), example());

        // A misspelt key, fixed from the editor's context menu at the underline.
        QTextCursor key = bench.sourceEditor()->document()->find(QStringLiteral("\"service_name\""));
        key.insertText(QStringLiteral("\"servce_name\""));
        QTRY_VERIFY_WITH_TIMEOUT(hasRule(bench.problemsModel(), "OCW102"), 5000);
        const int inKey = bench.sourceEditor()->document()->find(QStringLiteral("servce")).selectionStart();
        QTextCursor place(bench.sourceEditor()->document());
        place.setPosition(inKey);
        const QPoint at = bench.sourceEditor()->cursorRect(place).center() + QPoint(2, 0);
        pickQuickFixFromMenu(bench, "editorMenu", [&] { emit bench.sourceEditor()->customContextMenuRequested(at); });
        if (QTest::currentTestFailed())
            return;
        QTRY_VERIFY_WITH_TIMEOUT(!hasRule(bench.problemsModel(), "OCW102"), 5000);
        QCOMPARE(bench.bytes(), example());
    }

    // Hovering an underline shows its problem; the list shows whole messages and sits in a splitter.
    void hoverShowsTheProblemAndTheListShowsWholeMessages()
    {
        const QString path = writeDefect(QStringLiteral("hover.json"), "\"2s\"", "\"2 s\"");
        ConfigWorkbench bench;
        showAndOpen(bench, QSize(900, 700), path);
        QTextCursor cursor = bench.sourceEditor()->document()->find(QStringLiteral("\"2 s\""));
        QTextCursor place(bench.sourceEditor()->document());
        place.setPosition(cursor.selectionStart() + 1);
        bench.sourceEditor()->centerCursor();
        const QPoint at = bench.sourceEditor()->cursorRect(place).center() + QPoint(2, 0);
        QWidget *viewport = bench.sourceEditor()->viewport();
        QHelpEvent hover(QEvent::ToolTip, at, viewport->mapToGlobal(at));
        QApplication::sendEvent(viewport, &hover);
        QTRY_VERIFY_WITH_TIMEOUT(QToolTip::isVisible(), 5000);
        QVERIFY2(QToolTip::text().contains(QStringLiteral("OCW203")), qPrintable(QToolTip::text()));
        QVERIFY(QToolTip::text().contains(QStringLiteral("not a Go duration")));

        QTableView *view = bench.problemsView();
        QVERIFY(view->wordWrap());
        const QModelIndex row = rowOf(bench, "OCW203");
        QVERIFY(view->rowHeight(row.row()) > 2 * view->fontMetrics().height()); // a long message wraps
        QVERIFY(row.data(Qt::ToolTipRole).toString().contains(QStringLiteral("not a Go duration")));
        auto *splitter = bench.findChild<QSplitter *>(QStringLiteral("verticalSplitter"));
        QWidget *pane = bench.findChild<QWidget *>(QStringLiteral("problemsPane"));
        QVERIFY(splitter && splitter->indexOf(pane) == 1);
        const int before = pane->height();
        splitter->setSizes({splitter->height() / 3, 2 * splitter->height() / 3});
        QTRY_VERIFY(pane->height() > before);
    }

    // A red frame goes away, on screen, with the analysis that finds its problem fixed. The headers table fixed
    // in its own cell is the field whose frame nothing else repaints: refilling it repaints only its cells.
    void aFixedFieldLosesItsFrameAtOnce()
    {
        const QString path = writeDefect(QStringLiteral("frame.json"), "\"tenant\": \"team-a\"", "\"x tenant\": \"team-a\"");
        ConfigWorkbench bench;
        showAndOpen(bench, QSize(1280, 900), path);
        auto *headers = bench.form()->findChild<QTableWidget *>(QStringLiteral("headers"));
        QCOMPARE(headers->property("problem").toString(), QStringLiteral("error"));
        qobject_cast<QScrollArea *>(bench.form()->parentWidget()->parentWidget())->ensureWidgetVisible(headers);
        QTRY_VERIFY(!headers->visibleRegion().isEmpty());
        QApplication::processEvents();
        PaintRecorder recorder;
        headers->installEventFilter(&recorder);
        headers->item(0, 0)->setText(QStringLiteral("tenant"));
        QTRY_VERIFY_WITH_TIMEOUT(!hasRule(bench.problemsModel(), "OCW211"), 5000);
        QCOMPARE(headers->property("problem").toString(), QStringLiteral("warning")); // OCW214 stays
        QTRY_VERIFY_WITH_TIMEOUT(recorder.painted.contains(QPoint(0, 0)), 2000); // the frame, not only the cells
    }

    // A file that is not JSON leaves no stale values behind: the form is cleared, off, and says why.
    void aNonJsonFileClearsAndDisablesTheForm()
    {
        ConfigWorkbench bench;
        openAndWait(bench, writeDefect(QStringLiteral("good.json"), "", ""));
        auto *address = bench.form()->findChild<QLineEdit *>(QStringLiteral("address"));
        QCOMPARE(address->text(), QStringLiteral("otel-collector:55678"));
        QVERIFY(address->isEnabled());

        const QString notJson = m_dir.filePath(QStringLiteral("notes.txt"));
        QVERIFY(writeFileAtomically(notJson, "address = collector:55678\n").isEmpty());
        openAndWait(bench, notJson);
        QVERIFY(hasRule(bench.problemsModel(), "OCW001"));
        QVERIFY(address->text().isEmpty());
        QVERIFY(!address->isEnabled());
        QCOMPARE(bench.form()->findChild<QSpinBox *>(QStringLiteral("sampleRate"))->isEnabled(), false);
        QCOMPARE(bench.form()->findChild<QTableWidget *>(QStringLiteral("headers"))->rowCount(), 0);
        QVERIFY(bench.form()->findChild<QLabel *>(QStringLiteral("moduleNote"))->text().contains(QStringLiteral("not valid JSON")));
    }

    // Focus that passes through a field changes no byte, so the file does not turn modified; Tab leaves the
    // headers table instead of walking its cells.
    void tabbingThroughTheFormChangesNothing()
    {
        ConfigWorkbench bench;
        bench.show();
        QApplication::setActiveWindow(&bench);
        QVERIFY(QTest::qWaitForWindowActive(&bench));
        openAndWait(bench, writeDefect(QStringLiteral("tab.json"), "", ""));
        auto *rate = bench.form()->findChild<QSpinBox *>(QStringLiteral("sampleRate"));
        rate->setFocus();
        QTRY_VERIFY(rate->hasFocus());
        QTest::keyClick(rate, Qt::Key_Tab);
        QTRY_VERIFY(!rate->hasFocus());
        QApplication::processEvents();
        QVERIFY(!bench.isModified());
        QCOMPARE(bench.bytes(), example());

        auto *headers = bench.form()->findChild<QTableWidget *>(QStringLiteral("headers"));
        QVERIFY(headers->rowCount() > 0);
        headers->setFocus();
        headers->setCurrentCell(0, 0);
        QTRY_VERIFY(headers->hasFocus());
        QTest::keyClick(headers, Qt::Key_Tab);
        QVERIFY(!headers->hasFocus());
        QVERIFY(!bench.isModified());
    }

    // The heading names the module as KrakenD does, not with the JSON pointer's "~1" escape.
    void theHeadingShowsTheNamespaceAsWritten()
    {
        ConfigWorkbench bench;
        openAndWait(bench, writeDefect(QStringLiteral("heading.json"), "", ""));
        const QString note = bench.form()->findChild<QLabel *>(QStringLiteral("moduleNote"))->text();
        QVERIFY2(note.contains(QStringLiteral("telemetry/opencensus")), qPrintable(note));
        QVERIFY(!note.contains(QStringLiteral("~1")));
    }
};

QTEST_MAIN(TestConfigPageGui)
#include "tst_configpagegui.moc"
