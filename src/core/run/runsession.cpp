// SPDX-License-Identifier: Apache-2.0
#include "runsession.h"

#include "agent/agentrecorder.h"
#include "agent/agentsummary.h"

namespace ocw {

RunSession::RunSession(SessionOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
    qRegisterMetaType<ocw::AgentSnapshot>();
    m_faults.setSingleShot(true);
    connect(&m_faults, &QTimer::timeout, this, &RunSession::injectFault);
}

RunSession::~RunSession()
{
    stop();
}

QString RunSession::start()
{
    if (m_state != State::Idle)
        return {};
    if (!m_options.embeddedAgent) {
        startRun();
        return {};
    }
    AgentOptions agentOptions = m_options.agent;
    agentOptions.listen = AgentAddress::loopback(0);
    m_agent = std::make_unique<EmbeddedAgent>(agentOptions);
    m_state = State::Starting;
    EmbeddedAgent *agent = m_agent.get();
    m_agentStart = std::async(std::launch::async, [this, agent] {
        const QString error = agent->start();
        QMetaObject::invokeMethod(this, [this, error] { onAgentStarted(error); }, Qt::QueuedConnection);
    });
    return {};
}

void RunSession::onAgentStarted(const QString &error)
{
    if (m_state == State::Stopping && !m_run) {
        stopAgent(); // stopped before the agent was up
        return;
    }
    if (m_state != State::Starting)
        return;
    if (!error.isEmpty()) {
        m_startError = error;
        m_state = State::Stopped;
        emit finished();
        return;
    }
    // The config's TLS and headers stay as they are: the embedded agent speaks plaintext and takes any header.
    m_options.run.exporter.target = AgentAddress::loopback(m_agent->port());
    m_options.run.exporter.address = m_options.run.exporter.target.display();
    m_options.run.exporter.insecure = true;
    startRun();
}

void RunSession::startRun()
{
    m_run = std::make_unique<LoadRun>(m_options.run);
    connect(m_run.get(), &LoadRun::snapshotReady, this, &RunSession::onRunSnapshot);
    connect(m_run.get(), &LoadRun::stopped, this, &RunSession::onRunStopped);
    m_state = State::Running;
    m_run->start();
    m_faultsInjected = 0;
    if (m_options.faultCycle && m_agent)
        m_faults.start(m_options.faultTimes.first);
    emit started();
}

void RunSession::requestStop(std::optional<std::chrono::milliseconds> drainTimeout)
{
    if (m_state == State::Starting) {
        m_state = State::Stopping; // the agent's start, once done, stops it again
        return;
    }
    if (m_state == State::Stopping && drainTimeout && m_run)
        m_run->requestStop(drainTimeout);
    if (m_state != State::Running)
        return;
    m_state = State::Stopping;
    m_faults.stop();
    m_run->requestStop(drainTimeout);
}

void RunSession::stop()
{
    requestStop();
    if (m_state != State::Stopping)
        return;
    if (m_agentStart.valid())
        m_agentStart.wait(); // its report, still queued, finds the session stopped
    if (m_run)
        m_run->stop(); // its stopped() starts the agent's stop
    else
        stopAgent();
    if (m_agentStop.valid())
        m_agentStop.wait();
    finish();
}

void RunSession::onRunStopped()
{
    if (m_state == State::Running) {
        // The run ended by itself (a replay has sent its recording): the session ends with it.
        m_state = State::Stopping;
        m_faults.stop();
    }
    stopAgent();
}

void RunSession::stopAgent()
{
    if (m_state != State::Stopping || m_agentStop.valid())
        return;
    if (!m_agent) {
        finish();
        return;
    }
    // A gRPC server's shutdown waits for its handlers: off this thread. A fault still being injected
    // (a refusal restarts the server) ends first, so that nothing restarts the agent after this.
    EmbeddedAgent *agent = m_agent.get();
    m_agentStop = std::async(std::launch::async, [this, agent, fault = std::move(m_fault)] {
        if (fault.valid())
            fault.wait();
        agent->stop();
        agent->recorder().checkRemainingTraces();
        QMetaObject::invokeMethod(this, &RunSession::finish, Qt::QueuedConnection);
    });
}

void RunSession::finish()
{
    // Reached from the agent's stop or from stop(), whichever comes first.
    if (m_state != State::Stopping)
        return;
    if (m_agentStop.valid())
        m_agentStop.wait(); // it has just posted this call, or returned
    m_state = State::Stopped;
    emit tick(runSnapshot(), agentSnapshot());
    emit finished();
}

void RunSession::setPaused(bool paused)
{
    if (m_run)
        m_run->setPaused(paused);
}

RunSnapshot RunSession::runSnapshot() const
{
    return m_run ? m_run->snapshot() : RunSnapshot{};
}

AgentSnapshot RunSession::agentSnapshot() const
{
    return m_agent ? m_agent->snapshot() : AgentSnapshot{};
}

QJsonObject RunSession::report() const
{
    if (!m_run)
        return {};
    QJsonObject report = m_run->report();
    if (m_agent)
        report.insert(QStringLiteral("agent"), agentSummaryJson(m_agent->snapshot(), m_run->snapshot().elapsedSeconds));
    report.insert(QStringLiteral("fault_cycle"), m_options.faultCycle && m_agent);
    return report;
}

void RunSession::onRunSnapshot(const RunSnapshot &snapshot)
{
    if (m_state == State::Stopped || !m_run->isRunning())
        return; // the run's final snapshot: finish() sends the last tick
    emit tick(snapshot, agentSnapshot());
    const auto &profile = m_options.run.profile;
    if (profile && profile->durationSeconds > 0 && snapshot.loadSeconds >= profile->durationSeconds)
        requestStop();
}

void RunSession::injectFault()
{
    if (!m_agent || m_state != State::Running)
        return;
    // Odd faults end the streams (a reconnection right after); even ones take the agent away for a while.
    const bool closeStreams = ++m_faultsInjected % 2 == 1;
    EmbeddedAgent *agent = m_agent.get();
    m_fault = std::async(std::launch::async, [agent, closeStreams, refusal = m_options.faultTimes.refusal] {
        if (closeStreams)
            agent->closeAllStreams();
        else
            agent->refuseConnectionsFor(refusal);
    });
    m_faults.start(m_options.faultTimes.every);
}

} // namespace ocw
