// SPDX-License-Identifier: Apache-2.0
#include "configworkbench.h"
#include "mainwindow.h"
#include "problemsmodel.h"
#include "profileform.h"
#include "profilepage.h"
#include "rateshapeeditor.h"
#include "runpage.h"
#include "timechart.h"

#include "load/loadprofile.h"
#include "load/presetprofiles.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTimer>

using namespace ocw;

// The Load profile page's rate-shape form, its preset naming and its question before edits are lost, offscreen.
class TestProfilePageGui : public QObject
{
    Q_OBJECT

    // Picks a preset from the page's list as a user does, answering the question that may follow.
    static bool pickPreset(ProfilePage &page, const QString &title, QMessageBox::StandardButton answer, bool *asked)
    {
        auto *presets = page.findChild<QComboBox *>(QStringLiteral("presets"));
        const int index = presets->findText(title);
        if (index < 0)
            return false;
        *asked = false;
        QTimer answerer; // the question is modal: answer it from inside its event loop
        QObject::connect(&answerer, &QTimer::timeout, &page, [&] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                *asked = box->objectName() == u"discardProfileEdits";
                box->button(answer)->click();
            }
        });
        answerer.start(20);
        presets->setCurrentIndex(index);
        emit presets->activated(index);
        return true;
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("OC Workbench Tests"));
        QStandardPaths::setTestModeEnabled(true);
    }

    // The rate shape is a list of segments: editing a number, adding and removing a segment, and changing a
    // kind each rewrite `rate.shape` in the JSON and redraw the preview.
    void rateShapeSegmentsEditTheJsonAndThePreview()
    {
        ProfilePage page;
        page.resize(1200, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QTableWidget *segments = page.form()->rateShape()->table();
        QCOMPARE(segments->rowCount(), 3); // the KrakenD preset: constant, ramp, sine
        const QImage before = page.ratePreview()->image();

        auto *constant = qobject_cast<QDoubleSpinBox *>(segments->cellWidget(0, 1));
        QVERIFY(constant);
        QCOMPARE(constant->value(), 200.0);
        constant->setValue(900);
        QTRY_COMPARE_WITH_TIMEOUT(page.profile()->rate.components.front().value, 900.0, 5000);
        QVERIFY(page.sourceEditor()->toPlainText().contains(QStringLiteral("\"constant\": 900")));
        QVERIFY(page.ratePreview()->image() != before);
        QVERIFY(page.isModified());

        auto *add = page.form()->rateShape()->findChild<QAction *>(QStringLiteral("add-bursts"));
        QVERIFY(add);
        add->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(page.profile()->rate.components.size(), std::size_t(4), 5000);
        QCOMPARE(page.profile()->rate.components.back().kind, RateComponent::Kind::Bursts);

        segments->setCurrentCell(0, 1);
        page.form()->rateShape()->findChild<QPushButton *>(QStringLiteral("removeSegment"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(page.profile()->rate.components.size(), std::size_t(3), 5000);
        QCOMPARE(page.profile()->rate.components.front().kind, RateComponent::Kind::Ramp);

        auto *kind = qobject_cast<QComboBox *>(segments->cellWidget(0, 0));
        kind->setCurrentIndex(int(RateComponent::Kind::Steps));
        emit kind->activated(int(RateComponent::Kind::Steps));
        QTRY_COMPARE_WITH_TIMEOUT(page.profile()->rate.components.front().kind, RateComponent::Kind::Steps, 5000);
        QCOMPARE(page.problemsModel()->rowCount(), 0);
        QCOMPARE(rateShapeJson(page.profile()->rate), rateShapeJson(page.form()->rateShape()->shape()));

        // Every edit was one step in the editor's history: undo walks back to the preset.
        const QString preset = QString::fromUtf8(rateShapeJson(presetProfile(QString::fromLatin1(DemoPreset))->rate));
        for (int i = 0; i < 4; ++i)
            page.sourceEditor()->undo();
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromUtf8(rateShapeJson(page.profile()->rate)), preset, 5000);
        QCOMPARE(rateShapeJson(page.form()->rateShape()->shape()), rateShapeJson(page.profile()->rate));
    }

    // The loaded preset is named, and another preset replaces edited text only when the user agrees.
    void presetsAreNamedAndSwitchingAsksFirst()
    {
        ProfilePage page;
        page.show();
        auto *origin = page.findChild<QLabel *>(QStringLiteral("profileOrigin"));
        auto *presets = page.findChild<QComboBox *>(QStringLiteral("presets"));
        QCOMPARE(origin->text(), QStringLiteral("Preset: KrakenD gateway"));
        QCOMPARE(presets->currentText(), QStringLiteral("KrakenD gateway"));

        bool asked = false;
        QVERIFY(pickPreset(page, QStringLiteral("Steady"), QMessageBox::Cancel, &asked));
        QVERIFY(!asked); // nothing edited: nothing to ask
        const QString second = page.origin();
        QCOMPARE(second, QStringLiteral("Preset: Steady"));

        page.sourceEditor()->textCursor().insertText(QStringLiteral(" "));
        QTRY_VERIFY(origin->text().endsWith(QStringLiteral("(edited)")));
        const QString edited = page.sourceEditor()->toPlainText();
        QVERIFY(pickPreset(page, QStringLiteral("KrakenD gateway"), QMessageBox::Cancel, &asked));
        QVERIFY(asked);
        QCOMPARE(page.sourceEditor()->toPlainText(), edited);
        QCOMPARE(origin->text(), second + QStringLiteral(" (edited)"));
        QCOMPARE(presets->currentText(), QStringLiteral("Steady")); // the list still names what is loaded

        QVERIFY(pickPreset(page, QStringLiteral("KrakenD gateway"), QMessageBox::Discard, &asked));
        QVERIFY(asked);
        QCOMPARE(origin->text(), QStringLiteral("Preset: KrakenD gateway"));
        QVERIFY(!page.isModified());
    }

    // The status bar counts the problems of the page in front.
    void theStatusBarShowsTheCurrentPagesProblems()
    {
        MainWindow window;
        window.show();
        auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
        auto *count = window.findChild<QLabel *>(QStringLiteral("problemCount"));
        window.findChild<QPushButton *>(QStringLiteral("newConfigButton"))->click(); // past the welcome page
        pages->setCurrentWidget(window.profilePage());
        QTRY_COMPARE(count->text(), QStringLiteral("Load profile: no problems"));
        QTextCursor cursor = window.profilePage()->sourceEditor()->document()->find(QStringLiteral("\"seed\""));
        cursor.insertText(QStringLiteral("\"sede\""));
        QTRY_COMPARE_WITH_TIMEOUT(count->text(), QStringLiteral("Load profile: 1 error, 0 warnings"), 5000);
        pages->setCurrentIndex(0);
        QTRY_VERIFY_WITH_TIMEOUT(count->text().startsWith(QStringLiteral("Config: ")), 5000);
        pages->setCurrentWidget(window.runPage());
        QVERIFY(count->text().contains(QStringLiteral("Load profile: 1 error")));
    }
};

QTEST_MAIN(TestProfilePageGui)
#include "tst_profilepagegui.moc"
