// SPDX-License-Identifier: Apache-2.0
#include "agentconnection.h"

#include "grpcstatus.h"
#include "logging.h"
#include "nodeidentity.h"
#include "rawstream.h"
#include "tracesampler.h"
#include "wirebytecounter.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.grpc.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.grpc.pb.h"

#include <grpcpp/grpcpp.h>

#include <mutex>
#include <thread>

namespace ocw {

namespace agenttrace = opencensus::proto::agent::trace::v1;
namespace agentmetrics = opencensus::proto::agent::metrics::v1;
using Clock = std::chrono::steady_clock;

// The Export streams carry bytes (rawstream.h); the Config stream is typed.
using ConfigStream = grpc::ClientReaderWriter<agenttrace::CurrentLibraryConfig, agenttrace::UpdatedLibraryConfig>;
constexpr std::array kStreamNames{"trace", "metrics", "config"};

// One bidi stream and the thread that reads what the agent sends down it.
struct AgentConnection::Stream {
    grpc::ClientContext context;
    std::unique_ptr<RawStream> raw;       // the trace and metrics streams
    std::unique_ptr<ConfigStream> config; // the config stream
    std::mutex writeMutex;                // the config reader echoes while the exporter half-closes
    std::thread reader;
    std::atomic<bool> halfClosed{false};
    std::atomic<bool> endedFirst{false}; // the agent ended it before we half-closed or cancelled it
    std::atomic<bool> readerDone{false};
    bool finished = false;
    grpc::Status status;
    std::size_t written = 0; // items written after the first message

    bool open() const { return raw || config; }
    bool writesDone() { return raw ? raw->WritesDone() : config->WritesDone(); }
    grpc::Status finishCall() { return raw ? raw->Finish() : config->Finish(); }
};

struct AgentConnection::Grpc {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<agenttrace::TraceService::Stub> traceStub;
    std::array<Stream, StreamCount> streams;
};

namespace {

constexpr auto kGiveUpCheck = std::chrono::milliseconds(100);

} // namespace

AgentConnection::AgentConnection(const ExporterOptions &options, TraceSampler &sampler, WireByteCounter *wireBytes,
                                 std::function<void(std::size_t)> wrote)
    : m_options(options), m_sampler(sampler), m_wireBytes(wireBytes), m_wrote(std::move(wrote)),
      m_grpc(std::make_unique<Grpc>())
{
}

AgentConnection::~AgentConnection()
{
    end(true);
}

QString AgentConnection::open(const std::atomic<bool> &giveUp)
{
    grpc::ChannelArguments args;
    if (m_options.gzip)
        args.SetCompressionAlgorithm(GRPC_COMPRESS_GZIP);
    // A connection of its own, as a Go exporter's ClientConn has: gRPC would otherwise share one TCP
    // connection between channels of equal arguments (a run's parallel connections, a reconnection).
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    if (m_wireBytes)
        m_wireBytes->attachTo(args);
    Grpc &g = *m_grpc;
    g.channel = grpc::CreateCustomChannel(m_options.target.grpcTarget().toStdString(), channelCredentials(m_options.insecure, m_options.caPem, m_options.certPem, m_options.keyPem), args);

    // Wait for the channel in short slices, so that giving up is never held up by a slow connect.
    const auto deadline = Clock::now() + m_options.connectTimeout;
    grpc_connectivity_state state = g.channel->GetState(true);
    while (!giveUp && state != GRPC_CHANNEL_READY && state != GRPC_CHANNEL_TRANSIENT_FAILURE && Clock::now() < deadline) {
        g.channel->WaitForStateChange(state, std::chrono::system_clock::now() + kGiveUpCheck);
        state = g.channel->GetState(true);
    }
    if (giveUp)
        return QString();
    if (state != GRPC_CHANNEL_READY && state != GRPC_CHANNEL_TRANSIENT_FAILURE) {
        noteBroken(Breakage::Unreachable);
        return QStringLiteral("no connection to %1 within %2 s").arg(m_options.address).arg(m_options.connectTimeout.count() / 1000.0);
    }
    const QString error = openStreams(giveUp);
    if (!error.isEmpty())
        return giveUp ? QString() : error;
    startReaders();
    return QString();
}

QString AgentConnection::openStreams(const std::atomic<bool> &giveUp)
{
    Grpc &g = *m_grpc;
    const bool krakend = m_options.fidelity == Fidelity::Krakend;
    const auto node = makeNode(m_options.serviceName, m_options.connection, m_options.connectionCount);
    const auto resource = makeResource(m_options.serviceName);
    g.traceStub = agenttrace::TraceService::NewStub(g.channel);
    for (std::size_t i = 0; i < g.streams.size(); ++i) {
        // The Go exporter puts the headers on the trace Export stream's context only.
        if (krakend && i != Trace)
            continue;
        // grpc-go lower-cases metadata keys; gRPC C++ refuses upper case, so do as Go does.
        for (const HeaderEntry &h : m_options.headers)
            g.streams[i].context.AddMetadata(h.name.toLower().toStdString(), h.value.toStdString());
    }

    // A failing channel fails a stream's first write; Finish() then says why (refused, TLS handshake, a
    // missing header, ...), in gRPC's words.
    const auto failed = [&](StreamIndex index, Breakage breakage, const char *what) {
        Stream &stream = g.streams[index];
        stream.status = stream.finishCall();
        stream.finished = true;
        // The first stream's UNAVAILABLE is the channel's: the agent was not reached at all.
        noteBroken(index == Trace && stream.status.error_code() == grpc::StatusCode::UNAVAILABLE ? Breakage::Unreachable : breakage);
        return QStringLiteral("%1 %2: %3").arg(QLatin1String(what), m_options.address, describeStatus(stream.status));
    };
    // Each Export stream opens with a message holding only the Node and the Resource.
    const auto openExport = [&](StreamIndex index, const char *method, auto firstRequest, Breakage breakage, const char *what) {
        Stream &stream = g.streams[index];
        stream.raw = openRawStream(*g.channel, method, stream.context);
        *firstRequest.mutable_node() = node;
        *firstRequest.mutable_resource() = resource;
        const std::string first = firstRequest.SerializeAsString();
        if (!stream.raw->Write(toBuffer(first)))
            return failed(index, breakage, what);
        m_wrote(first.size());
        return QString();
    };
    const auto openConfig = [&] {
        Stream &config = g.streams[Config];
        config.config = g.traceStub->Config(&config.context);
        agenttrace::CurrentLibraryConfig first;
        *first.mutable_node() = node;
        if (!config.config->Write(first))
            return false;
        m_wrote(first.ByteSizeLong());
        return true;
    };
    const auto openMetrics = [&] {
        return openExport(Metrics, MetricsExportMethod, agentmetrics::ExportMetricsServiceRequest(), Breakage::MetricsStream,
                          "cannot export metrics to");
    };

    if (QString error = openExport(Trace, TraceExportMethod, agenttrace::ExportTraceServiceRequest(), Breakage::TraceStream,
                                   "cannot export traces to");
        !error.isEmpty() || giveUp)
        return error;
    if (krakend) {
        // As the Go exporter: the Config stream next, and a first message it cannot send fails the connection.
        if (!openConfig())
            return failed(Config, Breakage::ConfigStream, "cannot open the Config stream to");
        return openMetrics();
    }
    if (QString error = openMetrics(); !error.isEmpty())
        return error;
    // Best effort: agents that do not implement the Config stream (the OpenTelemetry Collector's receiver)
    // must not stop the export.
    openConfig();
    return QString();
}

void AgentConnection::noteBroken(Breakage breakage)
{
    {
        const std::lock_guard lock(m_brokenMutex);
        if (!m_brokenBy)
            m_brokenBy = breakage;
    }
    m_broken = true;
}

void AgentConnection::startReaders()
{
    // The Go exporter reads nothing from its Export streams: it learns that one broke only when a write to
    // it fails. Fidelity improved notices at once, and writes nothing more to a broken connection.
    const bool noticeEnds = m_options.fidelity == Fidelity::Improved;
    const auto ended = [this, noticeEnds](Stream &stream, std::optional<Breakage> breaks) {
        stream.endedFirst = !stream.halfClosed && !m_cancelling;
        stream.readerDone = true;
        if (breaks && stream.endedFirst && noticeEnds)
            noteBroken(*breaks);
    };
    for (const auto &[index, breakage] : {std::pair{Trace, Breakage::TraceStream}, std::pair{Metrics, Breakage::MetricsStream}}) {
        Stream &stream = m_grpc->streams[index];
        stream.reader = std::thread([&stream, ended, breakage = breakage] {
            grpc::ByteBuffer response;
            while (stream.raw->Read(&response)) {
            }
            ended(stream, breakage);
        });
    }
    Stream &config = m_grpc->streams[Config];
    config.reader = std::thread([this, &config, ended] {
        agenttrace::UpdatedLibraryConfig update;
        while (config.config->Read(&update)) {
            agenttrace::CurrentLibraryConfig echo;
            *echo.mutable_config() = m_sampler.apply(update.config());
            qCInfo(lcExporter) << "sampler from the agent:" << m_sampler.describe();
            const std::lock_guard lock(config.writeMutex);
            if (config.halfClosed || !config.config->Write(echo))
                continue; // keep reading until the agent ends the stream
            m_wrote(echo.ByteSizeLong());
        }
        ended(config, std::nullopt);
    });
}

ExportResult AgentConnection::exportSpans(const std::string &spanRecords, std::size_t spans) noexcept
{
    Stream &trace = m_grpc->streams[Trace];
    // The span records are the request: a request after the first carries no Node.
    if (m_broken || !trace.raw)
        return ExportResult::Failed;
    if (!trace.raw->Write(toBuffer(spanRecords))) {
        noteBroken(Breakage::TraceStream);
        return ExportResult::Failed;
    }
    trace.written += spans;
    m_wrote(spanRecords.size());
    return ExportResult::Written;
}

ExportResult AgentConnection::exportMetrics(std::vector<Metric> &&metrics, std::size_t points) noexcept
{
    Stream &stream = m_grpc->streams[Metrics];
    if (m_broken || !stream.raw)
        return ExportResult::Failed;
    agentmetrics::ExportMetricsServiceRequest request;
    auto *list = request.mutable_metrics();
    list->Reserve(int(metrics.size()));
    for (Metric &metric : metrics)
        list->Add(std::move(metric));
    const std::string encoded = request.SerializeAsString();
    if (!stream.raw->Write(toBuffer(encoded))) {
        noteBroken(Breakage::MetricsStream); // the Go exporter then drops the whole connection, trace stream included
        return ExportResult::Failed;
    }
    stream.written += points;
    m_wrote(encoded.size());
    return ExportResult::Written;
}

AgentConnection::Ending AgentConnection::close()
{
    // Half-close them all first, so that the agent ends them side by side.
    for (Stream &stream : m_grpc->streams) {
        if (!stream.open() || stream.finished || stream.readerDone)
            continue;
        const std::lock_guard lock(stream.writeMutex);
        stream.halfClosed = true;
        stream.writesDone();
    }
    return end(false);
}

AgentConnection::Ending AgentConnection::abandon()
{
    return end(true);
}

void AgentConnection::cancel()
{
    m_stopCancelled = true;
    m_cancelling = true;
    for (Stream &stream : m_grpc->streams)
        stream.context.TryCancel();
}

void AgentConnection::finish(Stream &stream, const char *name, Ending &ending)
{
    if (stream.reader.joinable())
        stream.reader.join();
    if (!stream.open() || stream.finished)
        return;
    stream.status = stream.finishCall();
    stream.finished = true;
    const bool ourCancellation = stream.status.error_code() == grpc::StatusCode::CANCELLED && !stream.endedFirst && m_cancelling;
    if (ending.reason.isEmpty() && !stream.status.ok() && !ourCancellation)
        ending.reason = QStringLiteral("%1 stream ended: %2").arg(QLatin1String(name), describeStatus(stream.status));
}

AgentConnection::Ending AgentConnection::end(bool cancelRest)
{
    auto &streams = m_grpc->streams;
    Ending ending;
    // Read the socket's count before and after the streams end: an agent that goes away closes it.
    if (m_wireBytes)
        m_wireBytes->bytesWritten();
    // A stream the agent ended is finished before the others are cancelled, or its status reads CANCELLED.
    for (std::size_t i = 0; i < streams.size(); ++i) {
        if (streams[i].readerDone)
            finish(streams[i], kStreamNames[i], ending);
    }
    {
        const std::lock_guard lock(m_brokenMutex);
        ending.brokenBy = m_brokenBy;
    }
    if (cancelRest) {
        // Another stream broke and the trace stream was still up: the connection goes down with it, as the
        // Go exporter's reconnect closes the healthy one.
        ending.healthyTraceStreamClosed = ending.brokenBy && *ending.brokenBy != Breakage::TraceStream
            && *ending.brokenBy != Breakage::Unreachable && streams[Trace].open() && !streams[Trace].finished;
        m_cancelling = true;
        for (Stream &stream : streams) {
            if (!stream.finished)
                stream.context.TryCancel();
        }
    }
    for (std::size_t i = 0; i < streams.size(); ++i)
        finish(streams[i], kStreamNames[i], ending);
    if (m_wireBytes)
        m_wireBytes->bytesWritten();

    const auto deliveryOf = [this](const Stream &stream) {
        return deliveryAtEnd(stream.status, stream.halfClosed, stream.endedFirst, m_stopCancelled);
    };
    for (const Stream &stream : streams)
        ending.unauthenticatedStreams += stream.status.error_code() == grpc::StatusCode::UNAUTHENTICATED ? 1 : 0;
    ending.spans = std::exchange(streams[Trace].written, 0);
    ending.points = std::exchange(streams[Metrics].written, 0);
    ending.spanDelivery = deliveryOf(streams[Trace]);
    ending.pointDelivery = deliveryOf(streams[Metrics]);
    return ending;
}

} // namespace ocw
