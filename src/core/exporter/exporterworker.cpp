// SPDX-License-Identifier: Apache-2.0
#include "exporterworker.h"

#include "bytecountingrelay.h"
#include "grpcstatus.h"
#include "logging.h"
#include "nodeidentity.h"
#include "telemetryqueue.h"
#include "tracesampler.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.grpc.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.grpc.pb.h"

#include <QDeadlineTimer>
#include <QThread>

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/rpc_method.h>
#include <grpcpp/support/sync_stream.h>

#include <random>
#include <thread>

namespace ocw {

namespace agenttrace = opencensus::proto::agent::trace::v1;
namespace agentmetrics = opencensus::proto::agent::metrics::v1;
using Clock = std::chrono::steady_clock;

// The Export streams carry messages already encoded (a batch is its span records back to back), so they
// are opened on the protocol's method paths with raw byte buffers; the Config stream is typed.
using RawStream = grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>;
constexpr const char *kTraceExportMethod = "/opencensus.proto.agent.trace.v1.TraceService/Export";
constexpr const char *kMetricsExportMethod = "/opencensus.proto.agent.metrics.v1.MetricsService/Export";

// One connection to the agent: the channel, the three streams and their readers. Destroyed in order:
// readers joined, streams finished, then the contexts they use.
struct AgentConnection {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<agenttrace::TraceService::Stub> traceStub;
    grpc::ClientContext traceContext;
    grpc::ClientContext configContext;
    grpc::ClientContext metricsContext;
    std::unique_ptr<RawStream> trace;
    std::unique_ptr<grpc::ClientReaderWriter<agenttrace::CurrentLibraryConfig, agenttrace::UpdatedLibraryConfig>> config;
    std::unique_ptr<RawStream> metrics;
    std::vector<std::thread> readers;          // trace, metrics, config: in that order
    std::array<std::atomic<bool>, 3> ended{}; // the agent ended that stream (its reader is done)
    std::mutex configWriteMutex; // the config reader echoes while the worker may half-close
    std::atomic<bool> broken{false};
    bool closedCleanly = false;

    void cancelAll()
    {
        traceContext.TryCancel();
        configContext.TryCancel();
        metricsContext.TryCancel();
    }
};

namespace {

constexpr auto kStopCheck = std::chrono::milliseconds(100);

std::unique_ptr<RawStream> openRawStream(grpc::Channel &channel, const char *method, grpc::ClientContext &context)
{
    return std::unique_ptr<RawStream>(grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
        &channel, grpc::internal::RpcMethod(method, grpc::internal::RpcMethod::BIDI_STREAMING), &context));
}

grpc::ByteBuffer toBuffer(const std::string &bytes)
{
    grpc::Slice slice(bytes.data(), bytes.size());
    return grpc::ByteBuffer(&slice, 1);
}

void addHeaders(grpc::ClientContext &context, const ExporterOptions &options)
{
    // grpc-go lower-cases metadata keys; gRPC C++ refuses upper case, so do as Go does.
    for (const HeaderEntry &h : options.headers)
        context.AddMetadata(h.name.toLower().toStdString(), h.value.toStdString());
}

} // namespace

ExporterWorker::ExporterWorker(ExporterOptions options, std::shared_ptr<TelemetryQueue> queue,
                               std::shared_ptr<TraceSampler> sampler, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_queue(std::move(queue)), m_sampler(std::move(sampler))
{
    qRegisterMetaType<ocw::ConnectionState>();
    m_stateSince = Clock::now();
}

ExporterWorker::~ExporterWorker()
{
    stop();
}

void ExporterWorker::start()
{
    if (m_thread)
        return;
    m_target = m_options.address;
    const qsizetype colon = m_options.address.lastIndexOf(u':');
    QString host = m_options.address.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const bool plainHostPort = !m_options.address.contains(u'/') && !m_options.address.startsWith(QStringLiteral("unix:"));
    if (m_options.measureWireBytes && plainHostPort) {
        m_relay = std::make_unique<ByteCountingRelay>(host.isEmpty() ? QStringLiteral("localhost") : host,
                                                      quint16(m_options.address.mid(colon + 1).toUInt()));
        if (const QString error = m_relay->start(); error.isEmpty()) {
            m_target = QStringLiteral("127.0.0.1:%1").arg(m_relay->port());
            const std::lock_guard lock(m_statsMutex);
            m_stats.wireMeasured = true;
        } else {
            qCWarning(lcExporter) << error;
            m_relay.reset();
        }
    }
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("ocw-exporter"));
    m_thread->start();
}

void ExporterWorker::stop()
{
    if (m_thread) {
        m_draining = true;
        m_wait.notify_all();
        // A clean finish while connected; a hard one when the drain takes too long or nothing is connected.
        if (!m_thread->wait(QDeadlineTimer(m_options.drainTimeout))) {
            m_stop = true;
            m_queue->close();
            {
                const std::lock_guard lock(m_callsMutex);
                if (m_connection)
                    m_connection->cancelAll();
            }
            m_wait.notify_all();
            m_thread->wait();
        }
        delete m_thread;
        m_thread = nullptr;
    }
    m_stop = true;
    if (m_relay)
        m_relay->stop();
}

void ExporterWorker::run()
{
    std::mt19937_64 random(std::random_device{}());
    while (!m_stop && !m_draining) {
        const auto attemptStart = Clock::now();
        setState(ConnectionState::Connecting, m_options.address);
        bool retry = false;
        {
            const std::lock_guard lock(m_statsMutex);
            retry = m_stats.connectionAttempts++ > 0;
            m_stats.reconnectionAttempts += retry ? 1 : 0;
        }
        if (connectOnce()) {
            {
                const std::lock_guard lock(m_statsMutex);
                ++m_stats.connections;
                m_stats.reconnections += retry ? 1 : 0;
            }
            setState(ConnectionState::Connected, m_options.address);
            exportUntilBroken();
        }
        disconnect();
        if (m_stop || m_draining)
            break;
        // As the Go exporter: at most one attempt per period plus a random jitter of up to 70 % of it.
        auto wait = std::chrono::duration_cast<Clock::duration>(m_options.reconnectionPeriod);
        if (m_options.reconnectionJitter)
            wait += std::chrono::duration_cast<Clock::duration>(
                std::chrono::nanoseconds(std::uniform_int_distribution<std::int64_t>(
                    0, std::chrono::duration_cast<std::chrono::nanoseconds>(m_options.reconnectionPeriod).count() * 7 / 10)(random)));
        QString reason;
        {
            const std::lock_guard lock(m_statsMutex);
            reason = m_stats.lastError;
        }
        setState(ConnectionState::Waiting, reason);
        waitUntil(attemptStart + wait);
    }
    setState(ConnectionState::Stopped);
}

bool ExporterWorker::connectOnce()
{
    if (m_relay)
        m_relay->takeUpstreamError(); // only this attempt's failures count
    grpc::ChannelArguments args;
    if (m_options.gzip)
        args.SetCompressionAlgorithm(GRPC_COMPRESS_GZIP);
    if (m_relay) {
        // The channel dials the relay; the agent must still see its own name, and TLS must check it.
        args.SetString(GRPC_ARG_DEFAULT_AUTHORITY, m_options.address.toStdString());
        if (!m_options.insecure)
            args.SetSslTargetNameOverride(m_options.address.left(m_options.address.lastIndexOf(u':')).remove(u'[').remove(u']').toStdString());
    }
    std::shared_ptr<grpc::ChannelCredentials> credentials;
    if (m_options.insecure) {
        credentials = grpc::InsecureChannelCredentials();
    } else {
        grpc::SslCredentialsOptions ssl;
        ssl.pem_root_certs = m_options.caPem.toStdString();
        ssl.pem_cert_chain = m_options.certPem.toStdString();
        ssl.pem_private_key = m_options.keyPem.toStdString();
        credentials = grpc::SslCredentials(ssl);
    }

    auto connection = std::make_unique<AgentConnection>();
    AgentConnection *c = connection.get();
    c->channel = grpc::CreateCustomChannel(m_target.toStdString(), credentials, args);
    {
        const std::lock_guard lock(m_callsMutex);
        m_connection = std::move(connection);
    }

    // Wait for the channel in short slices, so that a stop is never held up by a slow connect.
    const auto deadline = Clock::now() + m_options.connectTimeout;
    grpc_connectivity_state state = c->channel->GetState(true);
    while (!m_stop && !m_draining && state != GRPC_CHANNEL_READY && state != GRPC_CHANNEL_TRANSIENT_FAILURE
           && Clock::now() < deadline) {
        c->channel->WaitForStateChange(state, std::chrono::system_clock::now() + kStopCheck);
        state = c->channel->GetState(true);
    }
    if (m_stop || m_draining)
        return false;
    if (state != GRPC_CHANNEL_READY && state != GRPC_CHANNEL_TRANSIENT_FAILURE) {
        noteError(QStringLiteral("no connection to %1 within %2 s").arg(m_options.address).arg(m_options.connectTimeout.count() / 1000.0));
        return false;
    }

    const auto node = makeNode(m_options.serviceName);
    const auto resource = makeResource(m_options.serviceName);
    c->traceStub = agenttrace::TraceService::NewStub(c->channel);
    for (grpc::ClientContext *context : {&c->traceContext, &c->configContext, &c->metricsContext})
        addHeaders(*context, m_options);

    // A failing channel fails the first write; Finish() then says why (refused, TLS handshake, ...).
    const auto failed = [&](auto &stream, const char *what) {
        const QString status = describeStatus(stream->Finish());
        // Through the relay, gRPC only sees the relay close; the relay knows why the agent was not reached.
        const QString upstream = m_relay ? m_relay->takeUpstreamError() : QString();
        noteError(upstream.isEmpty() ? QStringLiteral("%1 %2: %3").arg(QLatin1String(what), m_options.address, status)
                                     : QStringLiteral("cannot reach %1: %2").arg(m_options.address, upstream));
        stream.reset();
        return false;
    };
    c->trace = openRawStream(*c->channel, kTraceExportMethod, c->traceContext);
    agenttrace::ExportTraceServiceRequest firstTrace;
    *firstTrace.mutable_node() = node;
    *firstTrace.mutable_resource() = resource;
    const std::string firstTraceBytes = firstTrace.SerializeAsString();
    if (!c->trace->Write(toBuffer(firstTraceBytes)))
        return failed(c->trace, "cannot export traces to");
    countWrite(firstTraceBytes.size());

    c->metrics = openRawStream(*c->channel, kMetricsExportMethod, c->metricsContext);
    agentmetrics::ExportMetricsServiceRequest firstMetrics;
    *firstMetrics.mutable_node() = node;
    *firstMetrics.mutable_resource() = resource;
    const std::string firstMetricsBytes = firstMetrics.SerializeAsString();
    if (!c->metrics->Write(toBuffer(firstMetricsBytes)))
        return failed(c->metrics, "cannot export metrics to");
    countWrite(firstMetricsBytes.size());

    // The Config stream is best effort, as in the Go exporter: agents that do not implement it
    // (the OpenTelemetry Collector's receiver) must not stop the export.
    c->config = c->traceStub->Config(&c->configContext);
    agenttrace::CurrentLibraryConfig firstConfig;
    *firstConfig.mutable_node() = node;
    if (c->config->Write(firstConfig))
        countWrite(firstConfig.ByteSizeLong());

    c->readers.emplace_back([c] {
        grpc::ByteBuffer response;
        while (c->trace->Read(&response)) {
        }
        c->ended[0] = true;
        c->broken = true;
    });
    c->readers.emplace_back([c] {
        grpc::ByteBuffer response;
        while (c->metrics->Read(&response)) {
        }
        c->ended[1] = true;
        c->broken = true;
    });
    c->readers.emplace_back([this, c] {
        agenttrace::UpdatedLibraryConfig update;
        while (c->config->Read(&update)) {
            agenttrace::CurrentLibraryConfig echo;
            *echo.mutable_config() = m_sampler->apply(update.config());
            qCInfo(lcExporter) << "sampler from the agent:" << m_sampler->describe();
            const std::lock_guard lock(c->configWriteMutex);
            if (c->closedCleanly || !c->config->Write(echo))
                break;
            countWrite(echo.ByteSizeLong());
        }
        c->ended[2] = true;
    });
    return true;
}

void ExporterWorker::exportUntilBroken()
{
    AgentConnection *c = m_connection.get();
    while (!m_stop && !c->broken) {
        // Draining, take what is there without waiting; the queue no longer grows.
        const bool draining = m_draining;
        TelemetryBatch batch = m_queue->take(m_options.maxBatchSpans, m_options.maxBatchMetrics,
                                             draining ? Clock::now() : Clock::now() + m_options.flushInterval);
        if (batch.empty()) {
            if (draining)
                break;
            continue;
        }
        bool ok = true;
        if (batch.spans > 0) {
            // The span records are the request: a request after the first carries no Node.
            ok = c->trace->Write(toBuffer(batch.spanRecords));
            m_queue->settle(batch.spans, 0, ok, m_stop ? DropReason::StoppedInFlight : DropReason::WriteFailed);
            if (ok)
                countWrite(batch.spanRecords.size());
        }
        if (!batch.metrics.empty()) {
            agentmetrics::ExportMetricsServiceRequest request;
            auto *metrics = request.mutable_metrics();
            metrics->Reserve(int(batch.metrics.size()));
            for (Metric &metric : batch.metrics)
                metrics->Add(std::move(metric));
            const std::string encoded = request.SerializeAsString();
            const std::size_t size = encoded.size();
            // After a failed span write the stream is gone: these points are lost with it.
            const bool written = ok && c->metrics->Write(toBuffer(encoded));
            m_queue->settle(0, batch.points, written, m_stop ? DropReason::StoppedInFlight : DropReason::WriteFailed);
            if (written)
                countWrite(size);
            ok = written;
        }
        if (!ok)
            c->broken = true;
    }
    if (m_draining && !m_stop && !c->broken) {
        // Half-close every stream: the agent reads all that was written, then ends the calls.
        c->trace->WritesDone();
        c->metrics->WritesDone();
        const std::lock_guard lock(c->configWriteMutex);
        c->config->WritesDone();
        c->closedCleanly = true;
    }
}

void ExporterWorker::disconnect()
{
    AgentConnection *c = m_connection.get();
    if (!c)
        return;
    // The first status that is not our own cancellation says why the connection ended. A stream the
    // agent ended must be finished before the others are cancelled, or its status reads CANCELLED.
    QString reason;
    std::array<bool, 3> finished{};
    const auto finish = [&](std::size_t index) {
        if (finished[index])
            return;
        finished[index] = true;
        if (index < c->readers.size())
            c->readers[index].join();
        static constexpr std::array names{"trace", "metrics", "config"};
        grpc::Status status;
        if (index == 0 && c->trace)
            status = c->trace->Finish();
        else if (index == 1 && c->metrics)
            status = c->metrics->Finish();
        else if (index == 2 && c->config)
            status = c->config->Finish();
        if (reason.isEmpty() && !status.ok() && status.error_code() != grpc::StatusCode::CANCELLED)
            reason = QStringLiteral("%1 stream ended: %2").arg(QLatin1String(names[index]), describeStatus(status));
    };
    for (std::size_t i = 0; i < 3; ++i) {
        if (c->ended[i])
            finish(i);
    }
    if (!c->closedCleanly) {
        const std::lock_guard lock(m_callsMutex);
        c->cancelAll();
    }
    // After a clean half-close the readers end when the agent ends the calls (or stop() cancels them).
    for (std::size_t i = 0; i < 3; ++i)
        finish(i);
    if (!m_stop && !m_draining && !reason.isEmpty())
        noteError(reason);
    if (!m_stop && !m_draining && c->broken) {
        const std::lock_guard lock(m_statsMutex);
        ++m_stats.streamFailures;
        if (reason.isEmpty())
            m_stats.lastError = QStringLiteral("the connection to %1 broke").arg(m_options.address);
    }
    const std::lock_guard lock(m_callsMutex);
    m_connection.reset();
}

void ExporterWorker::waitUntil(Clock::time_point until)
{
    std::unique_lock lock(m_waitMutex);
    m_wait.wait_until(lock, until, [this] { return m_stop || m_draining; });
}

void ExporterWorker::setState(ConnectionState state, const QString &detail)
{
    {
        const std::lock_guard lock(m_statsMutex);
        const auto now = Clock::now();
        m_stats.secondsIn[std::size_t(m_stats.state)] += std::chrono::duration<double>(now - m_stateSince).count();
        m_stateSince = now;
        m_stats.state = state;
    }
    qCDebug(lcExporter) << "state" << connectionStateName(state) << detail;
    emit stateChanged(state, detail);
}

void ExporterWorker::noteError(const QString &error)
{
    qCInfo(lcExporter).noquote() << error;
    const std::lock_guard lock(m_statsMutex);
    m_stats.lastError = error;
}

void ExporterWorker::countWrite(std::size_t bytes)
{
    const std::lock_guard lock(m_statsMutex);
    ++m_stats.requestsSent;
    m_stats.bytesUncompressed += bytes;
}

ExporterSnapshot ExporterWorker::snapshot() const
{
    ExporterSnapshot s;
    {
        const std::lock_guard lock(m_statsMutex);
        s = m_stats;
        s.secondsIn[std::size_t(s.state)] += std::chrono::duration<double>(Clock::now() - m_stateSince).count();
    }
    const TelemetryQueue::Totals totals = m_queue->totals();
    s.spans = totals.spans;
    s.points = totals.points;
    s.queueBytes = totals.bytesQueued;
    if (m_relay)
        s.bytesWire = m_relay->bytesToUpstream();
    s.sampler = m_sampler->describe();
    s.samplerUpdates = m_sampler->updates();
    return s;
}

} // namespace ocw
