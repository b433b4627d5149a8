// SPDX-License-Identifier: Apache-2.0
#include "agentservices.h"

#include "sendermetadata.h"

#include "exporter/rawstream.h"
#include "exporter/telemetryqueue.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/rpc_service_method.h>
#include <grpcpp/support/method_handler.h>

#include <thread>

namespace ocw {

namespace agenttrace = opencensus::proto::agent::trace::v1;
namespace agentmetrics = opencensus::proto::agent::metrics::v1;

class AgentServices::StreamScope
{
public:
    StreamScope(AgentServices &services, grpc::ServerContext *context, AgentRecorder::StreamKind kind)
        : m_services(services), m_context(context), m_metadata(senderMetadata(*context))
    {
        {
            const std::lock_guard lock(m_services.m_mutex);
            m_admitted = m_services.m_contexts.size() < m_services.m_options.limits.maxStreams;
            if (m_admitted)
                m_services.m_contexts.insert(context);
        }
        if (m_admitted)
            m_services.m_recorder.streamOpened(kind, m_metadata);
    }
    ~StreamScope()
    {
        if (!m_admitted)
            return;
        {
            const std::lock_guard lock(m_services.m_mutex);
            m_services.m_contexts.erase(m_context);
        }
        m_services.m_recorder.streamClosed();
    }
    StreamScope(const StreamScope &) = delete;
    StreamScope &operator=(const StreamScope &) = delete;

    bool admitted() const { return m_admitted; }

    // The tap's end of this stream; an empty one when the agent has no tap.
    AgentTap::Stream tap(RecordedKind kind) const
    {
        return m_services.m_tap ? m_services.m_tap->openStream(kind, m_metadata) : AgentTap::Stream();
    }

private:
    AgentServices &m_services;
    grpc::ServerContext *m_context;
    const SenderMetadata m_metadata;
    bool m_admitted = false;
};

AgentServices::AgentServices(const AgentOptions &options, AgentRecorder &recorder, AgentTap *tap)
    : m_options(options), m_messageLimits{options.limits.maxMessageBytes, options.limits.maxDecompressedBytes}, m_recorder(recorder), m_tap(tap)
{
    // As generated code registers its methods, with bytes in and out instead of typed messages.
    using Handler = grpc::internal::BidiStreamingHandler<AgentServices, grpc::ByteBuffer, grpc::ByteBuffer>;
    const auto add = [this](const char *path, grpc::Status (AgentServices::*method)(grpc::ServerContext *, RawServerStream *)) {
        AddMethod(new grpc::internal::RpcServiceMethod(path, grpc::internal::RpcMethod::BIDI_STREAMING,
                                                       new Handler(std::mem_fn(method), this)));
    };
    add(TraceExportMethod, &AgentServices::exportTraces);
    add(TraceConfigMethod, &AgentServices::config);
    add(MetricsExportMethod, &AgentServices::exportMetrics);
}

AgentServices::HeaderCheck AgentServices::checkHeader(const grpc::ServerContext &context) const
{
    if (m_options.requiredHeaderName.isEmpty())
        return HeaderCheck::Passed;
    const std::string name = m_options.requiredHeaderName.toLower().toStdString();
    const std::string wanted = m_options.requiredHeaderValue.toStdString();
    const auto range = context.client_metadata().equal_range(grpc::string_ref(name));
    for (auto it = range.first; it != range.second; ++it) {
        if (std::string(it->second.data(), it->second.size()) == wanted)
            return HeaderCheck::Passed;
    }
    return range.first == range.second ? HeaderCheck::Missing : HeaderCheck::Wrong;
}

std::optional<grpc::Status> AgentServices::refusal(const grpc::ServerContext &context)
{
    const HeaderCheck check = checkHeader(context);
    if (check == HeaderCheck::Passed)
        return std::nullopt;
    m_recorder.rejected(check == HeaderCheck::Missing);
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "missing or wrong header \"" + m_options.requiredHeaderName.toLower().toStdString() + "\"");
}

grpc::Status AgentServices::refused(Refusal reason, const std::string &message)
{
    m_recorder.refused(reason);
    const auto code = reason == Refusal::Malformed ? grpc::StatusCode::INVALID_ARGUMENT : grpc::StatusCode::RESOURCE_EXHAUSTED;
    return grpc::Status(code, message);
}

grpc::Status AgentServices::tooManyStreams()
{
    return refused(Refusal::StreamsOverLimit, "this agent takes at most " + std::to_string(m_options.limits.maxStreams) + " open streams");
}

void AgentServices::pauseBeforeRead(grpc::ServerContext &context) const
{
    // The slow-reader fault, in short steps so that a cancelled stream ends promptly.
    auto left = m_options.readDelay;
    while (left.count() > 0 && !context.IsCancelled()) {
        const auto step = std::min(left, std::chrono::milliseconds(50));
        std::this_thread::sleep_for(step);
        left -= step;
    }
}

bool AgentServices::readMessage(RawServerStream &stream, google::protobuf::Message &message, grpc::Status &end)
{
    grpc::ByteBuffer buffer;
    if (!stream.Read(&buffer))
        return false;
    std::vector<grpc::Slice> slices;
    if (const grpc::Status dumped = buffer.Dump(&slices); !dumped.ok()) {
        end = dumped;
        return false;
    }
    std::vector<std::string_view> pieces;
    pieces.reserve(slices.size());
    for (const grpc::Slice &slice : slices)
        pieces.emplace_back(reinterpret_cast<const char *>(slice.begin()), slice.size());
    if (const std::optional<MessageRefusal> refusal = decodeMessage(pieces, m_messageLimits, message)) {
        end = refused(refusal->reason, refusal->message);
        return false;
    }
    return true;
}

grpc::Status AgentServices::exportTraces(grpc::ServerContext *context, RawServerStream *stream)
{
    if (const auto refused = refusal(*context))
        return *refused;
    const StreamScope scope(*this, context, AgentRecorder::StreamKind::Trace);
    if (!scope.admitted())
        return tooManyStreams();
    AgentTap::Stream tap = scope.tap(RecordedKind::Trace);
    agenttrace::ExportTraceServiceRequest request;
    std::string service;
    grpc::Status end;
    for (bool first = true; (pauseBeforeRead(*context), readMessage(*stream, request, end)); first = false) {
        m_recorder.traceRequest(request, first, service);
        if (tap)
            tap.received(std::move(request), std::size_t(request.spans_size()), 0);
    }
    return end;
}

grpc::Status AgentServices::exportMetrics(grpc::ServerContext *context, RawServerStream *stream)
{
    if (const auto refused = refusal(*context))
        return *refused;
    const StreamScope scope(*this, context, AgentRecorder::StreamKind::Metrics);
    if (!scope.admitted())
        return tooManyStreams();
    AgentTap::Stream tap = scope.tap(RecordedKind::Metrics);
    agentmetrics::ExportMetricsServiceRequest request;
    grpc::Status end;
    for (bool first = true; (pauseBeforeRead(*context), readMessage(*stream, request, end)); first = false) {
        m_recorder.metricsRequest(request, first);
        if (tap) {
            std::size_t points = 0;
            for (const auto &metric : request.metrics())
                points += pointCount(metric);
            tap.received(std::move(request), 0, points);
        }
    }
    return end;
}

grpc::Status AgentServices::config(grpc::ServerContext *context, RawServerStream *stream)
{
    if (const auto refused = refusal(*context))
        return *refused;
    const StreamScope scope(*this, context, AgentRecorder::StreamKind::Config);
    if (!scope.admitted())
        return tooManyStreams();
    std::mutex writeMutex; // pushes come from other threads; one write at a time
    {
        const std::lock_guard lock(m_mutex);
        m_configStreams.insert({stream, &writeMutex});
        if (m_pushedConfig) {
            agenttrace::UpdatedLibraryConfig update;
            *update.mutable_config() = *m_pushedConfig;
            const std::lock_guard write(writeMutex);
            stream->Write(toBuffer(update.SerializeAsString()));
        }
    }
    agenttrace::CurrentLibraryConfig message;
    grpc::Status end;
    for (bool first = true; readMessage(*stream, message, end); first = false)
        m_recorder.configMessage(message, first);
    const std::lock_guard lock(m_mutex);
    m_configStreams.erase({stream, &writeMutex});
    return end;
}

void AgentServices::cancelAll()
{
    const std::lock_guard lock(m_mutex);
    for (grpc::ServerContext *context : m_contexts)
        context->TryCancel();
}

void AgentServices::pushTraceConfig(const opencensus::proto::trace::v1::TraceConfig &config)
{
    const std::lock_guard lock(m_mutex);
    m_pushedConfig = config;
    agenttrace::UpdatedLibraryConfig update;
    *update.mutable_config() = config;
    const grpc::ByteBuffer bytes = toBuffer(update.SerializeAsString());
    for (const auto &[stream, writeMutex] : m_configStreams) {
        const std::lock_guard write(*writeMutex);
        stream->Write(bytes);
    }
}

} // namespace ocw
