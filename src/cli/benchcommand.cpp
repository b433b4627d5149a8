// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "agent/embeddedagent.h"
#include "exporter/nodeidentity.h"
#include "load/tracegenerator.h"
#include "run/loadrun.h"

#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>

namespace ocw::cli {

namespace {

constexpr int kSpansPerRequest = 300; // the Go exporter's bundle size, as the exporter's batches
constexpr int kWireCountingPairs = 6;

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

// The exporter as a run uses it: generation, queue, accounting, wire counting, all on. It is offered a
// little more than the ceiling, so it runs flat out without a generator burning a core on spans that
// could only be dropped.
double exporterSpansPerSecond(quint16 port, bool gzip, double seconds, double offered, EmbeddedAgent &agent, bool countWireBytes = true)
{
    const std::uint64_t before = agent.snapshot().spans;
    RunOptions options;
    options.exporter = benchOptions(port, gzip);
    options.exporter.measureWireBytes = countWireBytes;
    options.spansPerSecond = offered;
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

int runBench(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Length of each throughput phase (default 5)."),
                                     QStringLiteral("S"), QStringLiteral("5"));
    const QCommandLineOption outage(QStringLiteral("outage-seconds"),
                                    QStringLiteral("Length of the agent outage for the memory check (default 60; 0 skips it)."),
                                    QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the results as JSON."));
    parser.addOptions({seconds, outage, json});
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("Measures the exporter against the embedded agent on loopback: spans per "
                                                 "second with gzip off and on, each against a raw gRPC ceiling measured in "
                                                 "the same run and against itself without counting wire bytes, and resident "
                                                 "memory through an agent outage at full rate."));
    if (early >= 0)
        return early;
    double phase = 0;
    double outageSeconds = 0;
    if (!readNumberOrComplain(parser, seconds, 0.001, MaxOptionSeconds, QStringLiteral("seconds"), phase)
        || !readNumberOrComplain(parser, outage, 0.0, MaxOptionSeconds, QStringLiteral("seconds"), outageSeconds))
        return Usage;

    QJsonObject results;
    QJsonArray throughput;
    for (const bool gzip : {false, true}) {
        EmbeddedAgent agent(AgentOptions{});
        if (const QString error = agent.start(); !error.isEmpty()) {
            err() << "ocworkbench-cli: " << error << '\n' << Qt::flush;
            return Failed;
        }
        const double ceiling = ceilingSpansPerSecond(agent.port(), gzip, phase);
        const double exporter = exporterSpansPerSecond(agent.port(), gzip, phase, ceiling * 1.1, agent);
        const double ratio = exporter / ceiling;
        // What counting the wire bytes costs: runs with the counter on and off, in pairs whose order alternates,
        // so that the machine's own drift weighs on both alike; the median of the pairs' ratios.
        std::vector<double> wireRatios;
        for (int pair = 0; pair < kWireCountingPairs; ++pair) {
            const bool countedFirst = pair % 2 == 0;
            const double first = exporterSpansPerSecond(agent.port(), gzip, phase / 2, ceiling * 1.1, agent, countedFirst);
            const double second = exporterSpansPerSecond(agent.port(), gzip, phase / 2, ceiling * 1.1, agent, !countedFirst);
            wireRatios.push_back(countedFirst ? first / second : second / first);
        }
        std::sort(wireRatios.begin(), wireRatios.end());
        const double wireRatio = (wireRatios[kWireCountingPairs / 2 - 1] + wireRatios[kWireCountingPairs / 2]) / 2;
        QJsonArray pairs;
        for (const double r : wireRatios)
            pairs.append(r);
        throughput.append(QJsonObject{{QStringLiteral("gzip"), gzip},
                                      {QStringLiteral("ceiling_spans_per_second"), ceiling},
                                      {QStringLiteral("exporter_spans_per_second"), exporter},
                                      {QStringLiteral("ratio"), ratio},
                                      {QStringLiteral("wire_counting_ratio"), wireRatio},
                                      {QStringLiteral("wire_counting_ratios"), pairs}});
        err() << QStringLiteral("bench: gzip %1: exporter %2 spans/s, raw ceiling %3 spans/s, ratio %4; counting wire bytes "
                                "costs: counted / uncounted %5 (median of %6 pairs)\n")
                     .arg(gzip ? QStringLiteral("on ") : QStringLiteral("off"))
                     .arg(exporter, 0, 'f', 0)
                     .arg(ceiling, 0, 'f', 0)
                     .arg(ratio, 0, 'f', 3)
                     .arg(wireRatio, 0, 'f', 3)
                     .arg(kWireCountingPairs)
              << Qt::flush;
    }
    results.insert(QStringLiteral("throughput"), throughput);

    if (outageSeconds > 0) {
        // An agent that is down for the whole phase: the queue fills to its bound and everything past it is
        // dropped and counted; resident memory must stay flat once the queue is full.
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
        const qint64 start = residentKiB();
        run.start();
        QJsonArray samples;
        qint64 afterFill = -1;
        for (int second = 1; second <= int(outageSeconds); ++second) {
            QThread::msleep(1000);
            const qint64 rss = residentKiB();
            samples.append(rss);
            if (second == std::min(5, int(outageSeconds)))
                afterFill = rss;
            err() << QStringLiteral("bench: outage %1 s, resident %2 MiB, dropped %3 spans\n")
                         .arg(second)
                         .arg(double(rss) / 1024.0, 0, 'f', 1)
                         .arg(run.snapshot().exporter.spans.dropped())
                  << Qt::flush;
        }
        run.stop();
        const qint64 end = residentKiB();
        const ExporterSnapshot e = run.snapshot().exporter;
        results.insert(QStringLiteral("outage"),
                       QJsonObject{{QStringLiteral("seconds"), outageSeconds},
                                   {QStringLiteral("resident_kib_start"), start},
                                   {QStringLiteral("resident_kib_after_5s"), afterFill},
                                   {QStringLiteral("resident_kib_end"), end},
                                   {QStringLiteral("growth_after_5s_ratio"), afterFill > 0 ? double(end) / double(afterFill) : 0.0},
                                   {QStringLiteral("spans_generated"), qint64(e.spans.generated)},
                                   {QStringLiteral("spans_dropped"), qint64(e.spans.dropped())},
                                   {QStringLiteral("spans_queued_at_stop"), qint64(e.spans.queued)},
                                   {QStringLiteral("accounting_balanced"), e.spans.balanced()},
                                   {QStringLiteral("resident_kib_per_second"), samples}});
        err() << QStringLiteral("bench: outage of %1 s: resident %2 MiB after 5 s, %3 MiB at the end (x%4); %5 spans dropped, "
                                "accounting %6\n")
                     .arg(outageSeconds)
                     .arg(double(afterFill) / 1024.0, 0, 'f', 1)
                     .arg(double(end) / 1024.0, 0, 'f', 1)
                     .arg(afterFill > 0 ? double(end) / double(afterFill) : 0.0, 0, 'f', 3)
                     .arg(e.spans.dropped())
                     .arg(e.spans.balanced() ? QStringLiteral("balanced") : QStringLiteral("NOT balanced"))
              << Qt::flush;
    }
    if (parser.isSet(json))
        out() << QJsonDocument(results).toJson() << Qt::flush;
    return Ok;
}

} // namespace ocw::cli
