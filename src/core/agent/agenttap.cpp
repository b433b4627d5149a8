// SPDX-License-Identifier: Apache-2.0
#include "agenttap.h"

namespace ocw {

AgentTap::AgentTap(std::optional<ForwardOptions> forward, const QString &recordFile)
{
    if (forward)
        m_forwarder = std::make_unique<AgentForwarder>(std::move(*forward));
    if (!recordFile.isEmpty())
        m_recording = std::make_unique<RequestRecording>(recordFile);
}

AgentTap::~AgentTap()
{
    finish();
}

QString AgentTap::start()
{
    if (m_started || !m_recording)
        return QString();
    m_started = true;
    return m_recording->open();
}

QString AgentTap::finish()
{
    if (m_forwarder)
        m_forwarder->finish();
    return m_recording ? m_recording->finish() : QString();
}

AgentTap::Stream::Stream(Stream &&other) noexcept
    : m_tap(std::exchange(other.m_tap, nullptr)), m_kind(other.m_kind), m_number(other.m_number),
      m_forward(std::exchange(other.m_forward, nullptr))
{
}

AgentTap::Stream::~Stream()
{
    if (m_tap && m_tap->m_forwarder)
        m_tap->m_forwarder->close(m_forward);
}

AgentTap::Stream AgentTap::openStream(RecordedKind kind, const SenderMetadata &metadata)
{
    return Stream(this, kind, ++m_streams, m_forwarder ? m_forwarder->open(kind, metadata) : nullptr);
}

void AgentTap::handOn(const Stream &stream, const TappedRequest &request)
{
    if (m_forwarder)
        m_forwarder->push(stream.m_forward, request);
    if (m_recording)
        m_recording->record(stream.m_kind, stream.m_number, request);
}

ForwardSnapshot AgentTap::forwardSnapshot() const
{
    return m_forwarder ? m_forwarder->snapshot() : ForwardSnapshot{};
}

RecordingSnapshot AgentTap::recordingSnapshot() const
{
    return m_recording ? m_recording->snapshot() : RecordingSnapshot{};
}

} // namespace ocw
