// SPDX-License-Identifier: Apache-2.0
#include "exporterbench.h"

#include "agent/embeddedagent.h"
#include "exporter/nodeidentity.h"
#include "load/tracegenerator.h"
#include "run/loadrun.h"

#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QThread>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>

namespace ocw {

namespace {

constexpr int kSpansPerRequest = 300; // the Go exporter's bundle size, as the exporter's batches
constexpr int kWireCountingPairs = 6;

ExporterOptions benchOptions(quint16 port, bool gzip)
{
    ExporterOptions o;
    o.target = AgentAddress::loopback(port);
    o.address = o.target.display();
    o.serviceName = QStringLiteral("bench");
    o.insecure = true;
    o.gzip = gzip;
    o.reconnectionPeriod = std::chrono::milliseconds(500);
    o.reconnectionJitter = false;
    return o;
}

// The ceiling: the same kind of requests, built and serialized beforehand, written one after another on
// a bare TraceService/Export stream. No generation, no queue, no accounting, no byte counting.
double ceilingSpansPerSecond(quint16 port, bool gzip, double seconds)
{
    auto load = std::make_unique<TraceGenerator>(TraceShape{}, 7); // the KrakenD preset, as a run without a profile
    std::vector<grpc::ByteBuffer> requests;
    for (int r = 0; r < 64; ++r) {
        EncodedSpans spans;
        while (int(spans.count()) < kSpansPerRequest)
            load->appendTrace(spans, std::chrono::system_clock::now().time_since_epoch().count());
        grpc::Slice slice(spans.data(), spans.byteSize()); // span records back to back: a whole request
        requests.emplace_back(&slice, 1);
    }
    opencensus::proto::agent::trace::v1::ExportTraceServiceRequest first;
    *first.mutable_node() = makeNode(QStringLiteral("bench"));
    const std::string firstBytes = first.SerializeAsString();
    grpc::Slice firstSlice(firstBytes);
    const grpc::ByteBuffer firstBuffer(&firstSlice, 1);

    grpc::ChannelArguments args;
    if (gzip)
        args.SetCompressionAlgorithm(GRPC_COMPRESS_GZIP);
    const auto channel = grpc::CreateCustomChannel(QStringLiteral("127.0.0.1:%1").arg(port).toStdString(),
                                                   grpc::InsecureChannelCredentials(), args);
    grpc::GenericStub stub(channel);
    grpc::ClientContext context;
    grpc::CompletionQueue queue;
    void *tag = nullptr;
    bool ok = false;
    const auto call = stub.PrepareCall(&context, "/opencensus.proto.agent.trace.v1.TraceService/Export", &queue);
    call->StartCall(reinterpret_cast<void *>(1));
    queue.Next(&tag, &ok);
    call->Write(firstBuffer, reinterpret_cast<void *>(2));
    queue.Next(&tag, &ok);
    QElapsedTimer timer;
    timer.start();
    std::uint64_t spans = 0;
    for (std::size_t i = 0; ok && timer.elapsed() < qint64(seconds * 1000); ++i) {
        call->Write(requests[i % requests.size()], reinterpret_cast<void *>(3));
        queue.Next(&tag, &ok);
        spans += kSpansPerRequest;
    }
    call->WritesDone(reinterpret_cast<void *>(4));
    queue.Next(&tag, &ok);
    grpc::Status status;
    call->Finish(&status, reinterpret_cast<void *>(5)); // completes when the agent has read everything
    queue.Next(&tag, &ok);
    const double elapsed = double(timer.nsecsElapsed()) / 1e9;
    queue.Shutdown();
    while (queue.Next(&tag, &ok)) {
    }
    return double(spans) / elapsed;
}

// The exporter as a run uses it: generation, queue, accounting, wire counting, all on. Offered a little
// more than the ceiling, it runs flat out without a generator burning a core on spans that could only be
// dropped; without an offer it is the closed loop of run --rate max.
double exporterSpansPerSecond(quint16 port, bool gzip, double seconds, std::optional<double> offered, EmbeddedAgent &agent,
                              bool countWireBytes = true)
{
    const std::uint64_t before = agent.snapshot().spans;
    RunOptions options;
    options.exporter = benchOptions(port, gzip);
    options.exporter.measureWireBytes = countWireBytes;
    options.spansPerSecond = offered.value_or(0);
    options.asFastAsDrained = !offered;
    options.metricInterval = std::chrono::seconds(1);
    LoadRun run(options);
    QElapsedTimer timer;
    timer.start();
    run.start();
    QThread::msleep(ulong(seconds * 1000));
    run.stop(); // drains and closes cleanly: the agent has read all that was sent
    const double elapsed = double(timer.nsecsElapsed()) / 1e9;
    return double(agent.snapshot().spans - before) / elapsed;
}

} // namespace

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

std::optional<ThroughputResult> measureThroughput(bool gzip, double seconds, QString *error)
{
    EmbeddedAgent agent(AgentOptions{});
    if (const QString failure = agent.start(); !failure.isEmpty()) {
        *error = failure;
        return std::nullopt;
    }
    ThroughputResult result;
    result.gzip = gzip;
    result.ceilingSpansPerSecond = ceilingSpansPerSecond(agent.port(), gzip, seconds);
    const double offered = result.ceilingSpansPerSecond * 1.1;
    result.exporterSpansPerSecond = exporterSpansPerSecond(agent.port(), gzip, seconds, offered, agent);
    result.closedLoopSpansPerSecond = exporterSpansPerSecond(agent.port(), gzip, seconds, std::nullopt, agent);
    // What counting the wire bytes costs: runs with the counter on and off, in pairs whose order alternates,
    // so that the machine's own drift weighs on both alike; the median of the pairs' ratios.
    for (int pair = 0; pair < kWireCountingPairs; ++pair) {
        const bool countedFirst = pair % 2 == 0;
        const double first = exporterSpansPerSecond(agent.port(), gzip, seconds / 2, offered, agent, countedFirst);
        const double second = exporterSpansPerSecond(agent.port(), gzip, seconds / 2, offered, agent, !countedFirst);
        result.wireCountingRatios.push_back(countedFirst ? first / second : second / first);
    }
    std::sort(result.wireCountingRatios.begin(), result.wireCountingRatios.end());
    result.wireCountingRatio = (result.wireCountingRatios[kWireCountingPairs / 2 - 1] + result.wireCountingRatios[kWireCountingPairs / 2]) / 2;
    return result;
}

OutageResult measureOutage(double seconds, const std::function<void(int, qint64, std::uint64_t)> &progress)
{
    // A port nothing listens on: an agent's, just closed.
    quint16 port = 0;
    {
        EmbeddedAgent gone(AgentOptions{});
        if (gone.start().isEmpty())
            port = gone.port();
    }
    RunOptions options;
    options.exporter = benchOptions(port, true);
    options.spansPerSecond = 50e6;
    LoadRun run(options);
    OutageResult result;
    result.seconds = seconds;
    result.residentKiBStart = residentKiB();
    run.start();
    for (int second = 1; second <= int(seconds); ++second) {
        QThread::msleep(1000);
        const qint64 rss = residentKiB();
        result.residentKiBPerSecond.push_back(rss);
        if (second == std::min(5, int(seconds)))
            result.residentKiBAfterFill = rss;
        progress(second, rss, run.snapshot().exporter.spans.dropped());
    }
    run.stop();
    result.residentKiBEnd = residentKiB();
    const ExporterSnapshot e = run.snapshot().exporter;
    result.spansGenerated = e.spans.generated;
    result.spansDropped = e.spans.dropped();
    result.spansQueuedAtStop = e.spans.queued;
    result.balanced = e.spans.balanced();
    return result;
}

QJsonObject ThroughputResult::toJson() const
{
    QJsonArray pairs;
    for (const double r : wireCountingRatios)
        pairs.append(r);
    return QJsonObject{{QStringLiteral("gzip"), gzip},
                       {QStringLiteral("ceiling_spans_per_second"), ceilingSpansPerSecond},
                       {QStringLiteral("exporter_spans_per_second"), exporterSpansPerSecond},
                       {QStringLiteral("ratio"), ratio()},
                       {QStringLiteral("closed_loop_spans_per_second"), closedLoopSpansPerSecond},
                       {QStringLiteral("closed_loop_ratio"), closedLoopRatio()},
                       {QStringLiteral("wire_counting_ratio"), wireCountingRatio},
                       {QStringLiteral("wire_counting_ratios"), pairs}};
}

QJsonObject OutageResult::toJson() const
{
    QJsonArray samples;
    for (const qint64 rss : residentKiBPerSecond)
        samples.append(rss);
    return QJsonObject{{QStringLiteral("seconds"), seconds},
                       {QStringLiteral("resident_kib_start"), residentKiBStart},
                       {QStringLiteral("resident_kib_after_5s"), residentKiBAfterFill},
                       {QStringLiteral("resident_kib_end"), residentKiBEnd},
                       {QStringLiteral("growth_after_5s_ratio"), growthAfterFill()},
                       {QStringLiteral("spans_generated"), qint64(spansGenerated)},
                       {QStringLiteral("spans_dropped"), qint64(spansDropped)},
                       {QStringLiteral("spans_queued_at_stop"), qint64(spansQueuedAtStop)},
                       {QStringLiteral("accounting_balanced"), balanced},
                       {QStringLiteral("resident_kib_per_second"), samples}};
}

} // namespace ocw
