// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>

namespace ocw {

// What a sender can make the embedded agent hold (docs/architecture.md, "Limits"). Past each, the agent refuses
// and counts (AgentSnapshot::refused), except where gRPC refuses by itself (threads, buffered bytes). The
// defaults never refuse KrakenD's traffic (3 streams a process, messages of a few KiB), nor a run of 64
// connections with 3 streams each.
struct AgentLimits {
    std::size_t maxMessageBytes = 64 * 1024 * 1024;      // one message as it arrives, compressed or not
    std::size_t maxDecompressedBytes = 64 * 1024 * 1024; // one message once inflated
    std::size_t maxStreams = 256;                        // open at once, all three methods together
    int maxThreads = 320;                                // gRPC's server threads: one per open stream, and its pollers
    std::size_t maxBufferedBytes = 256 * 1024 * 1024;    // what gRPC holds of messages being received, all streams together
    bool operator==(const AgentLimits &) const = default;
};

} // namespace ocw
