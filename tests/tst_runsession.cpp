// SPDX-License-Identifier: Apache-2.0
// The dashboard's core: a session against the embedded agent (pause, faults, the end of a profile) and
// the history the charts draw from (rates, bounded memory, decimation, CSV).
#include "run/runconfig.h"
#include "run/runhistory.h"
#include "run/runsession.h"

#include "runsnapshots.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace ocw;
using namespace std::chrono_literals;

namespace {

SessionOptions demoOptions(double spansPerSecond)
{
    RunSettings settings;
    settings.drainTimeout = 60s; // a clean drain ends as soon as the agent confirms: this only spares a slow machine
    const RunOptionsResult built = runOptionsFromConfig(analyzeConfig(demoConfig()), settings, spansPerSecond);
    SessionOptions options;
    options.run = *built.options;
    return options;
}

} // namespace

class TestRunSession final : public QObject
{
    Q_OBJECT

    // Connected, with spans written on the open streams, and those streams open at the agent too: a fault that
    // has just closed them goes unnoticed by a KrakenD-like exporter until its next write fails, so its own state
    // alone still says connected.
    static bool connectedWithSpansInFlight(const RunSession &session)
    {
        const ExporterSnapshot e = session.runSnapshot().exporter;
        return e.state == ConnectionState::Connected && e.spans.inFlight > 0 && session.agentSnapshot().streamsOpen >= 2;
    }

private slots:
    void demoConfigIsValidAndHasAnAgentExporter()
    {
        const RunOptionsResult built = runOptionsFromConfig(analyzeConfig(demoConfig()), RunSettings{}, 1000);
        QVERIFY2(built.options, qPrintable(built.error));
        QVERIFY(built.options->exporter.gzip);
        // Header values never reach the report.
        QVERIFY(!QJsonDocument(built.options->config).toJson().contains("team-a"));
        QVERIFY(!runOptionsFromConfig(analyzeConfig("{\"version\": 3}"), RunSettings{}, 1000).options);
    }

    void historyRatesOverTheLastSecond()
    {
        RunHistory history;
        for (int i = 0; i <= 50; ++i) // 5 s at 10 Hz, 1000 spans a second
            history.add(snapshotAt(i / 10.0, std::uint64_t(i) * 100, i >= 30 ? 1 : 0), nullptr);
        const RunHistory::Sample &last = history.samples().back();
        QCOMPARE(qRound(last.values[std::size_t(RunSeries::SpansWritten)]), 1000);
        QCOMPARE(qRound(last.values[std::size_t(RunSeries::BytesWire)]), 20000);
        QCOMPARE(last.values[std::size_t(RunSeries::CompressionRatio)], 5.0);
        QCOMPARE(qRound(last.values[std::size_t(RunSeries::ConnectedPercent)]), 100);
        QCOMPARE(history.reconnections(), 1u);
        QCOMPARE(history.reconnectionTimes().size(), 1u);
        QCOMPARE(history.reconnectionTimes().front(), 3.0);
        // A repeated snapshot (the one after a stop) adds nothing.
        history.add(snapshotAt(5.0, 5000, 1), nullptr);
        QCOMPARE(history.samples().size(), 51u);

        const QByteArray csv = history.toCsv();
        QVERIFY(csv.startsWith("seconds,spans_generated_per_s,spans_written_per_s,"));
        QCOMPARE(csv.count('\n'), 51 + 1); // header and samples: no comment lines
        QVERIFY(!csv.contains('#'));
        QVERIFY(csv.split('\n').first().endsWith(",paused,reconnections"));
        QVERIFY(csv.split('\n').at(1 + 30).startsWith("3.000,") && csv.split('\n').at(1 + 30).endsWith(",0,1"));

        // Connection attempts write a few bytes with no message: the ratio holds, it does not fall to 0.
        RunSnapshot attempt = snapshotAt(6.0, 5000, 1);
        attempt.exporter.bytesWire += 300;
        history.add(attempt, nullptr);
        QCOMPARE(history.samples().back().values[std::size_t(RunSeries::CompressionRatio)], 5.0);
    }

    void historyStaysBoundedAndDecimatesToTheWidth()
    {
        RunHistory history(300);
        for (int i = 0; i < 100000; ++i) // almost three hours at 10 Hz
            history.add(snapshotAt(i / 10.0, std::uint64_t(i) * (i % 7)), nullptr);
        QVERIFY(history.samples().size() <= 3001);
        QVERIFY(history.samples().front().seconds >= history.lastSeconds() - 300);
        const double to = history.lastSeconds();
        for (int width : {1, 50, 400, 5000}) {
            const QList<QPointF> points = history.decimated(RunSeries::SpansWritten, to - 300, to, width);
            QVERIFY(points.size() <= 2 * width);
            QVERIFY(!points.isEmpty());
            for (qsizetype i = 1; i < points.size(); ++i)
                QVERIFY(points[i].x() >= points[i - 1].x());
        }
        // The extremes survive decimation.
        double highest = 0;
        for (const auto &s : history.samples())
            highest = std::max(highest, s.values[std::size_t(RunSeries::SpansGenerated)]);
        double drawn = 0;
        for (const QPointF &p : history.decimated(RunSeries::SpansGenerated, to - 300, to, 50))
            drawn = std::max(drawn, p.y());
        QCOMPARE(drawn, highest);
    }

    void sessionAgainstTheEmbeddedAgentWithFaultsPausesAndBalances()
    {
        SessionOptions options = demoOptions(2000);
        options.faultCycle = true;
        options.faultTimes = {1500ms, 1500ms, 600ms};
        RunSession session(options);
        QSignalSpy ticks(&session, &RunSession::tick);
        QSignalSpy finished(&session, &RunSession::finished);
        QSignalSpy started(&session, &RunSession::started);
        QCOMPARE(session.start(), QString());
        QVERIFY(session.hasAgent());
        QVERIFY(session.isRunning()); // starting: the agent starts on another thread
        QVERIFY(started.wait(10000));
        QVERIFY(session.targetAddress().startsWith(u"127.0.0.1:"));
        QVERIFY(!session.targetAddress().endsWith(u":0"));
        // The first fault ends every stream; the exporter reconnects. The second refuses connections. The demo
        // config retries every 2 s plus up to 70 % jitter, and a KrakenD-like exporter notices a closed stream only
        // at its next failed write, so an attempt can land in the next refusal window: the limits leave room
        // for a few unlucky cycles.
        QTRY_VERIFY_WITH_TIMEOUT(session.runSnapshot().exporter.reconnections >= 1, 45000);
        QTRY_VERIFY_WITH_TIMEOUT(session.agentSnapshot().faultsInjected >= 2 && session.runSnapshot().exporter.reconnections >= 2, 45000);
        QVERIFY(ticks.count() >= 20);

        session.setPaused(true);
        QTRY_VERIFY_WITH_TIMEOUT(session.runSnapshot().paused, 1000);
        const double pausedAt = session.runSnapshot().loadSeconds;
        const std::uint64_t generated = session.runSnapshot().exporter.spans.generated;
        QTest::qWait(600);
        QVERIFY(session.runSnapshot().exporter.spans.generated - generated < 100); // at most what was due at the pause
        QVERIFY(session.runSnapshot().loadSeconds - pausedAt < 0.05);
        session.setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(session.runSnapshot().exporter.spans.generated > generated + 500, 5000);

        // Stopped while connected (the stop ends the fault cycle), so the last connection closes cleanly, and once
        // it has written spans (in flight on its open streams): stopped the moment it reconnected, it could have
        // none to deliver, and the checks below would see nothing sent.
        QTRY_VERIFY_WITH_TIMEOUT(connectedWithSpansInFlight(session), 45000);
        session.stop();
        QCOMPARE(finished.count(), 1);
        const ExporterSnapshot e = session.runSnapshot().exporter;
        const AgentSnapshot agent = session.agentSnapshot();
        QVERIFY(e.spans.balanced() && e.points.balanced());
        QCOMPARE(agent.refusedCount(), 0u); // the exporter's gzip traffic is within every limit of the agent
        // A fault already under way when the stop came (closing every stream takes a moment on a slow machine,
        // ASan's included) can break the drain: then the report must say so, and nothing may count as sent
        // that the agent did not confirm. Otherwise the last connection closes cleanly.
        const bool clean = e.drain == DrainOutcome::Clean;
        QVERIFY2(clean || e.drain == DrainOutcome::Broken, qPrintable(drainOutcomeName(e.drain)));
        QCOMPARE(e.spans.inFlight, 0u);
        // Each broken stream's spans are unconfirmed; the last connection's, closed cleanly, are sent. Both
        // are the exporter's own counts of what it wrote on each connection.
        std::uint64_t unconfirmed = 0;
        std::uint64_t delivered = 0;
        for (const ConnectionAttempt &a : e.attempts) {
            QVERIFY(a.ended);
            (a.spanDelivery == Delivery::Delivered ? delivered : unconfirmed) += a.spans;
        }
        QCOMPARE(e.spans.unconfirmed, unconfirmed);
        QCOMPARE(e.spans.sent, delivered);
        QVERIFY(e.spans.unconfirmed > 0); // the faults broke streams that carried spans
        if (clean) {
            QVERIFY(e.spans.sent > 0);
            QCOMPARE(e.attempts.last().spanDelivery, Delivery::Delivered);
        }
        // The agent has all that was sent, and at most what was written besides.
        QVERIFY(agent.spans >= e.spans.sent);
        QVERIFY(agent.spans <= e.spans.sent + e.spans.unconfirmed);
        QVERIFY(agent.points >= e.points.sent);
        QVERIFY(agent.points <= e.points.sent + e.points.unconfirmed);
        // Spans lost with a closed stream leave their traces without some parents; nothing else may be wrong.
        QStringList violations = agent.violations.keys();
        violations.removeAll(QStringLiteral("parent_not_in_trace"));
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(u", ")));
        const QJsonObject report = session.report();
        QCOMPARE(report.value(u"agent").toObject().value(u"spans").toInteger(), qint64(agent.spans));
        QCOMPARE(report.value(u"spans_unconfirmed").toInteger(), qint64(e.spans.unconfirmed));
        QCOMPARE(report.value(u"drain").toObject().value(u"outcome").toString(), drainOutcomeName(e.drain));
        QVERIFY(report.value(u"delivery").toString().contains(QStringLiteral("no acknowledgement")));
        QVERIFY(report.value(u"accounting_balanced").toBool());
        QVERIFY(report.value(u"fault_cycle").toBool());
    }

    void sessionEndsWithItsProfile()
    {
        SessionOptions options = demoOptions(500);
        LoadProfile profile = defaultLoadProfile(500);
        profile.durationSeconds = 1.0;
        options.run.profile = profile;
        RunSession session(options);
        QSignalSpy finished(&session, &RunSession::finished);
        QCOMPARE(session.start(), QString());
        QVERIFY(finished.wait(10000));
        QVERIFY(!session.isRunning());
        const ExporterSnapshot e = session.runSnapshot().exporter;
        QVERIFY(e.spans.balanced());
        // Without faults nothing is in doubt: the agent has exactly every span sent, and every span generated was sent.
        QCOMPARE(session.agentSnapshot().spans, e.spans.sent);
        QCOMPARE(e.spans.sent, e.spans.generated);
        QCOMPARE(e.spans.unconfirmed, 0u);
        QCOMPARE(session.report().value(u"spans_unconfirmed").toInteger(), 0);
    }

    // run --connections: parallel exporters share the one schedule, each with its own Node and ledger; the agent
    // sees distinct senders, and the accounting holds for each connection and for their sum.
    void parallelConnectionsAreDistinctSendersThatEachBalance_data()
    {
        QTest::addColumn<int>("connections");
        QTest::newRow("two") << 2; // an even count once gave one connection every batch
        QTest::newRow("three") << 3;
    }

    void parallelConnectionsAreDistinctSendersThatEachBalance()
    {
        QFETCH(int, connections);
        const int kConnections = connections;
        SessionOptions options = demoOptions(3000);
        options.run.connections = kConnections;
        LoadProfile profile = defaultLoadProfile(3000);
        profile.durationSeconds = 2.5; // two metric reports at least, then a clean drain
        options.run.profile = profile;
        RunSession session(options);
        QSignalSpy finished(&session, &RunSession::finished);
        QCOMPARE(session.start(), QString());
        QVERIFY(finished.wait(30000));
        const RunSnapshot run = session.runSnapshot();
        const AgentSnapshot agent = session.agentSnapshot();
        QCOMPARE(int(run.connections.size()), kConnections);
        Accounting spans;
        Accounting points;
        for (const ExporterSnapshot &c : run.connections) {
            QVERIFY(c.spans.balanced() && c.points.balanced());
            // Whole traces in turn: every connection carries its part, at least half of an even share.
            QVERIFY2(c.spans.generated * 2 * kConnections >= run.exporter.spans.generated,
                     qPrintable(QStringLiteral("%1 of %2").arg(c.spans.generated).arg(run.exporter.spans.generated)));
            QCOMPARE(c.drain, DrainOutcome::Clean);
            spans += c.spans;
            points += c.points;
        }
        QCOMPARE(spans.generated, run.exporter.spans.generated);
        QCOMPARE(spans.sent, run.exporter.spans.sent);
        QCOMPARE(points.sent, run.exporter.points.sent);
        QVERIFY(run.exporter.spans.balanced());
        QCOMPARE(run.connections.front().points.generated, run.exporter.points.generated); // the views go on connection 0
        QVERIFY(run.exporter.points.generated > 0);
        // No fault: the agent has exactly what was sent, from three senders of one service in one process.
        QCOMPARE(agent.spans, run.exporter.spans.sent);
        QCOMPARE(run.exporter.spans.sent, run.exporter.spans.generated);
        QCOMPARE(agent.nodes.size(), kConnections);
        QSet<qint64> starts;
        for (const NodeSummary &node : agent.nodes) {
            QCOMPARE(node.serviceName, agent.nodes.front().serviceName);
            QCOMPARE(node.pid, agent.nodes.front().pid);
            starts.insert(node.startUnixNanos);
        }
        QCOMPARE(starts.size(), kConnections);
        const QJsonObject report = session.report();
        QCOMPARE(report.value(u"connections").toInteger(), kConnections);
        const QJsonArray perConnection = report.value(u"per_connection").toArray();
        QCOMPARE(perConnection.size(), kConnections);
        qint64 sentInReport = 0;
        for (const QJsonValue &c : perConnection) {
            QVERIFY(c.toObject().value(u"accounting_balanced").toBool());
            sentInReport += c.toObject().value(u"spans_sent").toInteger();
        }
        QCOMPARE(sentInReport, report.value(u"spans_sent").toInteger());
    }

    // The stop is a request: it returns at once, the event loop goes on while the exporter drains (here for
    // its whole deadline: the agent never reads), and finished() comes once, however often stop is asked.
    void stopIsARequestThatCompletesWithASignal()
    {
        SessionOptions options = demoOptions(5000);
        options.agent.readDelay = 1h;
        options.run.exporter.drainTimeout = 800ms;
        RunSession session(options);
        QSignalSpy finished(&session, &RunSession::finished);
        QCOMPARE(session.start(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(session.runSnapshot().exporter.spans.written > 300, 15000);
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start(10);
        QElapsedTimer clock;
        clock.start();
        session.requestStop();
        QVERIFY(session.isStopping());
        session.requestStop(); // twice: nothing more happens
        QCOMPARE(finished.count(), 0);
        QVERIFY(finished.wait(15000));
        QVERIFY2(clock.elapsed() >= 700, "the stop did not wait for the drain deadline");
        QVERIFY2(ticks >= 20, qPrintable(QStringLiteral("the event loop stalled during the stop: %1 ticks").arg(ticks)));
        QCOMPARE(finished.count(), 1);
        session.stop(); // after the end: returns at once, emits nothing
        session.requestStop();
        QTest::qWait(50);
        QCOMPARE(finished.count(), 1);
        QVERIFY(!session.isRunning());
        const ExporterSnapshot e = session.runSnapshot().exporter;
        QCOMPARE(e.drain, DrainOutcome::Deadline);
        QCOMPARE(e.spans.sent, 0u);
        QVERIFY(e.spans.dropped(DropReason::CancelledAtStop) > 0);
        QVERIFY(e.spans.balanced());
    }

    // Stopping in the middle of each fault: the session ends, its numbers balance, and a refusal under way
    // does not bring the agent back after the stop.
    void stopDuringEachFault_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addRow("streams closed") << 1;
        QTest::addRow("connections refused") << 2;
    }

    void stopDuringEachFault()
    {
        QFETCH(int, fault);
        SessionOptions options = demoOptions(3000);
        options.faultCycle = true;
        options.faultTimes = {500ms, 700ms, 1500ms};
        RunSession session(options);
        QSignalSpy finished(&session, &RunSession::finished);
        QCOMPARE(session.start(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(session.agentSnapshot().faultsInjected >= std::uint64_t(fault), 15000);
        if (fault == 2)
            QVERIFY(!session.agent()->isListening());
        session.requestStop();
        QVERIFY(finished.wait(15000));
        const ExporterSnapshot e = session.runSnapshot().exporter;
        QVERIFY(e.spans.balanced() && e.points.balanced());
        QCOMPARE(e.spans.inFlight, 0u);
        QVERIFY(session.agentSnapshot().spans >= e.spans.sent);
        QVERIFY(session.agentSnapshot().spans <= e.spans.sent + e.spans.unconfirmed + e.spans.dropped(DropReason::CancelledAtStop));
        // Longer than the refusal: the agent stays stopped.
        QTest::qWait(int(options.faultTimes.refusal.count()) + 300);
        QVERIFY(!session.agent()->isListening());
    }

    void stopWhileTheAgentStartsEndsTheSession()
    {
        RunSession session(demoOptions(1000));
        QSignalSpy finished(&session, &RunSession::finished);
        QSignalSpy started(&session, &RunSession::started);
        QCOMPARE(session.start(), QString());
        session.requestStop(); // before the agent is up
        QVERIFY(finished.wait(10000));
        QCOMPARE(started.count(), 0);
        QVERIFY(!session.isRunning());
        QVERIFY(!session.agent()->isListening());
        QVERIFY(session.report().isEmpty()); // no run, no report
    }

    // Nothing stands between the exporter and the agent, so why a connection fails reaches the report in
    // gRPC's own words.
    void unreachableAddressIsCountedNotFatal_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("why");
        QTest::addRow("refused") << QStringLiteral("127.0.0.1:1") << QStringLiteral("Connection refused");
        QTest::addRow("unresolvable") << QStringLiteral("no-such-agent.invalid:55678") << QStringLiteral("DNS resolution failed");
    }

    void unreachableAddressIsCountedNotFatal()
    {
        QFETCH(QString, address);
        QFETCH(QString, why);
        SessionOptions options = demoOptions(500);
        options.embeddedAgent = false;
        options.run.exporter.target = *parseAgentAddress(address).address;
        options.run.exporter.address = address;
        options.run.exporter.reconnectionPeriod = 100ms;
        RunSession session(options);
        QCOMPARE(session.start(), QString());
        QVERIFY(!session.hasAgent());
        QTRY_VERIFY_WITH_TIMEOUT(session.runSnapshot().exporter.connectionAttempts >= 2, 10000);
        QVERIFY2(session.runSnapshot().exporter.lastError.contains(why), qPrintable(session.runSnapshot().exporter.lastError));
        session.stop();
        const ExporterSnapshot e = session.runSnapshot().exporter;
        QVERIFY(e.spans.balanced());
        QCOMPARE(e.spans.sent, 0u);
        QCOMPARE(e.spans.written, 0u);
        QCOMPARE(e.drain, DrainOutcome::NotConnected);
        QVERIFY(!e.wireMeasured); // no socket was ever connected
        QCOMPARE(session.report().value(u"bytes_wire_measured").toBool(), false);
    }
};

QTEST_GUILESS_MAIN(TestRunSession)
#include "tst_runsession.moc"
