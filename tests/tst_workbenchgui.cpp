// SPDX-License-Identifier: Apache-2.0
#include "configform.h"
#include "configworkbench.h"
#include "helpdialog.h"
#include "mainwindow.h"
#include "problemsmodel.h"
#include "profileform.h"
#include "profilepage.h"
#include "settings.h"
#include "settingsstore.h"
#include "timechart.h"

#include "atomicfile.h"
#include "config/configfile.h"
#include "filesizelimit.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace ocw;

// The workbench as a user drives it, offscreen: open, edit in the form, watch the problems, save.
class TestWorkbenchGui : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString copyOfExample(const QString &name, const QByteArray &crlfOrNot = "\n")
    {
        QByteArray bytes = ConfigFile::read(QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json")).bytes;
        bytes.replace("\n", crlfOrNot);
        const QString path = m_dir.filePath(name);
        return writeFileAtomically(path, bytes).isEmpty() ? path : QString();
    }

    static bool hasRule(const ProblemsModel *model, const char *rule)
    {
        const Diagnostics &all = model->diagnostics();
        return std::any_of(all.begin(), all.end(), [&](const Diagnostic &d) { return d.rule == QLatin1String(rule); });
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("OC Workbench Tests"));
        QStandardPaths::setTestModeEnabled(true);
    }

    void editInFormUpdatesProblemsAndSaves()
    {
        const QString path = copyOfExample(QStringLiteral("gui.json"), "\r\n");
        MainWindow window;
        window.show();
        ConfigWorkbench *bench = window.workbench();
        QSignalSpy analysed(bench, &ConfigWorkbench::analysisUpdated);
        QVERIFY(window.openFile(path));
        QVERIFY(analysed.wait(5000));
        QCOMPARE(bench->problemsModel()->rowCount(), 1); // the warning for its headers (OCW214) alone
        QVERIFY(hasRule(bench->problemsModel(), "OCW214"));

        // Type a reconnection that Go rejects, as a user would, and leave the field.
        auto *reconnection = bench->form()->findChild<QLineEdit *>(QStringLiteral("reconnection"));
        QVERIFY(reconnection);
        reconnection->setFocus();
        reconnection->selectAll();
        QTest::keyClicks(reconnection, QStringLiteral("2 s"));
        QTest::keyClick(reconnection, Qt::Key_Tab);
        QTRY_VERIFY_WITH_TIMEOUT(hasRule(bench->problemsModel(), "OCW203"), 5000);
        QVERIFY(bench->sourceEditor()->toPlainText().contains(QStringLiteral("\"reconnection\": \"2 s\"")));
        QVERIFY(bench->isModified());

        // Clicking the problem puts the source cursor on its line.
        const QModelIndex row = bench->problemsModel()->index(0, ProblemsModel::MessageColumn);
        bench->problemsView()->setCurrentIndex(row);
        emit bench->problemsView()->activated(row);
        QCOMPARE(bench->sourceEditor()->textCursor().blockNumber() + 1, 21);

        // Fix it through the form again, then tick a checkbox; both land in the source, undo reverts.
        reconnection->setFocus();
        reconnection->selectAll();
        QTest::keyClicks(reconnection, QStringLiteral("5s"));
        QTest::keyClick(reconnection, Qt::Key_Tab);
        QTRY_VERIFY_WITH_TIMEOUT(!hasRule(bench->problemsModel(), "OCW203"), 5000);
        auto *insecure = bench->form()->findChild<QCheckBox *>(QStringLiteral("insecure"));
        insecure->click();
        QTRY_VERIFY_WITH_TIMEOUT(hasRule(bench->problemsModel(), "OCW208"), 5000);
        bench->sourceEditor()->undo();
        QTRY_VERIFY_WITH_TIMEOUT(!hasRule(bench->problemsModel(), "OCW208"), 5000);
        QVERIFY(insecure->isChecked());

        // The save keeps CRLF and changes only the edited value's bytes.
        QVERIFY(bench->saveTo(path).isEmpty());
        QByteArray expected = ConfigFile::read(QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json")).bytes;
        expected.replace("\n", "\r\n").replace("\"2s\"", "\"5s\"");
        QCOMPARE(ConfigFile::read(path).bytes, expected);
        QVERIFY(!bench->isModified());
    }

    // A save the disk refuses says so in a dialog, naming the file and the reason; the document stays modified
    // and the file as it was.
    void aSaveThatCannotBeWrittenWarnsAndKeepsTheDocumentModified()
    {
        const QString path = copyOfExample(QStringLiteral("limited.json"));
        const QByteArray original = ConfigFile::read(path).bytes;
        MainWindow window;
        window.show();
        QVERIFY(window.openFile(path));
        ConfigWorkbench *bench = window.workbench();
        bench->sourceEditor()->textCursor().insertText(QStringLiteral(" "));
        QVERIFY(bench->isModified());

        QString warning;
        QTimer dialogCloser; // the warning is modal: read and close it from inside its event loop
        connect(&dialogCloser, &QTimer::timeout, &window, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                warning = box->text();
                box->accept();
            }
        });
        dialogCloser.start(20);
        {
            const FileSizeLimit nothingFits(0);
            QVERIFY(nothingFits.isSet());
            window.findChild<QAction *>(QStringLiteral("saveAction"))->trigger();
        }
        dialogCloser.stop();
        QCOMPARE(warning, path + QStringLiteral(": cannot write: File too large"));
        QVERIFY(bench->isModified());
        QCOMPARE(ConfigFile::read(path).bytes, original);
        QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("limited.json*")}, QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("limited.json")});
    }

    // What the workbench remembers goes to its own file, the user's alone; a write that fails keeps the file as
    // it was and says so, in a dialog once and then in the status bar.
    void settingsAreKeptWholeOrNotAtAll()
    {
        MainWindow window;
        Settings::setLastDirectory(m_dir.path());
        const QString file = SettingsStore::instance().fileName();
        QVERIFY(QFileInfo(file).isFile());
        QCOMPARE(QFileInfo(file).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        const QByteArray before = ConfigFile::read(file).bytes;
        QVERIFY(before.contains(m_dir.path().toUtf8()));
        Settings::setWindowGeometry(QByteArray("\x01\x00\xff geometry", 12));
        QCOMPARE(Settings::windowGeometry(), QByteArray("\x01\x00\xff geometry", 12));
        const QByteArray saved = ConfigFile::read(file).bytes;

        QSignalSpy failed(&SettingsStore::instance(), &SettingsStore::writeFailed);
        {
            const FileSizeLimit nothingFits(0);
            QVERIFY(nothingFits.isSet());
            Settings::setLastDirectory(QStringLiteral("/somewhere/else"));
        }
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().toString(), file + QStringLiteral(": cannot write: File too large"));
        QCOMPARE(ConfigFile::read(file).bytes, saved);
        auto *box = window.findChild<QMessageBox *>(QStringLiteral("settingsNotSaved"));
        QVERIFY(box && box->isVisible() && box->text().contains(u"File too large"));
        box->accept();
    }

    void typingInTheSourceRevalidates()
    {
        ConfigWorkbench bench;
        QSignalSpy analysed(&bench, &ConfigWorkbench::analysisUpdated);
        QVERIFY(bench.openFile(copyOfExample(QStringLiteral("typing.json"))).isEmpty());
        QVERIFY(analysed.wait(5000));
        QTextCursor cursor = bench.sourceEditor()->document()->find(QStringLiteral("\"sample_rate\": 100"));
        QVERIFY(!cursor.isNull());
        cursor.insertText(QStringLiteral("\"sample_rate\": 250"));
        QTRY_VERIFY_WITH_TIMEOUT(hasRule(bench.problemsModel(), "OCW110"), 5000);
        auto *rate = bench.form()->findChild<QSpinBox *>(QStringLiteral("sampleRate"));
        QCOMPARE(rate->value(), 250);
        QCOMPARE(rate->property("problem").toString(), QStringLiteral("error"));
    }

    void formInsertsAMissingModule()
    {
        const QString path = m_dir.filePath(QStringLiteral("nomodule.json"));
        QVERIFY(writeFileAtomically(path, "{\n  \"version\": 3,\n  \"endpoints\": []\n}\n").isEmpty());
        ConfigWorkbench bench;
        QSignalSpy analysed(&bench, &ConfigWorkbench::analysisUpdated);
        QVERIFY(bench.openFile(path).isEmpty());
        QVERIFY(analysed.wait(5000));
        QVERIFY(hasRule(bench.problemsModel(), "OCW100"));
        auto *address = bench.form()->findChild<QLineEdit *>(QStringLiteral("address"));
        address->setText(QStringLiteral("localhost:55678"));
        address->setModified(true);
        emit address->editingFinished();
        QTRY_VERIFY_WITH_TIMEOUT(!hasRule(bench.problemsModel(), "OCW100"), 5000);
        QVERIFY(bench.bytes().startsWith("{\n  \"version\": 3,\n  \"endpoints\": [],\n  \"extra_config\": {\n"));
    }

    void notUtf8IsReadOnly()
    {
        const QString path = m_dir.filePath(QStringLiteral("latin1.json"));
        QVERIFY(writeFileAtomically(path, "{\"name\": \"caf\xE9\"}").isEmpty());
        ConfigWorkbench bench;
        QSignalSpy analysed(&bench, &ConfigWorkbench::analysisUpdated);
        QVERIFY(bench.openFile(path).isEmpty());
        QVERIFY(analysed.wait(5000));
        QVERIFY(bench.sourceEditor()->isReadOnly());
        QVERIFY(hasRule(bench.problemsModel(), "OCW003"));
        QVERIFY(!bench.saveTo(path).isEmpty());
        QCOMPARE(ConfigFile::read(path).bytes, QByteArray("{\"name\": \"caf\xE9\"}"));
    }

    void profilePageChecksAndPreviews()
    {
        ProfilePage page;
        QVERIFY(page.profile()); // opens on the KrakenD preset
        QVERIFY(page.problemsModel()->rowCount() == 0);
        QVERIFY(page.ratePreview()->pointCount() > 100);
        QVERIFY(page.sampleTrace()->topLevelItemCount() == 1);
        QCOMPARE(page.sampleMetrics()->topLevelItemCount(), 3); // the preset's three metrics
        QCOMPARE(page.sampleMetrics()->topLevelItem(1)->text(1), QStringLiteral("cumulative_distribution"));
        QCOMPARE(page.sampleTrace()->topLevelItem(0)->text(1), QStringLiteral("server"));
        QVERIFY(page.sampleTrace()->topLevelItem(0)->child(0)->text(0).startsWith(QStringLiteral("pipe-")));

        // A form edit changes that value in the JSON, and nothing else; undo takes it back.
        const QString before = page.sourceEditor()->toPlainText();
        auto *ratio = page.form()->findChild<QDoubleSpinBox *>(QStringLiteral("errorRatio"));
        QVERIFY(ratio);
        ratio->setValue(0.25);
        emit ratio->editingFinished();
        QCOMPARE(page.profile()->traces.errorRatio, 0.25);
        QString expected = before;
        expected.replace(QStringLiteral("\"error_ratio\": 0.02"), QStringLiteral("\"error_ratio\": 0.25"));
        QCOMPARE(page.sourceEditor()->toPlainText(), expected);
        page.sourceEditor()->undo();
        QTRY_COMPARE_WITH_TIMEOUT(page.profile()->traces.errorRatio, 0.02, 5000);

        // A typo shows up as a problem with its place; the last good preview stays.
        QSignalSpy changed(&page, &ProfilePage::profileChanged);
        QTextCursor cursor = page.sourceEditor()->document()->find(QStringLiteral("\"seed\""));
        QVERIFY(!cursor.isNull());
        cursor.insertText(QStringLiteral("\"sede\""));
        QTRY_COMPARE_WITH_TIMEOUT(page.problemsModel()->rowCount(), 1, 5000);
        QCOMPARE(page.problemsModel()->diagnostics().first().rule, QStringLiteral("PRF102"));
        QCOMPARE(page.problemsModel()->diagnostics().first().line, 6);
        QCOMPARE(changed.count(), 0);

        // Every preset opens clean (with the typo undone, there is no edit to ask about).
        page.sourceEditor()->undo();
        QVERIFY(!page.isModified());
        for (const char *preset : {"steady", "spiky", "high-cardinality", "metrics-only"}) {
            page.openPreset(QLatin1String(preset));
            QCOMPARE(page.problemsModel()->rowCount(), 0);
        }
        QCOMPARE(page.sampleTrace()->topLevelItemCount(), 0); // metrics-only has no traces

        const QString path = m_dir.filePath(QStringLiteral("saved-profile.json"));
        QVERIFY(page.saveTo(path).isEmpty());
        QVERIFY(ConfigFile::read(path).bytes.contains("\"Metrics only\""));
        QVERIFY(page.openFile(path).isEmpty());
        QCOMPARE(page.profile()->name, QStringLiteral("Metrics only"));
    }

    // A first launch says what to do, with the buttons to do it; opening or starting a config leaves it.
    void firstLaunchSaysWhatToDo()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.showsWelcome());
        for (const char *button : {"openConfigButton", "demoButton", "newConfigButton"}) {
            auto *b = window.findChild<QPushButton *>(QLatin1String(button));
            QVERIFY2(b && b->isVisible() && !b->text().isEmpty(), button);
        }
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("welcomeText"))->text().contains(QStringLiteral("krakend.json")));
        window.findChild<QPushButton *>(QStringLiteral("newConfigButton"))->click();
        QVERIFY(!window.showsWelcome());
        QVERIFY(window.workbench()->isVisible());

        MainWindow second;
        QVERIFY(second.showsWelcome());
        QVERIFY(second.openFile(copyOfExample(QStringLiteral("welcome.json"))));
        QVERIFY(!second.showsWelcome());
    }

    // Help shows the rules and the profile format in the app, and lists the shortcuts the menus really have.
    void helpShowsTheDocsAndTheShortcuts()
    {
        MainWindow window;
        const auto open = [&](const char *action, const char *dialog) -> QString {
            window.findChild<QAction *>(QLatin1String(action))->trigger();
            auto *shown = window.findChild<HelpDialog *>(QLatin1String(dialog));
            return shown && shown->isVisible() ? shown->text() : QString();
        };
        const QString rules = open("helpRulesAction", "rulesHelp");
        QVERIFY(rules.contains(QStringLiteral("OCW203")) && rules.contains(QStringLiteral("OCW214")));
        QVERIFY(open("helpProfilesAction", "profilesHelp").contains(QStringLiteral("over_s")));
        const QString shortcuts = open("helpShortcutsAction", "shortcutsHelp");
        QVERIFY2(shortcuts.contains(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)), qPrintable(shortcuts));
        QVERIFY(shortcuts.contains(QStringLiteral("quick fix")));
        QVERIFY(shortcuts.contains(QKeySequence(Qt::CTRL | Qt::Key_Period).toString(QKeySequence::NativeText)));
    }

    void problemsModelIsAWellBehavedModel()
    {
        ProblemsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDiagnostics({Diagnostic{Severity::Error, QStringLiteral("OCW001"), 1, 2, 1, QString(), QStringLiteral("x"), std::nullopt},
                              Diagnostic{Severity::Warning, QStringLiteral("OCW208"), 3, 4, 9, QStringLiteral("/a"), QStringLiteral("y"), std::nullopt}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, ProblemsModel::LocationColumn).data().toString(), QStringLiteral("3:4"));
        model.setDiagnostics({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestWorkbenchGui)
#include "tst_workbenchgui.moc"
