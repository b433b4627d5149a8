// SPDX-License-Identifier: Apache-2.0
// The Run page as an SRE reads it, offscreen: units that scale, one crosshair and tooltip across the charts,
// series that stay apart, bursts that do not flatten the rate, paused stretches, the connection banner, any
// address with the recent ones kept, stop and drain or stop now, the k6-like summary with thresholds, and
// exports that spreadsheets read as is.
#include "chartunits.h"
#include "mainwindow.h"
#include "runcharts.h"
#include "runpage.h"
#include "runsummary.h"
#include "settings.h"
#include "timechart.h"

#include "config/configfile.h"
#include "run/runhistory.h"

#include "runsnapshots.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QGraphicsView>
#include <QImage>
#include <QJsonDocument>
#include <QLabel>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QToolTip>
#include <QTreeWidget>

using namespace ocw;

namespace {

// 20 s at 10 Hz and 3000 spans a second, paused from 8 s to 12 s, one reconnection at 15 s.
void fill(RunHistory &history)
{
    for (int i = 0; i <= 200; ++i)
        history.add(snapshotAt(i / 10.0, std::uint64_t(i) * 300, i >= 150 ? 1 : 0, i >= 80 && i < 120), nullptr);
}

// The charts over that history, drawn once.
struct FilledCharts {
    FilledCharts()
    {
        fill(history);
        charts.resize(1200, 600);
        charts.redraw();
    }
    RunHistory history;
    RunCharts charts{history, nullptr};
};

QTreeWidgetItem *summaryRow(QTreeWidget *tree, const QString &key)
{
    for (QTreeWidgetItemIterator it(tree); *it; ++it) {
        if ((*it)->data(0, Qt::UserRole).toString() == key)
            return *it;
    }
    return nullptr;
}

// The value column of the row showing `key`, or a note that there is none.
QString summaryText(QTreeWidget *tree, const QString &key)
{
    const QTreeWidgetItem *row = summaryRow(tree, key);
    return row ? row->text(1) : QStringLiteral("(no row for %1)").arg(key);
}

QList<QTreeWidgetItem *> summaryRows(QTreeWidget *tree, const QString &key)
{
    QList<QTreeWidgetItem *> rows;
    for (QTreeWidgetItemIterator it(tree); *it; ++it) {
        if ((*it)->data(0, Qt::UserRole).toString() == key)
            rows.append(*it);
    }
    return rows;
}

QJsonObject sampleReport()
{
    return QJsonDocument::fromJson(R"({
        "spans_generated": 10000, "spans_sent": 9000, "spans_unconfirmed": 400, "spans_in_flight": 0, "spans_dropped": 600,
        "dropped_by_reason": {"queue_full": 400, "disconnected": 200, "cancelled_at_stop": 0}, "spans_queued_at_stop": 0,
        "points_generated": 100, "points_sent": 100, "points_unconfirmed": 0, "points_dropped": 0,
        "points_dropped_by_reason": {"queue_full": 0}, "reconnections": 2, "reconnection_attempts": 5, "stream_failures": 2,
        "connected_seconds": 9.0, "waiting_seconds": 1.0, "connecting_seconds": 0.0, "compression_ratio": 4.5,
        "bytes_wire_measured": true, "bytes_uncompressed": 4500000, "bytes_wire": 1000000, "duration_s": 10.0,
        "spans_per_second": 900.0, "spans_written_per_second": 940.0, "started_at_unix_ms": 1764624600000,
        "last_error": "failed to connect to all addresses; last error: UNAVAILABLE: ipv4:127.0.0.1:1: Connection refused",
        "drain": {"outcome": "clean", "seconds": 0.2, "timeout_ms": 5000},
        "options": {"address": "collector:55678", "insecure": true, "gzip": true}, "agent": {"spans": 9200}
    })").object();
}

} // namespace

class TestRunPageGui final : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("OC Workbench Run Page Tests"));
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        Settings::setRunChoices({}); // each run of the tests starts from the defaults
    }

    void unitsScale_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<ChartUnit>("unit");
        QTest::addColumn<QString>("text");
        QTest::addRow("4 M spans/s") << 4'000'000.0 << ChartUnit::PerSecond << QStringLiteral("4 M/s");
        QTest::addRow("12.5 k spans/s") << 12'500.0 << ChartUnit::PerSecond << QStringLiteral("12.5 k/s");
        QTest::addRow("850 spans/s") << 850.0 << ChartUnit::PerSecond << QStringLiteral("850/s");
        QTest::addRow("half a span/s") << 0.5 << ChartUnit::PerSecond << QStringLiteral("0.5/s");
        QTest::addRow("2.5 MB/s") << 2'500'000.0 << ChartUnit::BytesPerSecond << QStringLiteral("2.5 MB/s");
        QTest::addRow("1.5 KB/s") << 1'500.0 << ChartUnit::BytesPerSecond << QStringLiteral("1.5 KB/s");
        QTest::addRow("3.2 GB/s") << 3.2e9 << ChartUnit::BytesPerSecond << QStringLiteral("3.2 GB/s");
        QTest::addRow("no bytes") << 0.0 << ChartUnit::BytesPerSecond << QStringLiteral("0 B/s");
        QTest::addRow("queued") << 48'000.0 << ChartUnit::Count << QStringLiteral("48 k");
        QTest::addRow("ratio") << 4.2 << ChartUnit::Ratio << QStringLiteral("4.20 : 1");
        QTest::addRow("percent") << 99.6 << ChartUnit::Percent << QStringLiteral("100 %");
    }

    void unitsScale()
    {
        QFETCH(double, value);
        QFETCH(ChartUnit, unit);
        QFETCH(QString, text);
        QCOMPARE(formatChartValue(value, unit), text);
    }

    // A 4 M/s burst over a steady 3 k/s: the axis keeps the steady rate readable, marks the burst, and writes
    // its labels in k and M, never "4000000".
    void axisScalesAndABurstIsClippedNotFlattening()
    {
        TimeChart chart(QStringLiteral("Spans per second"));
        chart.resize(500, 300);
        const int steady = chart.addSeries(QStringLiteral("written"), TimeChart::SeriesStyle{Qt::green, Qt::SolidLine, 4});
        chart.addSeries(QStringLiteral("received"), TimeChart::SeriesStyle{Qt::magenta, Qt::DashLine, 1.5});
        chart.setAxisUnits(ChartUnit::PerSecond);
        chart.setClipsBursts(true);
        chart.setTimeRange(0, 100);
        QList<QPointF> points;
        for (int t = 0; t <= 100; ++t)
            points.append(QPointF(t, t == 50 ? 4'000'000.0 : 3000.0));
        chart.setPoints(steady, points);
        // The steady rate keeps a good part of the height: the axis stops near it, far under the burst.
        QVERIFY2(chart.axisTop(TimeChart::Axis::Left) <= 10'000, qPrintable(QString::number(chart.axisTop(TimeChart::Axis::Left))));
        QVERIFY(chart.axisTop(TimeChart::Axis::Left) >= 3000);
        QCOMPARE(chart.clippedPeak(), 4'000'000.0);
        QCOMPARE(chart.legendText(steady), QStringLiteral("written  3 k/s"));
        const QStringList labels = chart.axisLabels(TimeChart::Axis::Left);
        QVERIFY2(labels.size() >= 3 && labels.first() == QStringLiteral("0/s"), qPrintable(labels.join(u' ')));
        for (const QString &label : labels.mid(1))
            QVERIFY2(label.endsWith(u" k/s"), qPrintable(labels.join(u' ')));

        // Without clipping the axis reaches the burst, in M.
        chart.setClipsBursts(false);
        chart.setPoints(steady, points);
        QVERIFY(chart.axisTop(TimeChart::Axis::Left) >= 4'000'000);
        QCOMPARE(chart.clippedPeak(), 0.0);
        QVERIFY2(chart.axisLabels(TimeChart::Axis::Left).last().endsWith(u" M/s"), qPrintable(chart.axisLabels(TimeChart::Axis::Left).join(u' ')));
        for (const QString &label : chart.axisLabels(TimeChart::Axis::Left))
            QVERIFY2(!label.contains(QStringLiteral("000")), qPrintable(label));
    }

    // Hovering one chart puts the crosshair at that moment on every chart, and one tooltip says every value then.
    void hoverShowsEveryChartsValuesAtThatMoment()
    {
        FilledCharts filled;
        RunCharts &charts = filled.charts;
        charts.show();
        QVERIFY(QTest::qWaitForWindowExposed(&charts));
        charts.setWindowSeconds(60);
        charts.redraw();
        TimeChart *spans = charts.charts().first();
        QGraphicsView *view = spans->findChild<QGraphicsView *>();
        QVERIFY(view);
        const QPoint at = view->viewport()->mapFrom(spans, spans->positionOf(5.0));
        QMouseEvent move(QEvent::MouseMove, QPointF(at), QPointF(view->viewport()->mapToGlobal(at)), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &move);
        for (const TimeChart *chart : charts.charts()) {
            QVERIFY2(chart->crosshair().has_value(), qPrintable(chart->objectName()));
            QVERIFY2(std::abs(*chart->crosshair() - 5.0) < 0.5, qPrintable(QString::number(*chart->crosshair())));
        }
        QTRY_VERIFY(QToolTip::isVisible());
        QCOMPARE(QToolTip::text(), charts.momentText(*spans->crosshair()));
        const QString text = charts.momentText(5.0);
        QVERIFY2(text.startsWith(u"At 5.0 s\n"), qPrintable(text));
        QVERIFY2(text.contains(u"Spans per second: generated 3 k/s, written 3 k/s"), qPrintable(text));
        QVERIFY2(text.contains(u"Bytes per second and compression: before compression 300 KB/s, on the wire 60 KB/s, compression ratio 5.00 : 1"),
                 qPrintable(text));
        QVERIFY2(text.contains(u"Time connected: connected 100 %"), qPrintable(text));
        // In a pause, the tooltip says so.
        QVERIFY(charts.momentText(10.0).startsWith(u"At 10.0 s (load paused)"));

        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(view, &leave);
        for (const TimeChart *chart : charts.charts())
            QVERIFY(!chart->crosshair());
    }

    // The series that overlap when all goes well ("written" and "received by the agent") stay apart: different
    // dashes and widths, and the legend carries each one's current value.
    void overlappingSeriesStayDistinguishable()
    {
        FilledCharts filled;
        TimeChart *spans = filled.charts.charts().first();
        const QPen written = spans->seriesPen(1);
        const QPen received = spans->seriesPen(2);
        QVERIFY(written.style() != received.style());
        QVERIFY(written.widthF() >= 2 * received.widthF()); // the wide line shows around the thin one over it
        QVERIFY(spans->seriesPen(3).style() != Qt::SolidLine); // dropped
        QVERIFY(spans->seriesPen(0).color() != written.color());
        QCOMPARE(spans->legendText(0), QStringLiteral("generated  3 k/s"));
        QCOMPARE(spans->legendText(1), QStringLiteral("written  3 k/s"));
        QVERIFY(spans->legendText(2).startsWith(u"received by the agent"));
        QVERIFY(spans->legendText(3).startsWith(u"dropped"));
        const TimeChart *bytes = filled.charts.charts().at(2);
        QCOMPARE(bytes->legendText(0), QStringLiteral("before compression  300 KB/s"));
        QCOMPARE(bytes->legendText(2), QStringLiteral("compression ratio  5.00 : 1"));
    }

    void pausedStretchesAreShaded()
    {
        FilledCharts filled;
        const RunHistory &history = filled.history;
        const QList<RunHistory::Stretch> paused = history.pausedStretches(0, 20);
        QCOMPARE(paused.size(), 1);
        QCOMPARE(paused.first().from, 8.0);
        QCOMPARE(paused.first().to, 12.0);
        QCOMPARE(history.pausedStretches(9, 10).size(), 1); // a range inside the pause
        QCOMPARE(history.pausedStretches(13, 20).size(), 0);
        for (const TimeChart *chart : filled.charts.charts()) {
            QCOMPARE(chart->shading().size(), 1);
            QCOMPARE(chart->shading().first().from, 8.0);
        }
    }

    // The CSV: one header row, one row per sample, the same number of numeric fields on each, no comments; the
    // reconnections and pauses are columns.
    void csvIsReadAsIs()
    {
        RunHistory history;
        fill(history);
        const QList<QByteArray> rows = history.toCsv().trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + 201);
        QCOMPARE(rows.first(), QByteArray("seconds,spans_generated_per_s,spans_written_per_s,spans_dropped_per_s,spans_received_per_s,"
                                          "points_generated_per_s,points_written_per_s,points_dropped_per_s,points_received_per_s,"
                                          "bytes_uncompressed_per_s,bytes_wire_per_s,compression_ratio,queued_items,connected_percent,"
                                          "paused,reconnections"));
        const qsizetype columns = rows.first().count(',') + 1;
        for (qsizetype r = 1; r < rows.size(); ++r) {
            const QList<QByteArray> fields = rows.at(r).split(',');
            QCOMPARE(fields.size(), columns);
            for (const QByteArray &field : fields) {
                bool ok = false;
                field.toDouble(&ok);
                QVERIFY2(ok, rows.at(r).constData());
            }
        }
        QVERIFY(rows.at(1 + 100).startsWith("10.000,3000,3000,"));
        QVERIFY(rows.at(1 + 100).endsWith(",1,0"));  // paused, no reconnection yet
        QVERIFY(rows.at(1 + 160).endsWith(",0,1"));  // after the reconnection at 15 s
    }

    void exportNamesCarryATimestamp()
    {
        const QDateTime when(QDate(2026, 12, 1), QTime(21, 30, 5));
        QCOMPARE(RunPage::defaultExportName(QStringLiteral("csv"), when), QStringLiteral("ocworkbench-run-20261201-213005.csv"));
        QCOMPARE(RunPage::defaultExportName(QStringLiteral("png"), when), QStringLiteral("ocworkbench-run-20261201-213005.png"));
    }

    // The k6-like summary: each measure on its row, shares of what was generated, drops by reason (only those
    // that happened), and each threshold green or red.
    void summaryShowsTheMeasuresAndThresholds()
    {
        QTreeWidget tree;
        tree.setColumnCount(3);
        const ThresholdList list = parseThresholdLines(QStringLiteral("spans_dropped_ratio <= 0.1\n\nreconnections <= 1\ncompression_ratio >= 4\nspans_sent ~ 3"));
        QCOMPARE(list.thresholds.size(), 3u);
        QCOMPARE(list.problems.size(), 1);
        QVERIFY2(list.problems.first().startsWith(u"Line 5: "), qPrintable(list.problems.first()));
        bool allPassed = true;
        const QJsonObject report = sampleReport();
        const QJsonArray results = evaluateThresholds(list.thresholds, report, allPassed);
        QVERIFY(!allPassed);
        showRunSummary(&tree, report, results);

        QCOMPARE(summaryText(&tree, QStringLiteral("spans_generated")), QStringLiteral("10,000 spans"));
        QCOMPARE(summaryText(&tree, QStringLiteral("spans_sent")), QStringLiteral("9,000 (90.00 %)"));
        QCOMPARE(summaryText(&tree, QStringLiteral("spans_unconfirmed")), QStringLiteral("400 (4.00 %)"));
        QCOMPARE(summaryText(&tree, QStringLiteral("spans_dropped")), QStringLiteral("600 (6.00 %)"));
        QCOMPARE(summaryText(&tree, QStringLiteral("dropped_by_reason.queue_full")), QStringLiteral("400 (4.00 %)"));
        QCOMPARE(summaryText(&tree, QStringLiteral("dropped_by_reason.disconnected")), QStringLiteral("200 (2.00 %)"));
        QVERIFY(!summaryRow(&tree, QStringLiteral("dropped_by_reason.cancelled_at_stop")));
        QCOMPARE(summaryText(&tree, QStringLiteral("agent.spans")), QStringLiteral("9,200"));
        QCOMPARE(summaryText(&tree, QStringLiteral("reconnections")), QStringLiteral("2"));
        QCOMPARE(summaryText(&tree, QStringLiteral("connected_seconds")), QStringLiteral("90.0 %"));
        QCOMPARE(summaryText(&tree, QStringLiteral("compression_ratio")), QStringLiteral("4.50 : 1"));
        QCOMPARE(summaryText(&tree, QStringLiteral("spans_per_second")), QStringLiteral("900/s"));
        QCOMPARE(summaryText(&tree, QStringLiteral("bytes_wire")), QStringLiteral("100 KB/s"));
        QCOMPARE(summaryText(&tree, QStringLiteral("options.address")), QStringLiteral("collector:55678"));
        QVERIFY(summaryRow(&tree, QStringLiteral("last_error")) && summaryRow(&tree, QStringLiteral("last_error"))->text(2).contains(u"Connection refused"));

        const QList<QTreeWidgetItem *> thresholds = summaryRows(&tree, QStringLiteral("threshold"));
        QCOMPARE(thresholds.size(), 3);
        QCOMPARE(thresholds.at(0)->text(0), QStringLiteral("✓ spans_dropped_ratio <= 0.1"));
        QCOMPARE(thresholds.at(0)->text(1), QStringLiteral("0.06"));
        QCOMPARE(thresholds.at(0)->foreground(0).color(), QColor(40, 140, 70));
        QCOMPARE(thresholds.at(1)->text(0), QStringLiteral("✗ reconnections <= 1"));
        QCOMPARE(thresholds.at(1)->foreground(0).color(), QColor(200, 40, 40));
        QCOMPARE(thresholds.at(2)->foreground(0).color(), QColor(40, 140, 70));
        QVERIFY(thresholdVerdict(results).contains(u"1 of 3 thresholds failed"));
    }

    // A typed address is checked as the CLI's --address; a good one is dialed and kept among the recent ones,
    // for the next session too. While it refuses, a banner quotes gRPC's own error.
    void anyAddressWithRecentOnesAndAFailureBanner()
    {
        {
            MainWindow window;
            window.resize(1200, 800);
            window.show();
            RunPage *page = window.runPage();
            window.findChild<QTabWidget *>(QStringLiteral("pages"))->setCurrentWidget(page);
            auto *target = page->findChild<QComboBox *>(QStringLiteral("target"));
            auto *address = page->findChild<QComboBox *>(QStringLiteral("address"));
            auto *banner = page->findChild<QLabel *>(QStringLiteral("connectionBanner"));
            QVERIFY(address->isEditable());
            target->setCurrentIndex(target->findData(QStringLiteral("address")));
            QVERIFY(address->isEnabled());

            address->setEditText(QStringLiteral("collector"));
            const QString error = page->start();
            QVERIFY2(error.contains(u"\"collector\" has no port"), qPrintable(error));
            QVERIFY(!page->isRunning());
            QVERIFY(page->findChild<QLabel *>(QStringLiteral("runMessage"))->text().contains(u"has no port"));
            address->setEditText(QString());
            QVERIFY(page->start().contains(u"type the agent's address"));

            address->setEditText(QStringLiteral("127.0.0.1:1"));
            QCOMPARE(page->start(), QString());
            QCOMPARE(page->session()->targetAddress(), QStringLiteral("127.0.0.1:1"));
            QCOMPARE(Settings::runChoices().recentAddresses.value(0), QStringLiteral("127.0.0.1:1"));
            QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 5000);
            QVERIFY2(banner->text().contains(u"127.0.0.1:1"), qPrintable(banner->text()));
            QVERIFY2(banner->text().contains(u"Connection refused"), qPrintable(banner->text()));
            auto *message = page->findChild<QLabel *>(QStringLiteral("runMessage"));
            QVERIFY(!message->isVisible()); // the banner takes its place
            page->stop();
            QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 5000);
            QVERIFY(!banner->isVisible());
            QVERIFY(message->isVisible());
        }
        MainWindow next;
        auto *address = next.runPage()->findChild<QComboBox *>(QStringLiteral("address"));
        QCOMPARE(address->itemText(0), QStringLiteral("127.0.0.1:1"));
        QCOMPARE(address->currentText(), QStringLiteral("127.0.0.1:1"));
        QCOMPARE(next.runPage()->findChild<QComboBox *>(QStringLiteral("target"))->currentData().toString(), QStringLiteral("address"));
    }

    // The demo's faults break the connection: the banner shows the error, then goes once connected again.
    void bannerClearsWhenConnectedAgain()
    {
        MainWindow window;
        window.show();
        RunPage *page = window.runPage();
        auto *banner = page->findChild<QLabel *>(QStringLiteral("connectionBanner"));
        window.startDemo();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 15000);
        const QString error = page->session()->runSnapshot().exporter.lastError;
        QVERIFY(!error.isEmpty());
        QVERIFY2(banner->text().contains(u"Not connected to"), qPrintable(banner->text()));
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isVisible(), 15000);
        QCOMPARE(page->session()->runSnapshot().exporter.state, ConnectionState::Connected);
        page->stopNow();
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 10000);
    }

    // Pause says Resume while paused and the pause is shaded; stop drains by default, stop now does not wait.
    void pauseResumeAndBothStops_data()
    {
        QTest::addColumn<bool>("now");
        QTest::addRow("stop and drain") << false;
        QTest::addRow("stop now") << true;
    }

    void pauseResumeAndBothStops()
    {
        QFETCH(bool, now);
        MainWindow window;
        window.show();
        RunPage *page = window.runPage();
        page->chooseDemo();
        page->findChild<QCheckBox *>(QStringLiteral("faultCycle"))->setChecked(false);
        QCOMPARE(page->start(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(page->session()->runSnapshot().exporter.spans.written > 500, 10000);
        QVERIFY(page->pauseAction()->text().contains(u"Pause"));
        page->pauseAction()->trigger();
        QVERIFY2(page->pauseAction()->text().contains(u"Resume"), qPrintable(page->pauseAction()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(!page->history().pausedStretches(0, 1e9).isEmpty(), 3000);
        page->pauseAction()->trigger();
        QVERIFY(page->pauseAction()->text().contains(u"Pause"));
        QTRY_VERIFY_WITH_TIMEOUT(!page->history().samples().back().paused, 3000);
        page->charts()->redraw();
        QVERIFY(!page->charts()->charts().first()->shading().isEmpty());

        QTRY_VERIFY_WITH_TIMEOUT(page->session()->runSnapshot().exporter.spans.inFlight > 0, 5000);
        if (now)
            page->stopNowAction()->trigger();
        else
            page->stopAction()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 15000);
        const QJsonObject drain = page->lastReport().value(u"drain").toObject();
        QCOMPARE(drain.value(u"outcome").toString(), now ? QStringLiteral("deadline") : QStringLiteral("clean"));
        const qint64 cancelled = page->lastReport().value(u"dropped_by_reason").toObject().value(u"cancelled_at_stop").toInteger();
        QVERIFY2(now ? cancelled > 0 : cancelled == 0, qPrintable(QString::number(cancelled)));
        QVERIFY(page->lastReport().value(u"accounting_balanced").toBool());
    }

    // The Run page's Connections box is run --connections: that many exporters reach the agent, the state says how
    // many are connected, and the summary gives each one's counts.
    void parallelConnectionsFromTheRunPage()
    {
        MainWindow window;
        window.show();
        RunPage *page = window.runPage();
        page->chooseDemo();
        page->findChild<QCheckBox *>(QStringLiteral("faultCycle"))->setChecked(false);
        page->findChild<QSpinBox *>(QStringLiteral("connections"))->setValue(3);
        QCOMPARE(page->start(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(page->session()->agentSnapshot().nodes.size() == 3, 15000);
        QCOMPARE(int(page->session()->runSnapshot().connections.size()), 3);
        auto *state = page->findChild<QLabel *>(QStringLiteral("connectionState"));
        QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(u"3 of 3 connected"), 10000);
        page->stop();
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 15000);
        QCOMPARE(page->lastReport().value(u"connections").toInteger(), 3);
        auto *summary = page->findChild<QTreeWidget *>(QStringLiteral("reportSummary"));
        const QList<QTreeWidgetItem *> rows = summaryRows(summary, QStringLiteral("per_connection"));
        QCOMPARE(rows.size(), 3);
        for (const QTreeWidgetItem *row : rows)
            QVERIFY2(row->text(2).endsWith(u"balanced") && !row->text(2).contains(u"NOT"), qPrintable(row->text(2)));
        QCOMPARE(Settings::runChoices().connections, 3); // kept for the next run
    }

    // After a run: the Last report tab's summary with the user's thresholds, kept for the next session; the raw
    // JSON one click away; the PNG with its heading.
    void lastReportSummaryWithThresholds()
    {
        {
            MainWindow window;
            window.show();
            RunPage *page = window.runPage();
            page->chooseDemo();
            QCOMPARE(page->start(), QString());
            QTRY_VERIFY_WITH_TIMEOUT(page->session()->runSnapshot().exporter.spans.written > 500, 10000);
            page->stop();
            QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), 15000);

            auto *thresholds = page->findChild<QPlainTextEdit *>(QStringLiteral("thresholds"));
            auto *problems = page->findChild<QLabel *>(QStringLiteral("thresholdProblems"));
            thresholds->setPlainText(QStringLiteral("spans_dropped_ratio <= 0.5\ncompression_ratio >= 1000\nreconnections < nothing"));
            QVERIFY(problems->text().startsWith(u"Line 3: "));
            QCOMPARE(Settings::runChoices().thresholds,
                     QStringList({QStringLiteral("spans_dropped_ratio <= 0.5"), QStringLiteral("compression_ratio >= 1000")}));
            const QJsonArray results = page->thresholdResults();
            QCOMPARE(results.size(), 2);
            QVERIFY(results.at(0).toObject().value(u"passed").toBool());
            QVERIFY(!results.at(1).toObject().value(u"passed").toBool());
            auto *summary = page->findChild<QTreeWidget *>(QStringLiteral("reportSummary"));
            QCOMPARE(summaryRows(summary, QStringLiteral("threshold")).size(), 2);
            QCOMPARE(summaryText(summary, QStringLiteral("spans_sent")).section(u' ', 0, 0).remove(u',').toLongLong(),
                     page->lastReport().value(u"spans_sent").toInteger());
            QVERIFY(page->findChild<QLabel *>(QStringLiteral("reportVerdict"))->text().contains(u"1 of 2 thresholds failed"));

            // The raw JSON, one click away.
            auto *stack = page->findChild<QStackedWidget *>(QStringLiteral("reportStack"));
            QCOMPARE(stack->currentWidget(), summary);
            page->findChild<QToolButton *>(QStringLiteral("rawJsonButton"))->click();
            QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("lastReport"));

            // The JSON saved holds the thresholds as the CLI's does; the PNG has its heading above the charts.
            const QString json = m_dir.filePath(QStringLiteral("report.json"));
            QCOMPARE(page->saveReportJson(json), QString());
            QCOMPARE(QJsonDocument::fromJson(ConfigFile::read(json).bytes).object().value(u"thresholds").toArray().size(), 2);
            const QStringList heading = page->chartsHeading();
            QVERIFY2(heading.first().contains(u"127.0.0.1:"), qPrintable(heading.first()));
            QVERIFY2(heading.at(1).startsWith(u"Seconds 0 to "), qPrintable(heading.at(1)));
            const QString png = m_dir.filePath(QStringLiteral("charts.png"));
            QCOMPARE(page->saveChartsPng(png), QString());
            QCOMPARE(QImage(png).height(), page->charts()->grab().height() + 2 * page->fontMetrics().lineSpacing() + 12);
        }
        MainWindow next;
        QCOMPARE(next.runPage()->findChild<QPlainTextEdit *>(QStringLiteral("thresholds"))->toPlainText(),
                 QStringLiteral("spans_dropped_ratio <= 0.5\ncompression_ratio >= 1000"));
        QCOMPARE(next.runPage()->thresholdResults().size(), 2); // against the kept report
    }

    // At 1024x700 the page fits: nothing asks for more width than the window has.
    void fitsAt1024x700()
    {
        MainWindow window;
        window.resize(1024, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        RunPage *page = window.runPage();
        window.findChild<QTabWidget *>(QStringLiteral("pages"))->setCurrentWidget(page);
        // The window keeps the size asked for: no widget's minimum forced it larger.
        QCOMPARE(window.size(), QSize(1024, 700));
        QVERIFY2(window.minimumSizeHint().width() <= 1024 && window.minimumSizeHint().height() <= 700,
                 qPrintable(QStringLiteral("%1 x %2").arg(window.minimumSizeHint().width()).arg(window.minimumSizeHint().height())));
        for (const char *name : {"startButton", "pauseButton", "stopButton", "exportButton", "freezeButton", "followButton", "window"}) {
            auto *w = page->findChild<QWidget *>(QLatin1String(name));
            QVERIFY2(w && w->isVisible(), name);
            const QRect inPage(w->mapTo(page, QPoint(0, 0)), w->size());
            QVERIFY2(page->rect().contains(inPage), name);
            QVERIFY2(w->width() >= w->minimumSizeHint().width(), name);
        }
    }
};

QTEST_MAIN(TestRunPageGui)
#include "tst_runpagegui.moc"
