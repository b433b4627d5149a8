// SPDX-License-Identifier: Apache-2.0
#include "agent/agentrecorder.h"
#include "agent/embeddedagent.h"
#include "exporter/exporteroptions.h"
#include "exporter/exporterworker.h"
#include "load/loadprofile.h"
#include "run/loadrun.h"
#include "selfsignedcert.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace ocw;
using namespace std::chrono_literals;

namespace {

// Exporter options for a local agent, with the run settings a test wants.
ExporterOptions optionsFor(quint16 port, bool gzip = false)
{
    OcAgentConfig config;
    config.address = QStringLiteral("127.0.0.1:%1").arg(port);
    config.serviceName = QStringLiteral("krakend-test");
    config.insecure = true;
    config.enableCompression = gzip;
    config.reconnection = QStringLiteral("200ms");
    config.headers = QList<HeaderEntry>{{QStringLiteral("x-tenant"), QStringLiteral("team-a")}};
    RunSettings settings;
    settings.reconnectionJitter = false;
    // A clean drain ends as soon as the agent confirms; a long deadline only keeps a slow machine (or a
    // sanitizer build) from cutting it short.
    settings.drainTimeout = 60s;
    const ExporterOptionsResult result = ExporterOptions::fromConfig(config, settings);
    return *result.options;
}

// A loopback port an agent listened on and gave up: connections to it are refused.
quint16 portNobodyListensOn()
{
    EmbeddedAgent gone(AgentOptions{});
    return gone.start().isEmpty() ? gone.port() : 0;
}

ExporterOptions optionsWithFidelity(quint16 port, bool krakend)
{
    ExporterOptions options = optionsFor(port);
    options.fidelity = krakend ? Fidelity::Krakend : Fidelity::Improved;
    return options;
}

// A "krakend" column: one row per fidelity.
void fidelityRows()
{
    QTest::addColumn<bool>("krakend");
    QTest::addRow("krakend") << true;
    QTest::addRow("improved") << false;
}

RunOptions runFor(const ExporterOptions &exporter, double rate = 3000)
{
    RunOptions run;
    run.exporter = exporter;
    run.spansPerSecond = rate;
    run.metricInterval = 200ms;
    return run;
}

} // namespace

class TestExporterAgent : public QObject
{
    Q_OBJECT

private slots:
    void optionsFromConfig_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("reconnection");
        QTest::addColumn<QString>("override");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("periodMs");
        QTest::addRow("plain") << "agent:55678" << "2s" << "" << true << qint64(2000);
        QTest::addRow("reconnection absent") << "agent:55678" << QString() << "" << true << qint64(10000);
        QTest::addRow("reconnection empty") << "agent:55678" << "" << "" << true << qint64(10000);
        QTest::addRow("reconnection zero") << "agent:55678" << "0s" << "" << true << qint64(10000);
        QTest::addRow("reconnection negative") << "agent:55678" << "-5s" << "" << true << qint64(10000);
        QTest::addRow("reconnection compound") << "agent:55678" << "1m30s" << "" << true << qint64(90000);
        QTest::addRow("reconnection bad") << "agent:55678" << "2 s" << "" << false << qint64(0);
        QTest::addRow("address absent") << QString() << "2s" << "" << false << qint64(0);
        QTest::addRow("address no port") << "agent" << "2s" << "" << false << qint64(0);
        QTest::addRow("override wins") << "agent" << "2s" << "127.0.0.1:4000" << true << qint64(2000);
        QTest::addRow("ipv6") << "[::1]:55678" << "1s" << "" << true << qint64(1000);
    }

    void optionsFromConfig()
    {
        QFETCH(QString, address);
        QFETCH(QString, reconnection);
        QFETCH(QString, override);
        QFETCH(bool, ok);
        QFETCH(qint64, periodMs);
        OcAgentConfig config;
        if (!address.isNull())
            config.address = address;
        if (!reconnection.isNull())
            config.reconnection = reconnection;
        RunSettings settings;
        settings.addressOverride = override;
        const ExporterOptionsResult result = ExporterOptions::fromConfig(config, settings);
        QCOMPARE(result.options.has_value(), ok);
        if (!ok) {
            QVERIFY(!result.error.isEmpty());
            return;
        }
        QCOMPARE(qint64(result.options->reconnectionPeriod.count()), periodMs);
        QCOMPARE(result.options->address, override.isEmpty() ? address : override);
        QCOMPARE(result.options->serviceName, QStringLiteral("KrakenD-Opencensus"));
        QVERIFY(!result.options->insecure);
        QVERIFY(!result.options->gzip);
    }

    void optionsRefuseBrokenTlsSettings()
    {
        OcAgentConfig config;
        config.address = QStringLiteral("agent:55678");
        RunSettings settings;
        settings.certFile = QStringLiteral("/nonexistent/cert.pem");
        QVERIFY(ExporterOptions::fromConfig(config, settings).error.contains(QStringLiteral("needs its key")));
        settings.keyFile = QStringLiteral("/nonexistent/key.pem");
        QVERIFY(ExporterOptions::fromConfig(config, settings).error.contains(QStringLiteral("/nonexistent/cert.pem")));
        settings = RunSettings{};
        settings.maxQueueItems = 0;
        QVERIFY(!ExporterOptions::fromConfig(config, settings).options);
    }

    void countsAgreeWithNoFaults()
    {
        EmbeddedAgent agent(AgentOptions{});
        QVERIFY(agent.start().isEmpty());
        LoadRun run(runFor(optionsFor(agent.port())));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.spans.written >= 3000 && run.snapshot().exporter.points.written >= 3, 15000);
        // Written is not sent: until the stream ends, nothing is confirmed.
        QCOMPARE(run.snapshot().exporter.spans.sent, 0u);
        run.stop();
        const ExporterSnapshot e = run.snapshot().exporter;
        QVERIFY(e.spans.balanced());
        QVERIFY(e.points.balanced());
        QCOMPARE(e.spans.dropped(), 0u);
        QCOMPARE(e.spans.queued, 0u); // the stop drained the queue
        QCOMPARE(e.spans.inFlight, 0u);
        QCOMPARE(e.spans.unconfirmed, 0u);
        QCOMPARE(e.drain, DrainOutcome::Clean);
        QCOMPARE(e.spans.sent, e.spans.generated);
        agent.recorder().checkRemainingTraces();
        const AgentSnapshot a = agent.snapshot();
        QCOMPARE(a.spans, e.spans.sent);
        QCOMPARE(a.points, e.points.sent);
        QCOMPARE(a.violationCount(), 0u);
        QCOMPARE(a.traceStreams, 1u);
        QCOMPARE(a.metricStreams, 1u);
        QCOMPARE(a.configStreams, 1u);
        // KrakenD traces: router, pipe, and a backend span with its HTTP client span per backend (1 to 3).
        QVERIFY(a.spans >= 4 * a.traces && a.spans <= 8 * a.traces);
        // The Node and the headers arrive as the config says.
        QCOMPARE(a.nodes.size(), 1);
        QCOMPARE(a.nodes.first().serviceName, QStringLiteral("krakend-test"));
        QCOMPARE(a.nodes.first().language, QStringLiteral("CPP"));
        QCOMPARE(a.nodes.first().pid, quint32(QCoreApplication::applicationPid()));
        QCOMPARE(agent.recorder().lastHeaderValue("x-tenant"), std::string("team-a"));
        QVERIFY(e.wireMeasured);
        QVERIFY(e.bytesWire > 0);
        QCOMPARE(e.connections, 1u);
    }

    void gzipCutsTheWireBytes()
    {
        double ratio[2] = {0, 0};
        for (const bool gzip : {false, true}) {
            EmbeddedAgent agent(AgentOptions{});
            QVERIFY(agent.start().isEmpty());
            LoadRun run(runFor(optionsFor(agent.port(), gzip)));
            run.start();
            QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.spans.written >= 3000, 15000);
            run.stop();
            ratio[gzip] = run.snapshot().exporter.compressionRatio();
            QCOMPARE(agent.snapshot().spans, run.snapshot().exporter.spans.sent);
        }
        // Without gzip the wire carries a little more than the messages (HTTP/2 framing); with it, far less.
        QVERIFY2(ratio[0] > 0.8 && ratio[0] < 1.05, qPrintable(QString::number(ratio[0])));
        QVERIFY2(ratio[1] > 2.0, qPrintable(QString::number(ratio[1])));
    }

    void reconnectsAfterTheAgentComesBack()
    {
        EmbeddedAgent agent(AgentOptions{});
        QVERIFY(agent.start().isEmpty());
        LoadRun run(runFor(optionsFor(agent.port()), 2000));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.spans.written >= 500, 15000);
        agent.refuseConnectionsFor(1000ms);
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.reconnectionAttempts >= 2, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.reconnections >= 1, 15000);
        const std::uint64_t before = agent.snapshot().spans;
        QTRY_VERIFY_WITH_TIMEOUT(agent.snapshot().spans >= before + 500, 15000);
        run.stop();
        const ExporterSnapshot e = run.snapshot().exporter;
        QVERIFY(e.spans.balanced());
        QVERIFY(e.points.balanced());
        QVERIFY(e.streamFailures >= 1);
        QVERIFY(!e.lastError.isEmpty());
        QVERIFY(e.secondsIn[std::size_t(ConnectionState::Waiting)] > 0);
        QVERIFY(agent.snapshot().faultsInjected == 1);
        // What was written on the streams the outage broke is unconfirmed: the agent read some of it, or all.
        // What was written after it came back was confirmed at the stop, and the agent has every span of it.
        QVERIFY(e.spans.unconfirmed > 0);
        QCOMPARE(e.drain, DrainOutcome::Clean);
        QVERIFY(agent.snapshot().spans >= e.spans.sent);
        QVERIFY(agent.snapshot().spans <= e.spans.sent + e.spans.unconfirmed);
    }

    // A Unix socket has no port: after a stop the agent listens again on the same file, and the exporter
    // dials it as KrakenD would.
    void listensAgainOnItsUnixSocket()
    {
        QTemporaryDir dir;
        AgentOptions options;
        options.listen = parseListenAddress(u"unix:" + dir.filePath(QStringLiteral("agent.sock"))).address.value();
        EmbeddedAgent agent(options);
        QVERIFY(agent.start().isEmpty());
        QCOMPARE(agent.port(), 0);
        agent.stop();
        const QString again = agent.start();
        QVERIFY2(again.isEmpty(), qPrintable(again));
        OcAgentConfig config;
        config.address = u"unix://" + options.listen.path;
        config.insecure = true;
        LoadRun run(runFor(ExporterOptions::fromConfig(config, {}).options.value(), 1000));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(agent.snapshot().spans >= 100, 15000);
        run.stop();
    }

    void closedStreamsAreReopened()
    {
        AgentOptions options;
        options.closeStreamsEvery = 500ms;
        EmbeddedAgent agent(options);
        QVERIFY(agent.start().isEmpty());
        LoadRun run(runFor(optionsFor(agent.port()), 1000));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.reconnections >= 2, 15000);
        run.stop();
        QVERIFY(run.snapshot().exporter.spans.balanced());
        QVERIFY(agent.snapshot().traceStreams >= 3);
        // Every stream, not only the first connection's, starts with its Node.
        QCOMPARE(agent.snapshot().violations.value(QStringLiteral("node_missing_on_first_message")), 0u);
    }

    void tlsAgainstTlsAndPlaintextAgents()
    {
        SelfSignedCert cert;
        QVERIFY(cert.make());
        EmbeddedAgent secure(cert.serving());
        QVERIFY(secure.start().isEmpty());

        OcAgentConfig config;
        config.address = QStringLiteral("127.0.0.1:%1").arg(secure.port());
        config.insecure = false;
        config.reconnection = QStringLiteral("200ms");
        RunSettings settings;
        settings.caFile = cert.certFile;
        ExporterOptions options = *ExporterOptions::fromConfig(config, settings).options;
        {
            LoadRun run(runFor(options, 1000));
            run.start();
            QTRY_VERIFY_WITH_TIMEOUT(secure.snapshot().spans >= 300, 15000);
            run.stop();
            QCOMPARE(secure.snapshot().spans, run.snapshot().exporter.spans.sent);
            // TLS records are on the wire, so the wire carries more than the messages.
            QVERIFY(run.snapshot().exporter.compressionRatio() < 1.0);
        }

        // The same TLS exporter against a plaintext agent never connects, and says why.
        EmbeddedAgent plain(AgentOptions{});
        QVERIFY(plain.start().isEmpty());
        options.target = AgentAddress::loopback(plain.port());
        options.address = options.target.display();
        LoadRun run(runFor(options, 1000));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.connectionAttempts >= 2, 15000);
        run.stop();
        const ExporterSnapshot e = run.snapshot().exporter;
        QCOMPARE(plain.snapshot().spans, 0u);
        QVERIFY2(e.lastError.contains(QStringLiteral("handshake"), Qt::CaseInsensitive), qPrintable(e.lastError));
        QVERIFY(e.spans.balanced());
    }

    void aWrongHeaderIsVisible()
    {
        AgentOptions options;
        options.requiredHeaderName = QStringLiteral("x-tenant");
        options.requiredHeaderValue = QStringLiteral("team-b");
        EmbeddedAgent agent(options);
        QVERIFY(agent.start().isEmpty());
        LoadRun run(runFor(optionsFor(agent.port()), 500));
        run.start();
        QTRY_VERIFY2_WITH_TIMEOUT(run.snapshot().exporter.lastError.contains(QStringLiteral("UNAUTHENTICATED")),
                                  qPrintable(run.snapshot().exporter.lastError), 15000);
        run.stop();
        QVERIFY(agent.snapshot().rejectedUnauthenticated >= 1);
        QCOMPARE(agent.snapshot().spans, 0u);
        // The refusal ends an attempt, as it opens its streams or once it is connected (which comes first is a race
        // with the agent); either way the connection log says why.
        const QList<ConnectionAttempt> attempts = run.snapshot().exporter.attempts;
        QVERIFY(std::any_of(attempts.begin(), attempts.end(),
                            [](const ConnectionAttempt &a) { return a.error.contains(QStringLiteral("UNAUTHENTICATED")); }));
        QVERIFY(run.snapshot().exporter.spans.balanced());
    }

    void samplerFromTheAgentIsAppliedAndEchoed()
    {
        EmbeddedAgent agent(AgentOptions{});
        QVERIFY(agent.start().isEmpty());
        LoadRun run(runFor(optionsFor(agent.port()), 1000));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(agent.snapshot().configStreams >= 1 && run.snapshot().exporter.spans.written > 0, 15000);
        opencensus::proto::trace::v1::TraceConfig never;
        never.mutable_constant_sampler()->set_decision(opencensus::proto::trace::v1::ConstantSampler::ALWAYS_OFF);
        agent.pushTraceConfig(never);
        QTRY_VERIFY_WITH_TIMEOUT(agent.snapshot().samplerEchoes >= 1, 15000);
        QCOMPARE(run.snapshot().exporter.sampler, QStringLiteral("never"));
        const std::uint64_t out = run.snapshot().tracesSampledOut;
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().tracesSampledOut > out + 50, 15000);
        run.stop();
    }

    void aProfileRunArrivesWithItsRateAndShape()
    {
        EmbeddedAgent agent(AgentOptions{});
        QVERIFY(agent.start().isEmpty());
        const LoadProfileResult parsed = parseLoadProfile(R"({"format": "ocworkbench-load-profile", "version": 1, "seed": 3,
            "rate": {"unit": "traces", "shape": [{"constant": 400}]},
            "traces": {"preset": "custom", "depth": 3, "fan_out": 2},
            "metrics": [{"name": "latency", "type": "cumulative_distribution", "labels": [{"key": "method", "values": ["GET", "POST", "PUT"]},
                         {"key": "route", "cardinality": 4}], "value": {"counter": {"per_second": 100}}}]})");
        QVERIFY(parsed.profile);
        RunOptions options = runFor(optionsFor(agent.port()));
        options.profile = parsed.profile;
        options.seed = 3;
        LoadRun run(options);
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(agent.snapshot().traces >= 400, 15000);
        run.stop();
        agent.recorder().checkRemainingTraces();
        const AgentSnapshot a = agent.snapshot();
        QCOMPARE(a.spans, run.snapshot().exporter.spans.sent);
        QCOMPARE(a.spans, a.traces * 7); // depth 3, fan-out 2: 1 + 2 + 4 spans a trace
        QCOMPARE(a.violationCount(), 0u);
        // The profile's metric: 3 x 4 series a report, distributions whose buckets add up (no violation).
        QVERIFY(a.metrics >= 1);
        QCOMPARE(a.timeSeries, a.metrics * 12);
        // The rate: 400 traces a second of run time, give or take the start and the stop.
        const double rate = double(a.traces) / run.snapshot().elapsedSeconds;
        QVERIFY2(rate > 300 && rate < 420, qPrintable(QString::number(rate)));
    }

    // The agent reads one message every 20 ms, far slower than the run writes: the queue fills and what is
    // written waits in gRPC's windows and the sockets. Without a fault, "sent" must still be exactly what the
    // agent read: the stop drains the queue and waits until the agent has read every stream to its end.
    void aSlowAgentReceivesExactlyWhatIsSent()
    {
        AgentOptions slow;
        slow.readDelay = 20ms;
        EmbeddedAgent agent(slow);
        QVERIFY(agent.start().isEmpty());
        ExporterOptions options = optionsFor(agent.port());
        options.maxQueueItems = 6000;
        options.drainTimeout = 120s;
        RunOptions runOptions = runFor(options, 30000);
        runOptions.metricInterval = 50ms;
        LoadRun run(runOptions);
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.spans.dropped(DropReason::QueueFull) > 0
                                     && run.snapshot().exporter.points.written > 0, 20000);
        run.stop();
        const ExporterSnapshot e = run.snapshot().exporter;
        QCOMPARE(e.drain, DrainOutcome::Clean);
        QVERIFY(e.spans.sent > 0);
        QCOMPARE(agent.snapshot().spans, e.spans.sent);
        QCOMPARE(agent.snapshot().points, e.points.sent);
        for (const Accounting &a : {e.spans, e.points}) {
            QCOMPARE(a.queued, 0u);
            QCOMPARE(a.inFlight, 0u);
            QCOMPARE(a.unconfirmed, 0u);
            QCOMPARE(a.dropped(DropReason::CancelledAtStop), 0u);
            QCOMPARE(a.sent, a.written);
            QVERIFY(a.balanced());
        }
    }

    // An agent that takes the streams and never reads them: nothing written can be confirmed. The stop waits
    // for the drain deadline, no longer, and counts what it cancelled as such: never as sent.
    void aNeverReadingAgentConfirmsNothingAndTheStopKeepsItsDeadline()
    {
        AgentOptions stuck;
        stuck.readDelay = std::chrono::hours(1);
        EmbeddedAgent agent(stuck);
        QVERIFY(agent.start().isEmpty());
        ExporterOptions options = optionsFor(agent.port());
        // Far more than the socket buffers and gRPC's flow-control windows take in (a few MB on loopback), so
        // that a backlog stays queued however fast the stop's drain writes into them.
        options.maxQueueItems = 40000;
        options.drainTimeout = 500ms;
        LoadRun run(runFor(options, 40000));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.spans.dropped(DropReason::QueueFull) > 0
                                     && run.snapshot().exporter.spans.written > 0, 20000);
        QElapsedTimer timer;
        timer.start();
        run.stop();
        const qint64 stopMs = timer.elapsed();
        QVERIFY2(stopMs >= 400 && stopMs < 500 + 5000, qPrintable(QString::number(stopMs)));
        const ExporterSnapshot e = run.snapshot().exporter;
        QCOMPARE(e.drain, DrainOutcome::Deadline);
        QCOMPARE(e.spans.sent, 0u);
        QCOMPARE(e.spans.unconfirmed, 0u);
        QCOMPARE(e.spans.inFlight, 0u);
        QVERIFY(e.spans.dropped(DropReason::CancelledAtStop) >= e.spans.written);
        QVERIFY(e.spans.queued > 0); // the backlog the stop could not send stays queued
        QVERIFY(e.spans.balanced() && e.points.balanced());
        QCOMPARE(agent.snapshot().spans, 0u);
    }

    // As the Go exporter: after a failed attempt, the next one waits the period plus a random 0-70 % of it.
    void reconnectionWaitsThePeriodPlusAtMostSeventyPercent_data()
    {
        QTest::addColumn<bool>("jitter");
        QTest::addRow("with jitter") << true;
        QTest::addRow("without jitter") << false;
    }

    void reconnectionWaitsThePeriodPlusAtMostSeventyPercent()
    {
        QFETCH(bool, jitter);
        const quint16 port = portNobodyListensOn();
        QVERIFY(port > 0);
        ExporterOptions options = optionsFor(port);
        options.reconnectionPeriod = 100ms;
        options.reconnectionJitter = jitter;
        LoadRun run(runFor(options, 100));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.attempts.size() >= 21, 20000);
        run.stop();
        const QList<ConnectionAttempt> attempts = run.snapshot().exporter.attempts;
        double shortest = 1;
        double longest = 0;
        for (qsizetype i = 0; i + 1 < attempts.size(); ++i) {
            const ConnectionAttempt &a = attempts[i];
            QVERIFY(!a.connected);
            QVERIFY2(a.error.contains(QStringLiteral("UNAVAILABLE")), qPrintable(a.error));
            QVERIFY2(a.retryAfter >= 0.1 && a.retryAfter <= 0.17, qPrintable(QString::number(a.retryAfter)));
            // The next attempt waits for it, measured on the same clock.
            QVERIFY(attempts[i + 1].startedAt >= a.startedAt + a.retryAfter - 1e-6);
            shortest = std::min(shortest, a.retryAfter);
            longest = std::max(longest, a.retryAfter);
        }
        if (jitter)
            QVERIFY2(longest - shortest > 0.02, "20 waits with the same jitter");
        else
            QCOMPARE(longest, shortest);
    }

    // KrakenD's exporter sends the headers on the trace stream only. Against an agent that requires one, the
    // metrics stream is refused, each failed metrics write takes the connection down (the working trace stream
    // with it) and what is made while disconnected is dropped; the report says what that cost.
    void krakendFidelityAgainstAnAgentThatRequiresAHeader()
    {
        AgentOptions required;
        required.requiredHeaderName = QStringLiteral("x-tenant");
        required.requiredHeaderValue = QStringLiteral("team-a");
        EmbeddedAgent agent(required);
        QVERIFY(agent.start().isEmpty());
        ExporterOptions options = optionsFor(agent.port());
        QCOMPARE(options.fidelity, Fidelity::Krakend); // the default
        RunOptions runOptions = runFor(options, 3000);
        runOptions.metricInterval = 100ms;
        LoadRun run(runOptions);
        run.start();
        // The refused metrics stream (or, when the refusal comes back before the first message is out, the
        // refused Config stream) takes the connections down, and spans made meanwhile are dropped. Waited for
        // as well: an outage can end before the generator's next tick, costing nothing.
        const auto refusalsCostSpans = [](const ExporterSnapshot &s) {
            return s.outageCosts[std::size_t(Breakage::MetricsStream)].spans + s.outageCosts[std::size_t(Breakage::ConfigStream)].spans > 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.healthyTraceStreamsClosed >= 2 && refusalsCostSpans(run.snapshot().exporter), 20000);
        run.stop();
        const ExporterSnapshot e = run.snapshot().exporter;
        QVERIFY(e.spans.balanced() && e.points.balanced());
        const OutageCost &metricsFailed = e.outageCosts[std::size_t(Breakage::MetricsStream)];
        const OutageCost &configFailed = e.outageCosts[std::size_t(Breakage::ConfigStream)];
        QVERIFY(metricsFailed.outages + configFailed.outages >= 1);
        QVERIFY(metricsFailed.spans + configFailed.spans > 0);
        QCOMPARE(e.spans.dropped(DropReason::Disconnected), metricsFailed.spans + configFailed.spans);
        QVERIFY(e.unauthenticatedStreams >= 2);
        QCOMPARE(e.points.sent, 0u);
        // The agent took the trace streams (they carry the header) and refused the others.
        QVERIFY(agent.snapshot().spans > 0);
        QCOMPARE(agent.snapshot().points, 0u);
        QVERIFY(agent.snapshot().rejectedUnauthenticated >= 2);
        const QJsonObject behaviour = run.report().value(u"krakend_behaviour").toObject();
        QCOMPARE(run.report().value(u"fidelity").toString(), QStringLiteral("krakend"));
        QCOMPARE(behaviour.value(u"headers_on").toString(), QStringLiteral("the trace stream only"));
        const QJsonObject byCause = behaviour.value(u"outages_by_cause").toObject();
        QCOMPARE(byCause.value(u"metrics_stream").toObject().value(u"spans_dropped").toInteger()
                     + byCause.value(u"config_stream").toObject().value(u"spans_dropped").toInteger(),
                 qint64(metricsFailed.spans + configFailed.spans));
        QCOMPARE(behaviour.value(u"healthy_trace_streams_closed").toInteger(), qint64(e.healthyTraceStreamsClosed));
    }

    // Fidelity improved puts the headers on every stream: the same agent takes all of it.
    void improvedFidelitySendsTheHeadersOnEveryStream()
    {
        AgentOptions required;
        required.requiredHeaderName = QStringLiteral("x-tenant");
        required.requiredHeaderValue = QStringLiteral("team-a");
        EmbeddedAgent agent(required);
        QVERIFY(agent.start().isEmpty());
        ExporterOptions options = optionsFor(agent.port());
        options.fidelity = Fidelity::Improved;
        RunOptions runOptions = runFor(options, 3000);
        runOptions.metricInterval = 100ms;
        LoadRun run(runOptions);
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.spans.written >= 1000 && run.snapshot().exporter.points.written >= 10, 20000);
        run.stop();
        const ExporterSnapshot e = run.snapshot().exporter;
        QCOMPARE(agent.snapshot().rejectedUnauthenticated, 0u);
        QCOMPARE(e.drain, DrainOutcome::Clean);
        QCOMPARE(agent.snapshot().spans, e.spans.sent);
        QCOMPARE(agent.snapshot().points, e.points.sent);
        QCOMPARE(e.spans.dropped(DropReason::Disconnected), 0u);
        QCOMPARE(e.healthyTraceStreamsClosed, 0u);
        QCOMPARE(run.report().value(u"fidelity").toString(), QStringLiteral("improved"));
    }

    // While disconnected, KrakenD's exporter drops what it makes; fidelity improved queues it and sends it
    // after the reconnection.
    void whileDisconnectedKrakendDropsAndImprovedQueues_data()
    {
        fidelityRows();
    }

    void whileDisconnectedKrakendDropsAndImprovedQueues()
    {
        QFETCH(bool, krakend);
        EmbeddedAgent agent(AgentOptions{});
        QVERIFY(agent.start().isEmpty());
        const ExporterOptions options = optionsWithFidelity(agent.port(), krakend);
        LoadRun run(runFor(options, 3000));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.spans.written >= 500, 15000);
        agent.refuseConnectionsFor(1000ms);
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.reconnections >= 1, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.state == ConnectionState::Connected, 15000);
        run.stop();
        const ExporterSnapshot e = run.snapshot().exporter;
        QVERIFY(e.spans.balanced());
        // Whichever stream noticed the outage first began it.
        OutageCost broken;
        for (const Breakage cause : {Breakage::TraceStream, Breakage::MetricsStream, Breakage::Unreachable}) {
            broken.outages += e.outageCosts[std::size_t(cause)].outages;
            broken.spans += e.outageCosts[std::size_t(cause)].spans;
        }
        QVERIFY(broken.outages >= 1);
        if (krakend) {
            QVERIFY(e.spans.dropped(DropReason::Disconnected) > 500); // about a second of 3,000 spans/s
            QVERIFY(broken.spans > 0);
        } else {
            QCOMPARE(e.spans.dropped(DropReason::Disconnected), 0u);
            QCOMPARE(broken.spans, 0u);
        }
        QVERIFY(agent.snapshot().spans >= e.spans.sent);
    }

    // The Go exporter writes a root span's parent id as 8 zero bytes; fidelity improved leaves it out, as the
    // protocol describes a root.
    void rootParentIdFollowsTheFidelity_data()
    {
        fidelityRows();
    }

    void rootParentIdFollowsTheFidelity()
    {
        QFETCH(bool, krakend);
        EmbeddedAgent agent(AgentOptions{});
        QVERIFY(agent.start().isEmpty());
        const ExporterOptions options = optionsWithFidelity(agent.port(), krakend);
        LoadRun run(runFor(options, 1000));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(agent.snapshot().traces >= 20, 15000);
        run.stop();
        agent.recorder().checkRemainingTraces();
        // Every trace has one root; the agent reads an all-zero parent as a root, and says it saw the quirk.
        const AgentSnapshot a = agent.snapshot();
        QCOMPARE(a.quirks.value(QLatin1String(Quirks::RootParentAllZero)), krakend ? a.traces : 0u);
        QCOMPARE(a.violationCount(), 0u);
    }

    void stopWhileDisconnectedIsPrompt()
    {
        const quint16 port = portNobodyListensOn();
        QVERIFY(port > 0);
        ExporterOptions options = optionsFor(port);
        options.reconnectionPeriod = 10s;
        options.maxQueueItems = 200;
        LoadRun run(runFor(options, 5000));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(run.snapshot().exporter.state == ConnectionState::Waiting
                                     && run.snapshot().exporter.spans.dropped() > 0, 15000);
        QElapsedTimer timer;
        timer.start();
        run.stop();
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        const ExporterSnapshot e = run.snapshot().exporter;
        QCOMPARE(e.state, ConnectionState::Stopped);
        QVERIFY(e.spans.balanced());
        // As KrakenD's exporter: nothing connected, so what was made was dropped, not queued.
        QVERIFY(e.spans.dropped(DropReason::Disconnected) > 0);
        QCOMPARE(e.outageCosts[std::size_t(Breakage::Unreachable)].spans, e.spans.dropped(DropReason::Disconnected));
        QVERIFY(e.spans.queued <= 200);
        QCOMPARE(e.connections, 0u);
    }
};

QTEST_GUILESS_MAIN(TestExporterAgent)
#include "tst_exporteragent.moc"
