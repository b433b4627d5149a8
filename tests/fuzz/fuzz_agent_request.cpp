// SPDX-License-Identifier: Apache-2.0
// The agent's handling of any message bytes: what AgentServices does with each message gRPC hands over, decoding
// (inflating a gzip or zlib message within the limit) and then recording it. Input: one byte whose bit 0 chooses
// the stream (metrics rather than traces) and whose other bits say where gRPC's slices split the message, then
// the message as it came on the wire.
#include "fuzzcheck.h"

#include "agent/agentrecorder.h"
#include "agent/messagedecoding.h"

#include <google/protobuf/stubs/logging.h>

#include <cstdint>
#include <string_view>

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
    const std::string_view message(reinterpret_cast<const char *>(data + 1), size - 1);
    const std::size_t split = std::min(std::size_t(data[0] >> 1), message.size());
    const std::vector<std::string_view> pieces{message.substr(0, split), message.substr(split)};
    // Small limits, so that libFuzzer reaches both refusals.
    constexpr ocw::MessageLimits limits{4096, 64 * 1024};

    // Decodes as the agent does; a message is refused for its size on the wire exactly when it is over the limit.
    const auto decoded = [&](google::protobuf::Message &request) {
        const std::optional<ocw::MessageRefusal> refusal = ocw::decodeMessage(pieces, limits, request);
        OCW_FUZZ_CHECK((refusal && refusal->reason == ocw::Refusal::OversizedOnWire) == (message.size() > limits.wireBytes));
        return !refusal;
    };

    // A fresh agent per input, so that a crash reproduces from its input alone. The message comes twice, as
    // the first on its stream and as a later one, which the recorder checks differently.
    ocw::AgentRecorder recorder(std::chrono::milliseconds(0));
    std::uint64_t spans = 0;
    std::uint64_t bytes = 0;
    if (metrics) {
        agentmetrics::ExportMetricsServiceRequest request;
        if (!decoded(request))
            return 0; // the agent refuses it and ends the stream
        recorder.streamOpened(ocw::AgentRecorder::StreamKind::Metrics, {});
        recorder.metricsRequest(request, true);
        recorder.metricsRequest(request, false);
        bytes = request.ByteSizeLong();
    } else {
        agenttrace::ExportTraceServiceRequest request;
        if (!decoded(request))
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
    recorder.keptTraces();
    recorder.recentMetrics();
    return 0;
}
