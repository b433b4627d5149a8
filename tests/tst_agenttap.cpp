// SPDX-License-Identifier: Apache-2.0
// The agent as a tap (agent --forward, agent --record): a real exporter sends to an agent that relays to
// another real agent and records to disk, all on loopback; the counts must agree at every hop.
#include "agent/agentrecorder.h"
#include "agent/embeddedagent.h"
#include "exporter/exporteroptions.h"
#include "load/delimitedfile.h"
#include "load/recordinglayout.h"
#include "run/loadrun.h"
#include "selfsignedcert.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace ocw;
using namespace std::chrono_literals;

namespace {

constexpr char kHeader[] = "x-tenant";
constexpr char kHeaderValue[] = "team-a";

RunOptions runTo(quint16 port, Fidelity fidelity, double rate = 3000)
{
    OcAgentConfig config;
    config.address = QStringLiteral("127.0.0.1:%1").arg(port);
    config.serviceName = QStringLiteral("krakend-tapped");
    config.insecure = true;
    config.reconnection = QStringLiteral("200ms");
    config.headers = QList<HeaderEntry>{{QLatin1String(kHeader), QLatin1String(kHeaderValue)}};
    RunSettings settings;
    settings.reconnectionJitter = false;
    settings.drainTimeout = 60s; // a clean drain ends as soon as the agent confirms
    settings.fidelity = fidelity;
    RunOptions run;
    run.exporter = *ExporterOptions::fromConfig(config, settings).options;
    run.spansPerSecond = rate;
    run.metricInterval = 100ms;
    return run;
}

ForwardOptions forwardTo(quint16 port)
{
    return *ForwardOptions::make(QStringLiteral("127.0.0.1:%1").arg(port), true, QString()).options;
}

// An agent that forwards to `port`, with a long drain: a clean one ends as soon as the upstream confirms.
AgentOptions tapTo(quint16 port)
{
    AgentOptions options;
    options.forward = forwardTo(port);
    options.forward->drainTimeout = 60s;
    return options;
}

// An upstream collector that refuses streams without the sender's header.
AgentOptions requiringTheHeader()
{
    AgentOptions options;
    options.requiredHeaderName = QLatin1String(kHeader);
    options.requiredHeaderValue = QLatin1String(kHeaderValue);
    return options;
}

// Sends until at least this much was written, then stops and drains.
ExporterSnapshot sendSome(LoadRun &run, std::uint64_t spans, std::uint64_t points)
{
    run.start();
    const auto enough = [&] {
        const ExporterSnapshot e = run.snapshot().exporter;
        return e.spans.written >= spans && e.points.written >= points;
    };
    if (!QTest::qWaitFor(enough, 20000))
        qWarning("the run did not write enough in 20 s");
    run.stop();
    return run.snapshot().exporter;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The messages of a length-delimited file, parsed; fails the test on a broken file.
template<typename Request>
QList<Request> requestsIn(const QByteArray &bytes)
{
    const DelimitedRecords split = splitDelimited(std::string_view(bytes.constData(), std::size_t(bytes.size())));
    QList<Request> requests;
    if (!split.error.isEmpty()) {
        qWarning("%s", qPrintable(split.error));
        return requests;
    }
    for (const DelimitedRecords::Record &record : split.records) {
        Request request;
        if (!request.ParseFromArray(record.bytes.data(), int(record.bytes.size())))
            return {};
        requests.append(request);
    }
    return requests;
}

} // namespace

class TestAgentTap : public QObject
{
    Q_OBJECT

private slots:
    // Sender -> tap -> upstream: the upstream gets what the tap got, with the sender's Node and headers, and
    // the recording holds every request with its receive time.
    void forwardsAndRecordsWithCountsEqualAtEveryHop()
    {
        EmbeddedAgent upstream(requiringTheHeader());
        QVERIFY(upstream.start().isEmpty());
        QTemporaryDir dir;
        const QString recordFile = dir.filePath(QStringLiteral("session"));
        AgentOptions tapOptions = tapTo(upstream.port());
        tapOptions.recordFile = recordFile;
        EmbeddedAgent tap(tapOptions);
        QVERIFY(tap.start().isEmpty());

        // Headers on every stream, so the upstream that requires one takes all of it.
        LoadRun run(runTo(tap.port(), Fidelity::Improved));
        const ExporterSnapshot e = sendSome(run, 2000, 5);
        QCOMPARE(e.drain, DrainOutcome::Clean);
        tap.stop();
        QCOMPARE(tap.finishTap(), QString());

        // Hop 1: the tap received what the exporter sent.
        const AgentSnapshot t = tap.snapshot();
        QCOMPARE(t.spans, e.spans.sent);
        QCOMPARE(t.points, e.points.sent);
        // Hop 2: the forwarder wrote all of it upstream, and the upstream confirmed every stream.
        const ForwardSnapshot &f = t.forward;
        QVERIFY(f.enabled);
        QCOMPARE(f.spans.received, t.spans);
        QCOMPARE(f.points.received, t.points);
        QCOMPARE(f.spans.confirmed, f.spans.received);
        QCOMPARE(f.points.confirmed, f.points.received);
        QCOMPARE(f.spans.dropped() + f.points.dropped() + f.spans.unconfirmed, 0u);
        QCOMPARE(f.upstreamErrors, 0u);
        QCOMPARE(f.upstreamStreams, 2u); // one trace and one metrics stream: the Config stream is the tap's own
        upstream.recorder().checkRemainingTraces();
        const AgentSnapshot u = upstream.snapshot();
        QCOMPARE(u.spans, f.spans.confirmed);
        QCOMPARE(u.points, f.points.confirmed);
        QCOMPARE(u.traces, t.traces);
        QCOMPARE(u.rejectedUnauthenticated, 0u);
        QCOMPARE(u.violationCount(), 0u);
        // The upstream sees the sender, not the tap: its Node first, its header.
        QCOMPARE(u.nodes.size(), 1);
        QCOMPARE(u.nodes.first().serviceName, QStringLiteral("krakend-tapped"));
        QCOMPARE(u.nodes.first().pid, quint32(QCoreApplication::applicationPid()));
        QCOMPARE(upstream.recorder().lastHeaderValue(kHeader), std::string(kHeaderValue));

        // The recording: every request, in the files recordinglayout.h names, with one time line each.
        const RecordingSnapshot &r = t.recording;
        QVERIFY(r.enabled);
        QCOMPARE(r.error, QString());
        QCOMPARE(r.spans, t.spans);
        QCOMPARE(r.points, t.points);
        const RecordingLayout layout = RecordingLayout::of(recordFile);
        const auto traces = requestsIn<opencensus::proto::agent::trace::v1::ExportTraceServiceRequest>(readAll(layout.traces));
        const auto metrics = requestsIn<opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest>(readAll(layout.metrics));
        QCOMPARE(std::uint64_t(traces.size() + metrics.size()), r.requests);
        std::uint64_t spans = 0;
        for (const auto &request : traces)
            spans += std::uint64_t(request.spans_size());
        QCOMPARE(spans, r.spans);
        QVERIFY(traces.first().has_node()); // the stream's first message, as it came
        QCOMPARE(QString::fromStdString(traces.first().node().service_info().name()), QStringLiteral("krakend-tapped"));
        QVERIFY(!metrics.isEmpty() && metrics.first().has_node());

        const QList<QByteArray> lines = readAll(layout.times).split('\n');
        QCOMPARE(lines.first() + '\n', QByteArray(TimesHeader));
        int traceLines = 0;
        int metricsLines = 0;
        std::int64_t previous = 0;
        for (const QByteArray &line : lines.mid(1)) {
            if (line.isEmpty())
                continue;
            const std::optional<TimesEntry> entry = parseTimesLine(std::string_view(line.constData(), std::size_t(line.size())));
            QVERIFY2(entry, line.constData());
            ++(entry->kind == RecordedKind::Trace ? traceLines : metricsLines);
            QVERIFY(entry->receivedNanos >= previous); // written in the order received
            previous = entry->receivedNanos;
        }
        QCOMPARE(traceLines, traces.size());
        QCOMPARE(metricsLines, metrics.size());
    }

    // KrakenD sends its header on the trace stream only: behind the tap, a collector that requires it
    // refuses the relayed metrics stream as it would refuse KrakenD's own, and the tap counts what that cost.
    void theUpstreamSeesWhatItWouldHaveSeenDirectly()
    {
        EmbeddedAgent upstream(requiringTheHeader());
        QVERIFY(upstream.start().isEmpty());
        AgentOptions tapOptions = tapTo(upstream.port());
        EmbeddedAgent tap(tapOptions);
        QVERIFY(tap.start().isEmpty());

        LoadRun run(runTo(tap.port(), Fidelity::Krakend));
        sendSome(run, 1000, 5);
        tap.stop();
        tap.finishTap();
        const ForwardSnapshot f = tap.snapshot().forward;
        QVERIFY(f.upstreamErrors >= 1);
        QVERIFY2(f.lastUpstreamError.contains(QStringLiteral("UNAUTHENTICATED")), qPrintable(f.lastUpstreamError));
        // A write may go out before the refusal comes back: then it is unconfirmed, never confirmed.
        QCOMPARE(f.points.confirmed, 0u);
        QCOMPARE(f.points.unconfirmed, f.points.forwarded);
        QCOMPARE(f.points.forwarded + f.points.dropped(), f.points.received);
        QCOMPARE(f.spans.confirmed, f.spans.received); // the trace stream carries the header
        QCOMPARE(upstream.snapshot().points, 0u);
        QCOMPARE(upstream.snapshot().spans, f.spans.received);
        QVERIFY(upstream.snapshot().rejectedUnauthenticated >= 1);
    }

    // The upstream ends its streams every 300 ms: each reopened relay stream starts with the sender's Node
    // again (the upstream sees no stream without one), and what the broken streams carried is unconfirmed.
    void reopenedUpstreamStreamsStartWithTheSendersNode()
    {
        AgentOptions closing;
        closing.closeStreamsEvery = 300ms;
        EmbeddedAgent upstream(closing);
        QVERIFY(upstream.start().isEmpty());
        AgentOptions tapOptions = tapTo(upstream.port());
        tapOptions.forward->minBackoff = 10ms;
        EmbeddedAgent tap(tapOptions);
        QVERIFY(tap.start().isEmpty());

        LoadRun run(runTo(tap.port(), Fidelity::Improved));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(tap.snapshot().forward.upstreamStreams >= 6 && tap.snapshot().forward.points.forwarded >= 2, 20000);
        run.stop();
        tap.stop();
        tap.finishTap();
        const ForwardSnapshot f = tap.snapshot().forward;
        QVERIFY(f.spans.unconfirmed > 0);
        QCOMPARE(f.spans.buffered(), 0u);
        QCOMPARE(f.spans.received, f.spans.confirmed + f.spans.unconfirmed + f.spans.dropped());
        const AgentSnapshot u = upstream.snapshot();
        QCOMPARE(u.violations.value(QStringLiteral("node_missing_on_first_message")), 0u);
        QVERIFY(f.nodesResent >= 1);
        QCOMPARE(u.nodes.size(), 1);
        QVERIFY(u.spans >= f.spans.confirmed && u.spans <= f.spans.confirmed + f.spans.unconfirmed);
    }

    // With the upstream away, the tap still takes everything at once (the sender's streams end clean) and
    // counts all of it as dropped on the way up.
    void anAbsentUpstreamNeverHoldsUpTheSender()
    {
        quint16 gonePort = 0;
        {
            EmbeddedAgent gone{AgentOptions{}};
            QVERIFY(gone.start().isEmpty());
            gonePort = gone.port();
        }
        AgentOptions tapOptions;
        tapOptions.forward = forwardTo(gonePort);
        tapOptions.forward->drainTimeout = 300ms;
        EmbeddedAgent tap(tapOptions);
        QVERIFY(tap.start().isEmpty());

        LoadRun run(runTo(tap.port(), Fidelity::Improved));
        const ExporterSnapshot e = sendSome(run, 1000, 2);
        QCOMPARE(e.drain, DrainOutcome::Clean);
        tap.stop();
        tap.finishTap();
        const AgentSnapshot t = tap.snapshot();
        QCOMPARE(t.spans, e.spans.sent);
        QCOMPARE(t.forward.spans.received, t.spans);
        QCOMPARE(t.forward.spans.forwarded, 0u);
        QCOMPARE(t.forward.spans.dropped(), t.spans);
        QCOMPARE(t.forward.points.dropped(), t.points);
        QVERIFY(t.forward.upstreamErrors >= 1);
        QVERIFY(t.forward.lastUpstreamError.contains(QStringLiteral("UNAVAILABLE")));
    }

    // An upstream that never reads: the tap's bounded buffer fills and drops (counted), the sender is not held
    // up, and the stop keeps the forward's drain deadline.
    void aStuckUpstreamFillsTheBufferNotTheSender()
    {
        AgentOptions stuck;
        stuck.readDelay = std::chrono::hours(1);
        EmbeddedAgent upstream(stuck);
        QVERIFY(upstream.start().isEmpty());
        AgentOptions tapOptions;
        tapOptions.forward = forwardTo(upstream.port());
        tapOptions.forward->maxBufferedRequests = 4;
        tapOptions.forward->drainTimeout = 500ms;
        EmbeddedAgent tap(tapOptions);
        QVERIFY(tap.start().isEmpty());

        LoadRun run(runTo(tap.port(), Fidelity::Improved, 20000));
        run.start();
        QTRY_VERIFY_WITH_TIMEOUT(tap.snapshot().forward.spans.droppedBy[std::size_t(ForwardDrop::BufferFull)] > 0, 60000);
        run.stop();
        const ExporterSnapshot e = run.snapshot().exporter;
        QCOMPARE(e.drain, DrainOutcome::Clean);
        tap.stop();
        QElapsedTimer timer;
        timer.start();
        tap.finishTap();
        QVERIFY2(timer.elapsed() < 500 + 5000, qPrintable(QString::number(timer.elapsed())));
        const ForwardSnapshot f = tap.snapshot().forward;
        QCOMPARE(tap.snapshot().spans, e.spans.sent);
        QCOMPARE(f.spans.received, e.spans.sent);
        QCOMPARE(f.spans.confirmed, 0u);
        QCOMPARE(f.spans.buffered(), 0u);
        QCOMPARE(f.spans.inFlight(), 0u);
        QCOMPARE(f.spans.unconfirmed, f.spans.forwarded);
        QCOMPARE(f.spans.received, f.spans.forwarded + f.spans.dropped());
        QCOMPARE(upstream.snapshot().spans, 0u);
    }

    // To a TLS collector: trusted through --forward-tls-ca, everything arrives; with the system's roots only,
    // the handshake fails, is counted and said, and the sender is not held up.
    void forwardsOverTlsTrustingTheGivenRoots()
    {
        SelfSignedCert cert;
        QVERIFY(cert.make());
        EmbeddedAgent upstream(cert.serving());
        QVERIFY(upstream.start().isEmpty());
        const QString address = QStringLiteral("127.0.0.1:%1").arg(upstream.port());
        for (const bool trusted : {true, false}) {
            const ForwardOptionsResult made = ForwardOptions::make(address, false, trusted ? cert.certFile : QString());
            QVERIFY2(made.options, qPrintable(made.error));
            AgentOptions tapOptions;
            tapOptions.forward = made.options;
            tapOptions.forward->drainTimeout = trusted ? 60s : 300ms;
            EmbeddedAgent tap(tapOptions);
            QVERIFY(tap.start().isEmpty());
            const std::uint64_t before = upstream.snapshot().spans;
            LoadRun run(runTo(tap.port(), Fidelity::Improved));
            const ExporterSnapshot e = sendSome(run, 500, 2);
            QCOMPARE(e.drain, DrainOutcome::Clean);
            tap.stop();
            tap.finishTap();
            const ForwardSnapshot f = tap.snapshot().forward;
            QVERIFY(f.tls);
            QCOMPARE(f.spans.received, e.spans.sent);
            if (trusted) {
                QCOMPARE(f.spans.confirmed, f.spans.received);
                QCOMPARE(upstream.snapshot().spans - before, f.spans.received);
            } else {
                QCOMPARE(f.spans.forwarded, 0u);
                QCOMPARE(upstream.snapshot().spans, before);
                QVERIFY(f.upstreamErrors >= 1);
                QVERIFY2(f.lastUpstreamError.contains(QStringLiteral("UNAVAILABLE")), qPrintable(f.lastUpstreamError));
            }
        }
        QCOMPARE(ForwardOptions::make(address, true, cert.certFile).options.has_value(), false); // roots for plaintext
        QVERIFY(ForwardOptions::make(address, false, QStringLiteral("/nonexistent/ca.pem")).error.contains(u"/nonexistent/ca.pem"));
    }

    // A recording that cannot be opened fails the agent's start, naming the file.
    void aRecordingThatCannotBeOpenedIsRefusedAtTheStart()
    {
        QTemporaryDir dir;
        const QString recordFile = dir.filePath(QStringLiteral("session"));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("session.times"))); // a directory where the times go
        AgentOptions options;
        options.recordFile = recordFile;
        EmbeddedAgent agent(options);
        const QString error = agent.start();
        QVERIFY2(error.contains(recordFile + QStringLiteral(".times")), qPrintable(error));
        QVERIFY(!agent.isListening());
    }
};

QTEST_GUILESS_MAIN(TestAgentTap)
#include "tst_agenttap.moc"
