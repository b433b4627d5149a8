// SPDX-License-Identifier: Apache-2.0
// The dashboard as a user sees it, offscreen: the demo against the embedded agent moves the charts and the
// counters within seconds and stops cleanly; the charts stay bounded over hours; the agent's views.
#include "agentlistenbar.h"
#include "agentpage.h"
#include "configworkbench.h"
#include "mainwindow.h"
#include "profilepage.h"
#include "filesizelimit.h"
#include "quirkytrace.h"
#include "recentmetricsmodel.h"
#include "recenttracesmodel.h"
#include "runcharts.h"
#include "runpage.h"
#include "timechart.h"
#include "tracetreemodel.h"

#include "agent/agenthost.h"
#include "agent/embeddedagent.h"
#include "config/configfile.h"
#include "run/quantityformat.h"
#include "run/runconfig.h"
#include "run/runsession.h"

#include "opencensus/proto/agent/trace/v1/trace_service.grpc.pb.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QDir>
#include <QFileInfo>
#include <QApplication>
#include <QComboBox>
#include <QGraphicsView>
#include <QImage>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <grpcpp/grpcpp.h>

using namespace ocw;

namespace {

ReceivedSpan span(const char *trace, const char *id, const char *parent, const char *name, qint64 start, qint64 end, int status = 0)
{
    ReceivedSpan s;
    s.traceId = trace;
    s.spanId = id;
    s.parentSpanId = parent;
    s.name = QString::fromLatin1(name);
    s.serviceName = QStringLiteral("krakend");
    s.kind = parent[0] ? 2 : 1;
    s.startNanos = start;
    s.endNanos = end;
    s.statusCode = status;
    return s;
}

// Sends quirkyTrace() to the agent at `port`; true once the agent has read it.
bool sendQuirkyTrace(quint16 port)
{
    const auto channel =
        grpc::CreateChannel(AgentAddress::loopback(port).grpcTarget().toStdString(), grpc::InsecureChannelCredentials());
    grpc::ClientContext context;
    auto stream = opencensus::proto::agent::trace::v1::TraceService::NewStub(channel)->Export(&context);
    stream->Write(quirkyTrace());
    stream->WritesDone();
    return stream->Finish().ok();
}

double leadingNumber(const QString &text)
{
    // "12,345 spans, ..." → 12345
    return QLocale().toDouble(text.section(u' ', 0, 0));
}

} // namespace

class TestDashboardGui : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("OC Workbench Tests"));
        QStandardPaths::setTestModeEnabled(true);
    }

    void demoMovesWithinTenSecondsAndAgreesWithTheAgent()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        RunPage *page = window.runPage();
        window.startDemo();
        QVERIFY(page->isRunning());
        QVERIFY(page->session()->hasAgent());

        // The demo's promise: within ten seconds a reconnection has happened and the ratio is charted.
        QTRY_VERIFY_WITH_TIMEOUT(page->history().reconnections() >= 1, 10000);
        QVERIFY(!page->history().reconnectionTimes().empty());
        QVERIFY(page->history().samples().back().values[std::size_t(RunSeries::CompressionRatio)] > 1.5);
        QVERIFY(page->charts()->pointCount() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(page->history().samples().back().values[std::size_t(RunSeries::SpansReceived)] > 0, 5000);
        for (const TimeChart *chart : page->charts()->charts())
            QVERIFY2(chart->pointCount() > 0, qPrintable(chart->objectName()));
        const auto *summary = window.findChild<QLabel *>(QStringLiteral("runSummary"));
        QVERIFY(summary->text().contains(u"spans written"));

        // Pause and go on from the menu's actions, as the keyboard would.
        page->pauseAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(page->session()->runSnapshot().paused, 2000);
        page->pauseAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!page->session()->runSnapshot().paused, 2000);

        // The stop is a request: the page goes on while the exporter drains, then the run ends.
        page->stopAction()->trigger();
        QVERIFY(page->isRunning());
        QVERIFY(page->session()->isStopping());
        QVERIFY(page->stopAction()->text().contains(u"Now"));
        QVERIFY(!page->pauseAction()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 15000);
        QVERIFY(page->startAction()->isEnabled());
        const QJsonObject report = page->lastReport();
        QVERIFY(report.value(u"accounting_balanced").toBool());
        const qint64 sent = report.value(u"spans_sent").toInteger();
        const qint64 written = report.value(u"spans_written").toInteger();
        QVERIFY(sent > 0);
        // The page's counters, the report and the agent's own counts agree once stopped; the agent has all
        // that was sent, and at most what was written besides on the streams the faults broke.
        const qint64 received = qint64(page->session()->agentSnapshot().spans);
        QCOMPARE(report.value(u"agent").toObject().value(u"spans").toInteger(), received);
        QCOMPARE(qint64(leadingNumber(page->counter(QStringLiteral("received")))), received);
        QCOMPARE(qint64(leadingNumber(page->counter(QStringLiteral("delivery")))), sent);
        QVERIFY(received >= sent);
        QVERIFY(received <= sent + report.value(u"spans_unconfirmed").toInteger()
                               + report.value(u"dropped_by_reason").toObject().value(u"cancelled_at_stop").toInteger());
        QVERIFY(window.findChild<QPlainTextEdit *>(QStringLiteral("lastReport"))->toPlainText().contains(u"\"spans_sent\""));
        // The rate charts agree with the counts: a second of "written" never exceeds what was written in all.
        double highestRate = 0;
        for (const auto &s : page->history().samples())
            highestRate = std::max(highestRate, s.values[std::size_t(RunSeries::SpansWritten)]);
        QVERIFY(highestRate > 0 && highestRate <= double(written));

        // Exports: the charts as PNG, the series as CSV, the report as JSON.
        const QString png = m_dir.filePath(QStringLiteral("charts.png"));
        QCOMPARE(page->saveChartsPng(png), QString());
        QVERIFY(QImage(png).width() > 300);
        const QString onePng = m_dir.filePath(QStringLiteral("chart.png"));
        QCOMPARE(page->charts()->charts().first()->savePng(onePng), QString());
        QVERIFY(QImage(onePng).width() < QImage(png).width());
        const QString csv = m_dir.filePath(QStringLiteral("series.csv"));
        QCOMPARE(page->saveSeriesCsv(csv), QString());
        QVERIFY(ConfigFile::read(csv).bytes.startsWith("seconds,spans_generated_per_s"));
        const QString json = m_dir.filePath(QStringLiteral("report.json"));
        QCOMPARE(page->saveReportJson(json), QString());
        QCOMPARE(QJsonDocument::fromJson(ConfigFile::read(json).bytes).object().value(u"spans_sent").toInteger(), sent);
        QVERIFY(!page->saveReportJson(m_dir.filePath(QStringLiteral("no/such/dir/report.json"))).isEmpty());
        // A report holds the config's choices: the user's alone.
        QCOMPARE(QFile::permissions(json) & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        // On a full disk (a file-size limit here) every export says which file and why, and leaves nothing.
        {
            const FileSizeLimit nothingFits(0);
            QVERIFY(nothingFits.isSet());
            const QString tooLarge = QStringLiteral(": cannot write: File too large");
            const QString limited = m_dir.filePath(QStringLiteral("limited"));
            QCOMPARE(page->saveChartsPng(limited + QStringLiteral(".png")), limited + QStringLiteral(".png") + tooLarge);
            QCOMPARE(page->charts()->charts().first()->savePng(limited + QStringLiteral("-one.png")), limited + QStringLiteral("-one.png") + tooLarge);
            QCOMPARE(page->saveSeriesCsv(limited + QStringLiteral(".csv")), limited + QStringLiteral(".csv") + tooLarge);
            QCOMPARE(page->saveReportJson(limited + QStringLiteral(".json")), limited + QStringLiteral(".json") + tooLarge);
        }
        QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("limited*")}, QDir::AllEntries | QDir::Hidden), QStringList());
        // The last report stays viewable in the next session too.
        QTRY_VERIFY_WITH_TIMEOUT(page->lastReportSaved(), 5000);
        QCOMPARE(QFile::permissions(RunPage::lastReportPath()) & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        {
            MainWindow next;
            QCOMPARE(next.runPage()->lastReport().value(u"spans_sent").toInteger(), sent);
        }

        // The agent page shows what the agent received: traces, one open as a tree, and metrics.
        AgentPage *agent = window.agentPage();
        agent->refresh();
        QVERIFY(agent->tracesModel()->rowCount() > 0);
        QVERIFY(agent->traceModel()->spanCount() > 1);
        QVERIFY(agent->metricsModel()->rowCount() > 0);
        QAbstractItemModelTester tracesTester(agent->tracesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester treeTester(agent->traceModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester metricsTester(agent->metricsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        agent->refresh(); // a refresh under the testers' eyes
    }

    void unreachableTargetIsShownNotFatal()
    {
        MainWindow window;
        window.workbench()->newDocument("{\"version\": 3, \"extra_config\": {\"telemetry/opencensus\": {\"sample_rate\": 100, \"exporters\": "
                                        "{\"ocagent\": {\"address\": \"127.0.0.1:1\", \"insecure\": true, \"reconnection\": \"100ms\"}}}}}");
        RunPage *page = window.runPage();
        auto *target = page->findChild<QComboBox *>(QStringLiteral("target"));
        target->setCurrentIndex(1); // the config's address
        QCOMPARE(page->start(), QString());
        QVERIFY(!page->session()->hasAgent());
        QTRY_VERIFY_WITH_TIMEOUT(page->session()->runSnapshot().exporter.connectionAttempts >= 2, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(page->counter(QStringLiteral("error")).contains(u"127.0.0.1:1"), 3000);
        QVERIFY2(page->counter(QStringLiteral("error")).contains(u"Connection refused"), qPrintable(page->counter(QStringLiteral("error"))));
        QTRY_VERIFY_WITH_TIMEOUT(page->session()->runSnapshot().exporter.spans.generated > 50, 5000);
        page->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 5000); // not connected: nothing to drain
        QVERIFY(page->lastReport().value(u"accounting_balanced").toBool());
        // As KrakenD's exporter (the default), what was made while unreachable was dropped; improved queues it.
        QCOMPARE(page->lastReport().value(u"fidelity").toString(), QStringLiteral("krakend"));
        QVERIFY(page->lastReport().value(u"dropped_by_reason").toObject().value(u"disconnected").toInteger() > 0);
        auto *fidelity = page->findChild<QComboBox *>(QStringLiteral("fidelity"));
        fidelity->setCurrentIndex(fidelity->findData(QStringLiteral("improved")));
        QCOMPARE(page->start(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(page->session()->runSnapshot().exporter.spans.generated > 50, 5000);
        page->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 5000);
        QCOMPARE(page->lastReport().value(u"fidelity").toString(), QStringLiteral("improved"));
        QCOMPARE(page->lastReport().value(u"dropped_by_reason").toObject().value(u"disconnected").toInteger(), 0);
        QVERIFY(page->lastReport().value(u"spans_queued_at_stop").toInteger() > 0);
        fidelity->setCurrentIndex(fidelity->findData(QStringLiteral("krakend")));

        // A config with errors does not start against its address, and says why.
        window.workbench()->newDocument("{\"version\": 3, \"extra_config\": {\"telemetry/opencensus\": {\"exporters\": "
                                        "{\"ocagent\": {\"address\": \"127.0.0.1:1\", \"reconnection\": \"soon\"}}}}}");
        QVERIFY(!page->start().isEmpty());
        QVERIFY(!page->isRunning());
        QVERIFY(!window.findChild<QLabel *>(QStringLiteral("runMessage"))->text().isEmpty());

        // The load profile page's profile with an error just typed is refused, not run as it was before.
        window.profilePage()->openPreset(QStringLiteral("steady"));
        target->setCurrentIndex(0);
        auto *load = page->findChild<QComboBox *>(QStringLiteral("load"));
        load->setCurrentIndex(load->findData(QString()));
        QVERIFY(window.profilePage()->profile());
        window.profilePage()->sourceEditor()->setPlainText(
            window.profilePage()->sourceEditor()->toPlainText().replace(QStringLiteral("\"spans\""), QStringLiteral("\"bananas\"")));
        QVERIFY(page->start().contains(u"errors"));
        QVERIFY(!page->isRunning());
    }

    // Closing the window mid-run stops the run first: the window waits for the drain (the event loop going
    // on), keeps the run's report for the next session, then closes. Closing again while it waits stops at once.
    void closingTheWindowMidRunKeepsTheReport_data()
    {
        QTest::addColumn<bool>("closeTwice");
        QTest::addRow("close once") << false;
        QTest::addRow("close twice") << true;
    }

    void closingTheWindowMidRunKeepsTheReport()
    {
        QFETCH(bool, closeTwice);
        qint64 written = 0;
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            RunPage *page = window.runPage();
            window.startDemo();
            QTRY_VERIFY_WITH_TIMEOUT(page->session()->runSnapshot().exporter.spans.written > 1000, 10000);
            QVERIFY(!window.close()); // not yet: the run drains first
            QVERIFY(window.isVisible());
            QVERIFY(page->session()->isStopping());
            if (closeTwice) {
                QVERIFY(!window.close());
                QVERIFY(window.isVisible());
            }
            QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 15000);
            QVERIFY(!page->isRunning());
            written = page->lastReport().value(u"spans_written").toInteger();
            QVERIFY(written > 1000);
        }
        MainWindow next;
        QCOMPARE(next.runPage()->lastReport().value(u"spans_written").toInteger(), written);
    }

    // The agent listens on its own, where the user says, and the Agent page shows what a KrakenD-like exporter
    // sends it; what the user typed wrong is said in the bar, and nothing starts.
    void agentListensOnItsOwnAndShowsWhatArrives()
    {
        MainWindow window;
        window.show();
        AgentPage *page = window.agentPage();
        window.findChild<QTabWidget *>(QStringLiteral("pages"))->setCurrentWidget(page);
        auto *address = page->findChild<QLineEdit *>(QStringLiteral("listenAddress"));
        auto *button = page->findChild<QPushButton *>(QStringLiteral("listenButton"));
        auto *status = page->findChild<QLabel *>(QStringLiteral("listenStatus"));
        QVERIFY(address && button && status);

        address->setText(QStringLiteral("localhost:99999"));
        button->click();
        QVERIFY(!page->host()->isListening() && !page->host()->isBusy());
        QVERIFY2(status->text().contains(u"99999"), qPrintable(status->text()));
        address->setText(QStringLiteral("127.0.0.1:0"));
        page->findChild<QLineEdit *>(QStringLiteral("forwardAddress"))->clear(); // remembered from another test, maybe
        page->findChild<QLineEdit *>(QStringLiteral("recordFile"))->clear();
        page->findChild<QLineEdit *>(QStringLiteral("headerName"))->setText(QStringLiteral("x-tenant"));
        button->click(); // a header without a value
        QVERIFY(!page->host()->isBusy());
        QVERIFY2(status->text().contains(u"needs a value"), qPrintable(status->text()));
        page->findChild<QLineEdit *>(QStringLiteral("headerName"))->clear();

        QSignalSpy started(page->host(), &AgentHost::started);
        button->click();
        QVERIFY(page->host()->isBusy()); // the gRPC server is built off the UI thread
        QVERIFY(started.wait(10000));
        QCOMPARE(started.first().first().toString(), QString());
        QVERIFY(page->host()->isListening());
        const quint16 port = page->host()->agent()->port();
        QVERIFY(port > 0);
        QVERIFY2(status->text().contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(status->text()));

        // An exporter behaving as KrakenD's sends to it, as a real gateway would.
        RunSettings settings;
        settings.addressOverride = QStringLiteral("127.0.0.1:%1").arg(port);
        const RunOptionsResult built = runOptionsFromConfig(analyzeConfig(demoConfig()), settings, 2000);
        QVERIFY2(built.options, qPrintable(built.error));
        LoadRun run(*built.options);
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(page->host()->agent()->snapshot().spans >= 500, 10000);
        run.stop();
        QTRY_VERIFY_WITH_TIMEOUT(page->findChild<QLabel *>(QStringLiteral("agentCounts"))->text().contains(
                                     formatCount(page->host()->agent()->snapshot().spans)),
                                 5000);
        QVERIFY(page->findChild<QLabel *>(QStringLiteral("agentHeadline"))->text().contains(u"on its own"));
        QCOMPARE(page->host()->agent()->snapshot().spans, run.snapshot().exporter.spans.sent);
        const auto *quirks = page->findChild<QTreeWidget *>(QStringLiteral("agentQuirks"));
        QVERIFY(!quirks->findItems(QStringLiteral("root_parent_all_zero"), Qt::MatchExactly).isEmpty());

        QSignalSpy stopped(page->host(), &AgentHost::stopped);
        button->click();
        QVERIFY(stopped.wait(10000));
        QVERIFY(!page->host()->isListening());
        QCOMPARE(button->text(), QStringLiteral("Start Listening"));
    }

    // The agent on its own as a tap: what a sender sends is relayed to a collector and recorded to a file.
    void agentOnItsOwnForwardsAndRecords()
    {
        EmbeddedAgent collector{AgentOptions{}};
        QVERIFY(collector.start().isEmpty());
        QTemporaryDir dir;
        const QString recordFile = dir.filePath(QStringLiteral("krakend-session"));
        MainWindow window;
        window.show();
        AgentPage *page = window.agentPage();
        window.findChild<QTabWidget *>(QStringLiteral("pages"))->setCurrentWidget(page);
        auto *button = page->findChild<QPushButton *>(QStringLiteral("listenButton"));
        auto *status = page->findChild<QLabel *>(QStringLiteral("listenStatus"));
        auto *forward = page->findChild<QLineEdit *>(QStringLiteral("forwardAddress"));
        page->findChild<QLineEdit *>(QStringLiteral("listenAddress"))->setText(QStringLiteral("127.0.0.1:0"));
        page->findChild<QLineEdit *>(QStringLiteral("headerName"))->clear();
        forward->setText(QStringLiteral("collector")); // no port
        button->click();
        QVERIFY(!page->host()->isBusy());
        QVERIFY2(status->text().contains(u"Forward to"), qPrintable(status->text()));

        forward->setText(QStringLiteral("127.0.0.1:%1").arg(collector.port()));
        page->findChild<QCheckBox *>(QStringLiteral("forwardPlaintext"))->setChecked(true);
        page->findChild<QLineEdit *>(QStringLiteral("recordFile"))->setText(recordFile);
        QSignalSpy started(page->host(), &AgentHost::started);
        button->click();
        QVERIFY(started.wait(10000));
        QCOMPARE(started.first().first().toString(), QString());
        QVERIFY2(status->text().contains(u"forwarding to") && status->text().contains(u"recording to"), qPrintable(status->text()));

        RunSettings settings;
        settings.addressOverride = QStringLiteral("127.0.0.1:%1").arg(page->host()->agent()->port());
        LoadRun run(*runOptionsFromConfig(analyzeConfig(demoConfig()), settings, 2000).options);
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(page->host()->agent()->snapshot().spans >= 500, 10000);
        run.stop();
        QSignalSpy stopped(page->host(), &AgentHost::stopped);
        button->click(); // the forward drains off the UI thread
        QVERIFY(stopped.wait(20000));
        const AgentSnapshot tap = page->host()->agent()->snapshot();
        QCOMPARE(tap.spans, run.snapshot().exporter.spans.sent);
        QCOMPARE(tap.forward.spans.confirmed, tap.spans);
        QCOMPARE(collector.snapshot().spans, tap.spans);
        QCOMPARE(tap.recording.spans, tap.spans);
        QVERIFY(QFileInfo(recordFile).size() > 0 && QFileInfo(recordFile + QStringLiteral(".times")).size() > 0);
        const QString counts = page->findChild<QLabel *>(QStringLiteral("agentCounts"))->text();
        QVERIFY2(counts.contains(QStringLiteral("Forwarded to 127.0.0.1:%1: %2 spans").arg(collector.port()).arg(formatCount(tap.spans))),
                 qPrintable(counts));
        QVERIFY2(counts.contains(QStringLiteral("Recorded to %1").arg(recordFile)), qPrintable(counts));
    }

    void chartsStayBoundedOverALongRun()
    {
        // Three hours at ten snapshots a second, an hour's window: memory and points drawn stay bounded.
        RunHistory history;
        RunCharts charts(history, nullptr);
        charts.resize(1500, 700);
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        RunSnapshot s;
        s.exporter.state = ConnectionState::Connected;
        for (int i = 0; i < 3 * 3600 * 10; ++i) {
            s.elapsedSeconds = i / 10.0;
            s.exporter.spans.generated = s.exporter.spans.sent = std::uint64_t(i) * 100 + std::uint64_t(i % 13) * 7;
            s.exporter.reconnections = std::uint64_t(i / 6000);
            s.exporter.secondsIn[std::size_t(ConnectionState::Connected)] = s.elapsedSeconds;
            history.add(s, nullptr);
        }
        QVERIFY(history.samples().size() <= 36001);
        charts.setWindowSeconds(3600);
        int bound = 0;
        for (const TimeChart *chart : charts.charts())
            bound += 2 * chart->plotWidth() * 4; // at most two points a pixel for each of at most four series
        QVERIFY(charts.pointCount() > 0);
        QVERIFY2(charts.pointCount() <= bound, qPrintable(QString::number(charts.pointCount())));
        QVERIFY(charts.pointCount() < 20000);

        // A drag across a chart zooms every chart in time; a double-click follows the run again.
        QSignalSpy following(&charts, &RunCharts::followingChanged);
        QWidget *viewport = charts.charts().first()->findChild<QGraphicsView *>()->viewport();
        const int y = viewport->height() / 2;
        QTest::mousePress(viewport, Qt::LeftButton, {}, QPoint(viewport->width() * 2 / 5, y));
        QTest::mouseMove(viewport, QPoint(viewport->width() / 2, y));
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, QPoint(viewport->width() * 3 / 5, y));
        QCOMPARE(following.count(), 1);
        QVERIFY(!charts.isFollowingRun());
        QVERIFY(charts.pointCount() > 0);
        QTest::mouseDClick(viewport, Qt::LeftButton, {}, QPoint(viewport->width() / 2, y));
        QCOMPARE(following.count(), 2);
        QVERIFY(charts.isFollowingRun());
    }

    void chartsFollowTheApplicationPalette()
    {
        TimeChart chart(QStringLiteral("spans"));
        chart.addSeries(QStringLiteral("sent"), Qt::green);
        chart.resize(400, 250);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const QPalette light = QApplication::palette();
        const auto backgroundLightness = [&] {
            const QImage image = chart.image();
            return image.pixelColor(image.width() / 2, 6).lightness();
        };
        QVERIFY(backgroundLightness() > 180);
        QPalette dark = light;
        dark.setColor(QPalette::Base, QColor(30, 30, 34));
        dark.setColor(QPalette::Window, QColor(40, 40, 44));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        QApplication::setPalette(dark); // what a switch of the system's colour scheme does
        QTRY_VERIFY(backgroundLightness() < 60);
        QApplication::setPalette(light);
        QTRY_VERIFY(backgroundLightness() > 180);
    }

    // The Agent page shows violations and quirks while the run goes on, not only at its end, and the metrics by type.
    void agentPageShowsViolationsAndQuirksDuringTheRun()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        RunPage *page = window.runPage();
        window.startDemo(); // which brings the Run page to the front
        window.findChild<QTabWidget *>(QStringLiteral("pages"))->setCurrentWidget(window.agentPage());
        QTRY_VERIFY_WITH_TIMEOUT(page->session()->agent() && page->session()->agent()->port() != 0, 10000);
        // The demo's faults may refuse it once.
        QTRY_VERIFY_WITH_TIMEOUT(sendQuirkyTrace(page->session()->agent()->port()), 10000);

        // The row named `name` in the list `tree`, or none.
        const auto row = [&](const char *tree, const char *name) -> QTreeWidgetItem * {
            const auto *list = window.agentPage()->findChild<QTreeWidget *>(QLatin1String(tree));
            const auto found = list->findItems(QLatin1String(name), Qt::MatchExactly);
            return found.isEmpty() ? nullptr : found.first();
        };
        QTRY_VERIFY_WITH_TIMEOUT(row("agentViolations", "end_before_start"), 5000);
        QVERIFY(row("agentQuirks", "root_parent_all_zero"));
        QVERIFY(row("agentQuirks", "root_parent_all_zero")->toolTip(0).contains(u"Go exporter"));
        QCOMPARE(window.agentPage()->findChild<QTreeWidget *>(QStringLiteral("agentMetricTypes"))->topLevelItemCount(), 7);
        QTRY_VERIFY_WITH_TIMEOUT(row("agentMetricTypes", "cumulative_distribution")->text(1) != u"0", 10000);
        QVERIFY(page->isRunning());
        page->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 30000);
    }

    void traceTreeHasItsParentsAndTimeline()
    {
        TraceTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTrace({span("t1", "c2", "b1", "backend", 300, 700, 2), span("t1", "a0", "", "/v1/checkout", 0, 1000),
                        span("t1", "b1", "a0", "pipe", 100, 900), span("t1", "z9", "gone", "orphan", 200, 250)});
        QCOMPARE(model.spanCount(), 4);
        QCOMPARE(model.rowCount(), 2); // the root, and the span whose parent never came
        const QModelIndex root = model.index(0, TraceTreeModel::Name);
        QCOMPARE(root.data().toString(), QStringLiteral("/v1/checkout"));
        const QModelIndex pipe = model.index(0, 0, root);
        QCOMPARE(pipe.data().toString(), QStringLiteral("pipe"));
        const QModelIndex backend = model.index(0, 0, pipe);
        QCOMPARE(backend.data().toString(), QStringLiteral("backend"));
        QCOMPARE(model.parent(backend), pipe);
        QCOMPARE(model.index(0, TraceTreeModel::Timeline, pipe).data(TraceTreeModel::SpanExtentRole).toPointF(), QPointF(0.3, 0.7));
        QVERIFY(model.index(0, 0, pipe).data(TraceTreeModel::FailedRole).toBool());
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("orphan"));
        model.setTrace({});
        QCOMPARE(model.rowCount(), 0);
    }

    // The trace list's model, sort and filters are tst_agentinspector's.
    void recentMetricsShowTheLatestOfEachName()
    {
        RecentMetricsModel metrics;
        QAbstractItemModelTester metricsTester(&metrics, QAbstractItemModelTester::FailureReportingMode::QtTest);
        metrics.setMetrics({{QStringLiteral("b"), QStringLiteral("gauge_int64"), 1, 1, QStringLiteral("1")},
                            {QStringLiteral("a"), QStringLiteral("cumulative_int64"), 2, 2, QStringLiteral("5")},
                            {QStringLiteral("b"), QStringLiteral("gauge_int64"), 1, 1, QStringLiteral("2")}});
        QCOMPARE(metrics.rowCount(), 2); // the latest of each name
        QCOMPARE(metrics.index(1, RecentMetricsModel::LastValue).data().toString(), QStringLiteral("2"));
        metrics.setMetrics({{QStringLiteral("a"), QStringLiteral("cumulative_int64"), 2, 2, QStringLiteral("9")},
                            {QStringLiteral("b"), QStringLiteral("gauge_int64"), 1, 1, QStringLiteral("3")}});
        QCOMPARE(metrics.index(0, RecentMetricsModel::LastValue).data().toString(), QStringLiteral("9"));
    }
};

QTEST_MAIN(TestDashboardGui)
#include "tst_dashboardgui.moc"
