// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agentrecorder.h"
#include "agenttap.h"
#include "embeddedagent.h"
#include "messagedecoding.h"

#include "opencensus/proto/trace/v1/trace_config.pb.h"

#include <grpcpp/impl/service_type.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/sync_stream.h>

#include <mutex>
#include <optional>
#include <set>

namespace ocw {

// The agent's gRPC services: TraceService (Export, Config) and MetricsService (Export), on the protocol's method
// paths. Each stream runs on a gRPC server thread for its whole life. Messages are read as bytes, with gRPC's
// own decompression off, and decoded by decodeMessage() within the agent's limits: gRPC 1.51 inflates a whole
// message before it checks its size, so a 1 MB gzip bomb would otherwise take 1 GiB.
class AgentServices final : public grpc::Service
{
public:
    // `tap`, when not null, is handed every Export request accepted.
    AgentServices(const AgentOptions &options, AgentRecorder &recorder, AgentTap *tap);

    using RawServerStream = grpc::ServerReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>;

    grpc::Status exportTraces(grpc::ServerContext *context, RawServerStream *stream);
    grpc::Status exportMetrics(grpc::ServerContext *context, RawServerStream *stream);
    grpc::Status config(grpc::ServerContext *context, RawServerStream *stream);

    void cancelAll();
    void pushTraceConfig(const opencensus::proto::trace::v1::TraceConfig &config);

private:
    // Registers a stream for the faults and the sampler pushes while it lives, if fewer than maxStreams are open.
    class StreamScope;
    enum class HeaderCheck { Passed, Missing, Wrong };
    HeaderCheck checkHeader(const grpc::ServerContext &context) const;
    // Refuses a stream whose check did not pass, counting it and saying which header is missing; nullopt: go on.
    std::optional<grpc::Status> refusal(const grpc::ServerContext &context);
    grpc::Status refused(Refusal reason, const std::string &message); // counted
    grpc::Status tooManyStreams();
    void pauseBeforeRead(grpc::ServerContext &context) const;
    // Reads the next message into `message`. False at the stream's end: `end` is then OK, or the status of a
    // message refused (counted).
    bool readMessage(RawServerStream &stream, google::protobuf::Message &message, grpc::Status &end);

    const AgentOptions &m_options;
    const MessageLimits m_messageLimits;
    AgentRecorder &m_recorder;
    AgentTap *const m_tap;
    std::mutex m_mutex;
    std::set<grpc::ServerContext *> m_contexts;
    std::set<std::pair<RawServerStream *, std::mutex *>> m_configStreams;
    std::optional<opencensus::proto::trace::v1::TraceConfig> m_pushedConfig;
};

} // namespace ocw
