// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agentsnapshot.h"

#include <google/protobuf/message.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocw {

// What one message may take of the agent.
struct MessageLimits {
    std::size_t wireBytes = 0;         // as it arrives, compressed or not
    std::size_t decompressedBytes = 0; // once inflated
};

struct MessageRefusal {
    Refusal reason = Refusal::Malformed;
    std::string message; // for the status that ends the stream
};

// Decodes one message as gRPC hands it over with its per-message decompression turned off: `pieces` are the
// message's bytes as they came (gRPC's slices). A gzip or zlib (deflate) message is inflated within
// `limits.decompressedBytes`, so a small message cannot make the agent hold more than the limit. Returns why
// the message is refused, or nullopt when `into` holds it.
std::optional<MessageRefusal> decodeMessage(const std::vector<std::string_view> &pieces, const MessageLimits &limits,
                                            google::protobuf::Message &into);

} // namespace ocw
