// SPDX-License-Identifier: Apache-2.0
#include "agentservices.h"

#include <grpcpp/grpcpp.h>

#include <thread>

namespace ocw {

namespace agenttrace = opencensus::proto::agent::trace::v1;
namespace agentmetrics = opencensus::proto::agent::metrics::v1;

namespace {

std::multimap<std::string, std::string> metadataOf(const grpc::ServerContext &context)
{
    std::multimap<std::string, std::string> metadata;
    for (const auto &[key, value] : context.client_metadata())
        metadata.emplace(std::string(key.data(), key.size()), std::string(value.data(), value.size()));
    return metadata;
}

} // namespace

class AgentServices::StreamScope
{
public:
    StreamScope(AgentServices &services, grpc::ServerContext *context, AgentRecorder::StreamKind kind)
        : m_services(services), m_context(context)
    {
        {
            const std::lock_guard lock(m_services.m_mutex);
            m_services.m_contexts.insert(context);
        }
        m_services.m_recorder.streamOpened(kind, metadataOf(*context));
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

private:
    AgentServices &m_services;
    grpc::ServerContext *m_context;
};

AgentServices::AgentServices(const AgentOptions &options, AgentRecorder &recorder)
    : m_options(options), m_recorder(recorder)
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
    agenttrace::ExportTraceServiceRequest request;
    std::string service;
    for (bool first = true; (pauseBeforeRead(*context), stream->Read(&request)); first = false)
        m_recorder.traceRequest(request, first, service);
    return grpc::Status::OK;
}

grpc::Status AgentServices::Export(
    grpc::ServerContext *context,
    grpc::ServerReaderWriter<agentmetrics::ExportMetricsServiceResponse, agentmetrics::ExportMetricsServiceRequest> *stream)
{
    if (const auto refused = refusal(*context))
        return *refused;
    const StreamScope scope(*this, context, AgentRecorder::StreamKind::Metrics);
    agentmetrics::ExportMetricsServiceRequest request;
    for (bool first = true; (pauseBeforeRead(*context), stream->Read(&request)); first = false)
        m_recorder.metricsRequest(request, first);
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
