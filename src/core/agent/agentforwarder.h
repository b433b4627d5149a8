// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "forwardoptions.h"
#include "sendermetadata.h"
#include "tappedrequest.h"
#include "tapsnapshot.h"

#include "load/recordinglayout.h"

#include <chrono>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace grpc {
class Channel;
}

namespace ocw {

// Relays every Export request the agent accepts to an upstream collector, on equivalent streams: for each
// incoming TraceService/Export or MetricsService/Export stream, one upstream stream of the same method,
// with the sender's metadata (senderMetadata()), its first message (the Node) first, then each request as
// it came. The Config stream is not relayed: the agent answers it itself (see docs/architecture.md).
//
// A slow or absent upstream never holds up the agent: the handler thread only appends to its stream's
// bounded buffer (what does not fit is dropped and counted), and a thread per incoming stream writes it
// upstream. When the upstream refuses or breaks a stream, that is counted, and the next request reopens it
// after a backoff, its Node first. The protocol has no acknowledgement, so "forwarded" means written to an
// upstream stream; it is "confirmed" once the upstream has closed that stream cleanly after reading it to its
// end, as the exporter's "sent" (rawstream.h, deliveryAtEnd()).
//
// Thread contract: open(), push() and close() from the gRPC handler threads (one stream each); finish() and
// the destructor on the owner's thread, after the agent's server has stopped; snapshot() from anywhere.
class AgentForwarder final
{
public:
    explicit AgentForwarder(ForwardOptions options);
    ~AgentForwarder();
    AgentForwarder(const AgentForwarder &) = delete;
    AgentForwarder &operator=(const AgentForwarder &) = delete;

    class Stream;
    // An incoming Export stream has opened: its relay, until close().
    Stream *open(RecordedKind kind, const SenderMetadata &metadata);
    // One request of that stream, in order. Never blocks.
    void push(Stream *stream, const TappedRequest &request);
    // The incoming stream has ended: what its buffer holds is forwarded within the drain timeout, then the
    // upstream stream is half-closed and its end awaited. The handle is not used again.
    void close(Stream *stream);
    // Forwards what the buffers hold, within the drain timeout, then cancels what is left. Idempotent.
    void finish();
    ForwardSnapshot snapshot() const;

private:
    friend class Stream;
    struct Entry {
        std::unique_ptr<Stream> stream;
        std::optional<std::chrono::steady_clock::time_point> deadline;
        bool closed = false; // its handler is done with it
    };
    void supervise();
    void streamDone();
    template<typename Update>
    void updateStats(Update update);

    const ForwardOptions m_options;
    std::shared_ptr<grpc::Channel> m_channel;

    mutable std::mutex m_mutex; // m_streams and the flags; taken before a stream's own lock, never after
    std::condition_variable m_changed;
    std::list<Entry> m_streams;
    bool m_finishing = false;
    bool m_quit = false;
    std::thread m_supervisor; // cancels streams past their deadline, joins those that are done

    mutable std::mutex m_statsMutex;
    ForwardSnapshot m_stats;
};

} // namespace ocw
