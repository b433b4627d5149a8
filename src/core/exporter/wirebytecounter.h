// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>

namespace grpc {
class ChannelArguments;
}

namespace ocw {

// Counts the bytes gRPC writes to the sockets of one channel (HTTP/2 framing, TLS records and compression
// included), as the kernel counts them: what the agent's end has acknowledged (TCP_INFO's
// tcpi_bytes_acked) plus what still waits in the send queue (SIOCOUTQ). gRPC hands each new socket to the
// counter through its socket-mutator hook and dials, resolves and fails exactly as it would without it:
// nothing stands between the exporter and the agent. This is what the dashboard's wire bytes and
// compression ratio are made of.
//
// Only TCP sockets are counted (not `unix:` ones). A socket that gRPC closes between two readings keeps
// the count of the last reading, so read before a channel is let go.
//
// Thread-safe: gRPC announces sockets from its own threads; bytesWritten() may be called from any thread.
class WireByteCounter final
{
public:
    WireByteCounter();
    ~WireByteCounter();
    WireByteCounter(const WireByteCounter &) = delete;
    WireByteCounter &operator=(const WireByteCounter &) = delete;

    // Makes every channel created with `args` report its sockets here.
    void attachTo(grpc::ChannelArguments &args);
    // Bytes written to every socket seen so far, closed ones included (as of their last reading).
    std::uint64_t bytesWritten();
    // Whether a connected TCP socket has been read: false until a connection was made, and for `unix:` targets.
    bool measuring() const;

    struct State;

private:
    std::shared_ptr<State> m_state;
};

} // namespace ocw
