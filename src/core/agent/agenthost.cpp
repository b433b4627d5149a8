// SPDX-License-Identifier: Apache-2.0
#include "agenthost.h"

#include "agentrecorder.h"

namespace ocw {

AgentHost::AgentHost(QObject *parent) : QObject(parent) {}

AgentHost::~AgentHost()
{
    if (m_work.valid())
        m_work.wait();
    if (m_agent)
        m_agent->stop();
}

void AgentHost::start(AgentOptions options)
{
    if (m_state != State::Idle)
        return;
    if (m_work.valid())
        m_work.wait(); // the last stop has posted its end already
    m_state = State::Starting;
    m_agent = std::make_unique<EmbeddedAgent>(std::move(options));
    EmbeddedAgent *agent = m_agent.get();
    m_work = std::async(std::launch::async, [this, agent] {
        const QString error = agent->start();
        QMetaObject::invokeMethod(this, [this, error] { onStarted(error); }, Qt::QueuedConnection);
    });
}

void AgentHost::onStarted(const QString &error)
{
    m_work.wait();
    if (!error.isEmpty()) {
        m_agent.reset();
        m_state = State::Idle;
    } else {
        m_state = State::Listening;
    }
    emit started(error);
}

void AgentHost::stop()
{
    if (m_state != State::Listening)
        return;
    m_state = State::Stopping;
    EmbeddedAgent *agent = m_agent.get();
    m_work = std::async(std::launch::async, [this, agent] {
        agent->stop();
        agent->finishTap(); // forwards what is buffered (within its drain deadline) and closes the recording
        agent->recorder().checkRemainingTraces();
        QMetaObject::invokeMethod(this, &AgentHost::onStopped, Qt::QueuedConnection);
    });
}

void AgentHost::onStopped()
{
    m_work.wait();
    m_state = State::Idle;
    emit stopped();
}

} // namespace ocw
