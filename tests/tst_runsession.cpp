// SPDX-License-Identifier: Apache-2.0
// The dashboard's core: a session against the embedded agent (pause, faults, the end of a profile) and
// the history the charts draw from (rates, bounded memory, decimation, CSV).
#include "run/runconfig.h"
#include "run/runhistory.h"
#include "run/runsession.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace ocw;
using namespace std::chrono_literals;

namespace {

SessionOptions demoOptions(double spansPerSecond)
{
    const RunOptionsResult built = runOptionsFromConfig(analyzeConfig(demoConfig()), RunSettings{}, spansPerSecond);
    SessionOptions options;
    options.run = *built.options;
    return options;
}

RunSnapshot snapshotAt(double seconds, std::uint64_t sent, std::uint64_t reconnections = 0)
{
    RunSnapshot s;
    s.elapsedSeconds = seconds;
    s.exporter.spans.generated = sent;
    s.exporter.spans.sent = sent;
    s.exporter.bytesUncompressed = sent * 100;
    s.exporter.bytesWire = sent * 20;
    s.exporter.reconnections = reconnections;
    s.exporter.state = ConnectionState::Connected;
    s.exporter.secondsIn[std::size_t(ConnectionState::Connected)] = seconds;
    return s;
}

} // namespace

class TestRunSession final : public QObject
{
    Q_OBJECT

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
        QCOMPARE(qRound(last.values[std::size_t(RunSeries::SpansSent)]), 1000);
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
        QVERIFY(csv.startsWith("seconds,spans_generated_per_s,spans_sent_per_s,"));
        QCOMPARE(csv.count('\n'), 51 + 1 + 1); // header, samples, one reconnection
        QVERIFY(csv.contains("# reconnected at 3.000 s"));

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
            const QList<QPointF> points = history.decimated(RunSeries::SpansSent, to - 300, to, width);
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
        RunSession session(options);
        QSignalSpy ticks(&session, &RunSession::tick);
        QSignalSpy finished(&session, &RunSession::finished);
        QCOMPARE(session.start(), QString());
        QVERIFY(session.hasAgent());
        QVERIFY(session.targetAddress().startsWith(u"127.0.0.1:"));
        // The first fault ends every stream at 4 s; the exporter reconnects.
        QTRY_VERIFY_WITH_TIMEOUT(session.runSnapshot().exporter.reconnections >= 1, 15000);
        QVERIFY(session.agentSnapshot().faultsInjected >= 1);
        QVERIFY(ticks.count() >= 30);

        session.setPaused(true);
        QTRY_VERIFY_WITH_TIMEOUT(session.runSnapshot().paused, 1000);
        const double pausedAt = session.runSnapshot().loadSeconds;
        const std::uint64_t generated = session.runSnapshot().exporter.spans.generated;
        QTest::qWait(600);
        QVERIFY(session.runSnapshot().exporter.spans.generated - generated < 100); // at most what was due at the pause
        QVERIFY(session.runSnapshot().loadSeconds - pausedAt < 0.05);
        session.setPaused(false);
        QTRY_VERIFY_WITH_TIMEOUT(session.runSnapshot().exporter.spans.generated > generated + 500, 5000);

        session.stop();
        QCOMPARE(finished.count(), 1);
        const RunSnapshot run = session.runSnapshot();
        QVERIFY(run.exporter.spans.balanced());
        QVERIFY(run.exporter.spans.sent > 0);
        // What the agent missed is what was in flight when it broke a stream, and the report says how much.
        const QJsonObject report = session.report();
        const std::uint64_t received = session.agentSnapshot().spans;
        QVERIFY(received <= run.exporter.spans.sent);
        QCOMPARE(received + std::uint64_t(report.value(u"spans_lost_in_transit").toInteger()), run.exporter.spans.sent);
        QVERIFY(received >= run.exporter.spans.sent - run.exporter.spans.sent / 20);
        const AgentSnapshot agent = session.agentSnapshot();
        // Spans lost with a closed stream leave their traces without some parents; nothing else may be wrong.
        QStringList violations = agent.violations.keys();
        if (run.exporter.spans.dropped() > 0)
            violations.removeAll(QStringLiteral("parent_not_in_trace"));
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(u", ")));
        QCOMPARE(report.value(u"agent").toObject().value(u"spans").toInteger(), qint64(received));
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
        QVERIFY(finished.wait(5000));
        QVERIFY(!session.isRunning());
        QVERIFY(session.runSnapshot().exporter.spans.balanced());
        // Without faults nothing is lost on the way: the agent has every span sent.
        QCOMPARE(session.agentSnapshot().spans, session.runSnapshot().exporter.spans.sent);
        QCOMPARE(session.report().value(u"spans_lost_in_transit").toInteger(), 0);
    }

    void unreachableAddressIsCountedNotFatal()
    {
        SessionOptions options = demoOptions(500);
        options.embeddedAgent = false;
        options.run.exporter.target = AgentAddress::loopback(1);
        options.run.exporter.address = options.run.exporter.target.display();
        options.run.exporter.reconnectionPeriod = 100ms;
        RunSession session(options);
        QCOMPARE(session.start(), QString());
        QVERIFY(!session.hasAgent());
        QTRY_VERIFY_WITH_TIMEOUT(session.runSnapshot().exporter.connectionAttempts >= 2, 5000);
        QVERIFY(!session.runSnapshot().exporter.lastError.isEmpty());
        session.stop();
        QVERIFY(session.runSnapshot().exporter.spans.balanced());
        QCOMPARE(session.runSnapshot().exporter.spans.sent, 0u);
    }
};

QTEST_GUILESS_MAIN(TestRunSession)
#include "tst_runsession.moc"
