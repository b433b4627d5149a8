// SPDX-License-Identifier: Apache-2.0
// The agent's handling of any request bytes: what AgentServices does with each message gRPC reads. Input: one
// byte choosing the stream (bit 0: metrics rather than traces), then the message's protobuf encoding.
#include "fuzzcheck.h"

#include "agent/agentrecorder.h"

#include <google/protobuf/stubs/logging.h>

#include <cstdint>

namespace agenttrace = opencensus::proto::agent::trace::v1;
namespace agentmetrics = opencensus::proto::agent::metrics::v1;

// libprotobuf logs each invalid UTF-8 string it parses: millions of lines that would bury libFuzzer's own.
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    google::protobuf::SetLogHandler(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const bool metrics = data[0] & 1;
    const void *message = data + 1;
    const int messageSize = int(size - 1);

    // A fresh agent per input, so that a crash reproduces from its input alone. The message comes twice, as
    // the first on its stream and as a later one, which the recorder checks differently.
    ocw::AgentRecorder recorder(std::chrono::milliseconds(0));
    std::uint64_t spans = 0;
    std::uint64_t bytes = 0;
    if (metrics) {
        agentmetrics::ExportMetricsServiceRequest request;
        if (!request.ParseFromArray(message, messageSize))
            return 0; // gRPC drops a message that does not decode
        recorder.streamOpened(ocw::AgentRecorder::StreamKind::Metrics, {});
        recorder.metricsRequest(request, true);
        recorder.metricsRequest(request, false);
        bytes = request.ByteSizeLong();
    } else {
        agenttrace::ExportTraceServiceRequest request;
        if (!request.ParseFromArray(message, messageSize))
            return 0;
        recorder.streamOpened(ocw::AgentRecorder::StreamKind::Trace, {});
        std::string service;
        recorder.traceRequest(request, true, service);
        recorder.traceRequest(request, false, service);
        spans = std::uint64_t(request.spans_size());
        bytes = request.ByteSizeLong();
    }
    recorder.streamClosed();
    recorder.checkRemainingTraces();
    // Whatever the content, the accounting stays exact.
    const ocw::AgentSnapshot snapshot = recorder.snapshot();
    OCW_FUZZ_CHECK(snapshot.requests == 2 && snapshot.spans == 2 * spans && snapshot.bytesReceived == 2 * bytes);
    OCW_FUZZ_CHECK(snapshot.streamsOpen == 0 && snapshot.streamsTotal == 1);
    recorder.recentSpans();
    recorder.recentMetrics();
    return 0;
}
