// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <cstdint>

namespace ocw {

// Why something the agent received did not reach the upstream collector.
enum class ForwardDrop {
    BufferFull,  // the incoming stream's buffer had no room: the upstream was slow or away
    WriteFailed, // the upstream stream broke as it was written
    NotSent,     // still buffered when forwarding ended: the agent stopped, or the sender's stream had ended and
                 // the upstream did not take it within the drain timeout
    Count
};
QString forwardDropName(ForwardDrop reason); // "buffer_full", ...

// One kind of item on its way upstream: requests, spans or metric points. At every moment
//     received == buffered + forwarded + dropped()
// and what was forwarded is in flight (its upstream stream is open), confirmed or unconfirmed.
struct ForwardCounts {
    std::uint64_t received = 0;
    std::uint64_t forwarded = 0;   // written to an upstream stream
    std::uint64_t confirmed = 0;   // ... that the upstream then closed cleanly after reading it to its end
    std::uint64_t unconfirmed = 0; // ... that broke or was cancelled first: the upstream may have read them
    std::uint64_t droppedBy[std::size_t(ForwardDrop::Count)]{};

    std::uint64_t dropped() const;
    std::uint64_t buffered() const { return received - forwarded - dropped(); }
    std::uint64_t inFlight() const { return forwarded - confirmed - unconfirmed; }
};

// What the summary says "forwarded" means: the protocol has no acknowledgement.
inline constexpr char ForwardDeliveryNote[] =
    "The OpenCensus agent protocol has no acknowledgement. \"forwarded\" counts what was written to an upstream "
    "stream; \"confirmed\" what was written to a stream that the upstream then closed cleanly after reading it to its "
    "end; \"unconfirmed\" what was written to a stream that broke or was cancelled first, which the upstream may or "
    "may not have read; \"in_flight\" what was written to a stream still open.";

// What the agent's forwarder has done (`agent --forward`).
struct ForwardSnapshot {
    bool enabled = false;
    QString upstream;  // the address as given
    bool tls = false;
    ForwardCounts requests;
    ForwardCounts spans;
    ForwardCounts points;
    std::uint64_t upstreamStreams = 0; // upstream streams opened
    std::uint64_t nodesResent = 0;     // Node-only first messages written on reopened streams (not in `requests`)
    std::uint64_t upstreamErrors = 0;  // upstream streams refused or broken (each counted once)
    QString lastUpstreamError;         // as gRPC or the upstream said it
};

// What the agent has written to its recording (`agent --record`).
struct RecordingSnapshot {
    bool enabled = false;
    QString file;
    std::uint64_t requests = 0; // written
    std::uint64_t spans = 0;
    std::uint64_t points = 0;
    std::uint64_t bytes = 0;    // to the data files, size prefixes included
    // Not recorded: the writer's queue was full (the disk was slower than the senders), or a write had failed.
    std::uint64_t requestsQueueFull = 0;
    std::uint64_t requestsAfterError = 0;
    std::uint64_t spansNotRecorded = 0;
    std::uint64_t pointsNotRecorded = 0;
    QString error; // the first write error: the file and the reason
};

} // namespace ocw
