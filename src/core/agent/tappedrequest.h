// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <google/protobuf/message.h>

#include <cstdint>
#include <memory>

namespace ocw {

// One Export request the agent accepted, as its tap hands it on: shared, so that the forwarder and the
// recording take it without a copy, and serialized only on their own threads, off the gRPC handler's.
struct TappedRequest {
    std::shared_ptr<const google::protobuf::Message> message; // an ExportTraceServiceRequest or ExportMetricsServiceRequest
    // When it carries a Node: a request of the same type with that Node and Resource only, which a reopened
    // upstream stream sends first.
    std::shared_ptr<const google::protobuf::Message> nodeOnly;
    std::size_t bytes = 0; // serialized size
    std::size_t spans = 0;
    std::size_t points = 0;
};

} // namespace ocw
