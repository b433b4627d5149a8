// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agentrecorder.h"
#include "agenttap.h"
#include "embeddedagent.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.grpc.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.grpc.pb.h"

#include <mutex>
#include <optional>
#include <set>

namespace ocw {

// The agent's gRPC services. Each stream runs on a gRPC server thread for its whole life.
class AgentServices final : public opencensus::proto::agent::trace::v1::TraceService::Service,
                            public opencensus::proto::agent::metrics::v1::MetricsService::Service
{
public:
    // `tap`, when not null, is handed every Export request accepted.
    AgentServices(const AgentOptions &options, AgentRecorder &recorder, AgentTap *tap);

    using ConfigStream = grpc::ServerReaderWriter<opencensus::proto::agent::trace::v1::UpdatedLibraryConfig,
                                                  opencensus::proto::agent::trace::v1::CurrentLibraryConfig>;

    grpc::Status Export(grpc::ServerContext *context,
                        grpc::ServerReaderWriter<opencensus::proto::agent::trace::v1::ExportTraceServiceResponse,
                                                 opencensus::proto::agent::trace::v1::ExportTraceServiceRequest> *stream) override;
    grpc::Status Config(grpc::ServerContext *context, ConfigStream *stream) override;
    grpc::Status Export(grpc::ServerContext *context,
                        grpc::ServerReaderWriter<opencensus::proto::agent::metrics::v1::ExportMetricsServiceResponse,
                                                 opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest> *stream) override;

    void cancelAll();
    void pushTraceConfig(const opencensus::proto::trace::v1::TraceConfig &config);

private:
    // Registers a stream for the faults and the sampler pushes while it lives.
    class StreamScope;
    enum class HeaderCheck { Passed, Missing, Wrong };
    HeaderCheck checkHeader(const grpc::ServerContext &context) const;
    // Refuses a stream whose check did not pass, counting it and saying which header is missing; nullopt: go on.
    std::optional<grpc::Status> refusal(const grpc::ServerContext &context);
    void pauseBeforeRead(grpc::ServerContext &context) const;

    const AgentOptions &m_options;
    AgentRecorder &m_recorder;
    AgentTap *const m_tap;
    std::mutex m_mutex;
    std::set<grpc::ServerContext *> m_contexts;
    std::set<std::pair<ConfigStream *, std::mutex *>> m_configStreams;
    std::optional<opencensus::proto::trace::v1::TraceConfig> m_pushedConfig;
};

} // namespace ocw
