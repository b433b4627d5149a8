// SPDX-License-Identifier: Apache-2.0
#include "agentservices.h"

#include "sendermetadata.h"

#include "exporter/telemetryqueue.h"

#include <grpcpp/grpcpp.h>

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
            m_services.m_contexts.insert(context);
        }
        m_services.m_recorder.streamOpened(kind, m_metadata);
    }
    ~StreamScope()
    {
        {
            const std::lock_guard lock(m_services.m_mutex);
            m_services.m_contexts.erase(m_context);
        }
        m_services.m_recorder.streamClosed();
    }
    StreamScope(const StreamScope &) = delete;
    StreamScope &operator=(const StreamScope &) = delete;

    // The tap's end of this stream; an empty one when the agent has no tap.
    AgentTap::Stream tap(RecordedKind kind) const
    {
        return m_services.m_tap ? m_services.m_tap->openStream(kind, m_metadata) : AgentTap::Stream();
    }

private:
    AgentServices &m_services;
    grpc::ServerContext *m_context;
    const SenderMetadata m_metadata;
};

AgentServices::AgentServices(const AgentOptions &options, AgentRecorder &recorder, AgentTap *tap)
    : m_options(options), m_recorder(recorder), m_tap(tap)
{
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

grpc::Status AgentServices::Export(
    grpc::ServerContext *context,
    grpc::ServerReaderWriter<agenttrace::ExportTraceServiceResponse, agenttrace::ExportTraceServiceRequest> *stream)
{
    if (const auto refused = refusal(*context))
        return *refused;
    const StreamScope scope(*this, context, AgentRecorder::StreamKind::Trace);
    AgentTap::Stream tap = scope.tap(RecordedKind::Trace);
    agenttrace::ExportTraceServiceRequest request;
    std::string service;
    for (bool first = true; (pauseBeforeRead(*context), stream->Read(&request)); first = false) {
        m_recorder.traceRequest(request, first, service);
        if (tap)
            tap.received(std::move(request), std::size_t(request.spans_size()), 0);
    }
    return grpc::Status::OK;
}

grpc::Status AgentServices::Export(
    grpc::ServerContext *context,
    grpc::ServerReaderWriter<agentmetrics::ExportMetricsServiceResponse, agentmetrics::ExportMetricsServiceRequest> *stream)
{
    if (const auto refused = refusal(*context))
        return *refused;
    const StreamScope scope(*this, context, AgentRecorder::StreamKind::Metrics);
    AgentTap::Stream tap = scope.tap(RecordedKind::Metrics);
    agentmetrics::ExportMetricsServiceRequest request;
    for (bool first = true; (pauseBeforeRead(*context), stream->Read(&request)); first = false) {
        m_recorder.metricsRequest(request, first);
        if (tap) {
            std::size_t points = 0;
            for (const auto &metric : request.metrics())
                points += pointCount(metric);
            tap.received(std::move(request), 0, points);
        }
    }
    return grpc::Status::OK;
}

grpc::Status AgentServices::Config(grpc::ServerContext *context, ConfigStream *stream)
{
    if (const auto refused = refusal(*context))
        return *refused;
    const StreamScope scope(*this, context, AgentRecorder::StreamKind::Config);
    std::mutex writeMutex; // pushes come from other threads; one write at a time
    {
        const std::lock_guard lock(m_mutex);
        m_configStreams.insert({stream, &writeMutex});
        if (m_pushedConfig) {
            agenttrace::UpdatedLibraryConfig update;
            *update.mutable_config() = *m_pushedConfig;
            const std::lock_guard write(writeMutex);
            stream->Write(update);
        }
    }
    agenttrace::CurrentLibraryConfig message;
    for (bool first = true; stream->Read(&message); first = false)
        m_recorder.configMessage(message, first);
    const std::lock_guard lock(m_mutex);
    m_configStreams.erase({stream, &writeMutex});
    return grpc::Status::OK;
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
    for (const auto &[stream, writeMutex] : m_configStreams) {
        const std::lock_guard write(*writeMutex);
        stream->Write(update);
    }
}

} // namespace ocw
