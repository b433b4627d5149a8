// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agentforwarder.h"
#include "requestrecording.h"

#include <atomic>
#include <chrono>
#include <memory>

namespace ocw {

// What the agent hands on of every Export request it accepts: to an upstream collector (AgentForwarder), to
// a recording (RequestRecording), or both. The gRPC handler threads call it, and it never makes them wait:
// both sides buffer, bounded, and count what they cannot keep. Config streams are not tapped.
class AgentTap final
{
public:
    AgentTap(std::optional<ForwardOptions> forward, const QString &recordFile);
    ~AgentTap();
    AgentTap(const AgentTap &) = delete;
    AgentTap &operator=(const AgentTap &) = delete;

    // Opens the recording, once; the error names the file.
    QString start();
    // After the agent's server has stopped: forwards what is buffered (within the drain timeout), writes what
    // is queued to the recording and closes it. Returns the recording's write error, if any. Idempotent.
    QString finish();

    // An incoming Export stream's end of the tap, for as long as the stream lives.
    class Stream
    {
    public:
        Stream() = default;
        Stream(Stream &&other) noexcept;
        Stream &operator=(Stream &&) = delete;
        ~Stream(); // the incoming stream has ended
        explicit operator bool() const { return m_tap != nullptr; }

        // A request the agent has read and checked: taken by move.
        template<typename Request>
        void received(Request &&request, std::size_t spans, std::size_t points);

    private:
        friend class AgentTap;
        Stream(AgentTap *tap, RecordedKind kind, std::uint64_t number, AgentForwarder::Stream *forward)
            : m_tap(tap), m_kind(kind), m_number(number), m_forward(forward)
        {
        }
        AgentTap *m_tap = nullptr;
        RecordedKind m_kind = RecordedKind::Trace;
        std::uint64_t m_number = 0;
        AgentForwarder::Stream *m_forward = nullptr;
    };
    Stream openStream(RecordedKind kind, const SenderMetadata &metadata);

    ForwardSnapshot forwardSnapshot() const;
    RecordingSnapshot recordingSnapshot() const;

private:
    void handOn(const Stream &stream, const TappedRequest &request);

    std::unique_ptr<AgentForwarder> m_forwarder;
    std::unique_ptr<RequestRecording> m_recording;
    std::atomic<std::uint64_t> m_streams{0};
    bool m_started = false;
};

template<typename Request>
void AgentTap::Stream::received(Request &&request, std::size_t spans, std::size_t points)
{
    using Message = std::decay_t<Request>;
    TappedRequest tapped;
    tapped.bytes = request.ByteSizeLong();
    tapped.spans = spans;
    tapped.points = points;
    if (request.has_node()) {
        auto nodeOnly = std::make_shared<Message>();
        *nodeOnly->mutable_node() = request.node();
        if (request.has_resource())
            *nodeOnly->mutable_resource() = request.resource();
        tapped.nodeOnly = std::move(nodeOnly);
    }
    tapped.message = std::make_shared<const Message>(std::forward<Request>(request));
    m_tap->handOn(*this, tapped);
}

} // namespace ocw
