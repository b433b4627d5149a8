// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "embeddedagent.h"

#include <QObject>

#include <future>
#include <memory>

namespace ocw {

// The embedded agent on its own, without a run: it listens where the user says (0.0.0.0:55678, say, with TLS
// and a required header) so that a real KrakenD can be pointed at the workbench. Building a gRPC server and
// shutting one down both take a moment, so both happen on another thread and end in a signal: no call here
// blocks the caller's (the UI's) thread but the destructor.
class AgentHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AgentHost)

public:
    explicit AgentHost(QObject *parent = nullptr);
    // Stops the agent if it listens, and waits for it.
    ~AgentHost() override;

    // Starts an agent with `options`; started() follows. Ignored while one listens or is starting or stopping.
    void start(AgentOptions options);
    // Stops the agent, forwards what its tap still buffers (within the forward's drain deadline) and closes its
    // recording; stopped() follows. Its counts stay readable through agent() until the next start.
    void stop();
    bool isListening() const { return m_state == State::Listening; }
    bool isBusy() const { return m_state == State::Starting || m_state == State::Stopping; }
    // The agent that listens, or last listened; null before the first start.
    EmbeddedAgent *agent() const { return m_state == State::Starting ? nullptr : m_agent.get(); }

signals:
    // The agent listens (`error` empty), or could not (`error` says why; the host is idle again).
    void started(const QString &error);
    void stopped();

private:
    enum class State { Idle, Starting, Listening, Stopping };
    void onStarted(const QString &error);
    void onStopped();

    State m_state = State::Idle;
    std::unique_ptr<EmbeddedAgent> m_agent;
    std::future<void> m_work; // the start or the stop under way
};

} // namespace ocw
