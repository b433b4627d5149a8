// SPDX-License-Identifier: Apache-2.0
#include "runsession.h"

#include "agent/agentrecorder.h"
#include "agent/agentsummary.h"

namespace ocw {

namespace {
constexpr auto kFirstFault = std::chrono::seconds(4);
} // namespace

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
    if (isRunning())
        return {};
    if (m_options.embeddedAgent) {
        m_agent = std::make_unique<EmbeddedAgent>(AgentOptions{});
        if (const QString error = m_agent->start(); !error.isEmpty()) {
            m_agent.reset();
            return error;
        }
        // The config's TLS and headers stay as they are: the embedded agent speaks plaintext and takes any header.
        m_options.run.exporter.target = AgentAddress::loopback(m_agent->port());
        m_options.run.exporter.address = m_options.run.exporter.target.display();
        m_options.run.exporter.insecure = true;
    }
    m_run = std::make_unique<LoadRun>(m_options.run);
    connect(m_run.get(), &LoadRun::snapshotReady, this, &RunSession::onRunSnapshot);
    m_run->start();
    m_faultsInjected = 0;
    if (m_options.faultCycle && m_agent)
        m_faults.start(kFirstFault);
    return {};
}

void RunSession::stop()
{
    m_faults.stop();
    if (m_fault.valid())
        m_fault.wait();
    if (!m_run || !m_run->isRunning())
        return;
    m_run->stop(); // emits the final snapshot
    if (m_agent) {
        m_agent->stop();
        m_agent->recorder().checkRemainingTraces();
    }
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
    if (m_agent) {
        const AgentSnapshot agent = m_agent->snapshot();
        const RunSnapshot run = m_run->snapshot();
        report.insert(QStringLiteral("agent"), agentSummaryJson(agent, run.elapsedSeconds));
        if (!isRunning()) {
            // The protocol has no acknowledgement: a message is sent once gRPC took it, and what was still
            // in flight when the agent broke a stream is lost on the way. Once both ends have stopped, the
            // difference says how much that was.
            const auto lost = [](std::uint64_t sent, std::uint64_t received) { return qint64(sent > received ? sent - received : 0); };
            report.insert(QStringLiteral("spans_lost_in_transit"), lost(run.exporter.spans.sent, agent.spans));
            report.insert(QStringLiteral("points_lost_in_transit"), lost(run.exporter.points.sent, agent.points));
        }
    }
    report.insert(QStringLiteral("fault_cycle"), m_options.faultCycle && m_agent);
    return report;
}

void RunSession::onRunSnapshot(const RunSnapshot &snapshot)
{
    if (!m_run->isRunning())
        return; // the stop's own snapshot: stop() sends the last tick
    emit tick(snapshot, agentSnapshot());
    const auto &profile = m_options.run.profile;
    if (profile && profile->durationSeconds > 0 && snapshot.loadSeconds >= profile->durationSeconds)
        QMetaObject::invokeMethod(this, &RunSession::stop, Qt::QueuedConnection);
}

void RunSession::injectFault()
{
    if (!m_agent || !isRunning())
        return;
    // Odd faults end the streams (a reconnection right after); even ones take the agent away for a while.
    const bool closeStreams = ++m_faultsInjected % 2 == 1;
    EmbeddedAgent *agent = m_agent.get();
    m_fault = std::async(std::launch::async, [agent, closeStreams] {
        if (closeStreams)
            agent->closeAllStreams();
        else
            agent->refuseConnectionsFor(RefusalWindow);
    });
    m_faults.start(FaultCycle);
}

} // namespace ocw
