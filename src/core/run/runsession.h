// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/embeddedagent.h"
#include "run/loadrun.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <future>
#include <memory>

namespace ocw {

// What a session runs: the load, and where it goes.
struct SessionOptions {
    RunOptions run;
    // Send to an agent inside this process (listening on 127.0.0.1, a free port) instead of the address
    // in run.exporter; the session then reports what the agent received too.
    bool embeddedAgent = true;
    // The demo's faults, on a cycle: the agent ends every stream, later refuses connections for a while,
    // so reconnections happen within seconds (needs the embedded agent).
    bool faultCycle = false;
};

// One run from start to stop, as the dashboard and `ocworkbench-cli demo` show it: the embedded agent
// (when asked), the load run, the fault cycle, pause, and the end when the profile's duration is over.
// Lives on the thread that uses it (the UI's); everything heavy runs on the run's own threads.
class RunSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunSession)

public:
    // The fault cycle: streams closed at 4 s, then every FaultCycle, alternating with refusals.
    static constexpr auto FaultCycle = std::chrono::seconds(8);
    static constexpr auto RefusalWindow = std::chrono::milliseconds(2500);

    explicit RunSession(SessionOptions options, QObject *parent = nullptr);
    ~RunSession() override;

    // Starts the agent (if asked) and the run; returns an error message, or an empty string.
    QString start();
    // Stops the run, then the agent; the last snapshot and the report stay available. Prompt.
    void stop();
    void setPaused(bool paused);
    bool isRunning() const { return m_run && m_run->isRunning(); }
    bool isPaused() const { return m_run && m_run->isPaused(); }
    bool hasAgent() const { return m_agent != nullptr; }
    EmbeddedAgent *agent() const { return m_agent.get(); }
    QString targetAddress() const { return m_options.run.exporter.address; }

    RunSnapshot runSnapshot() const;
    AgentSnapshot agentSnapshot() const;
    // The run's report, with the agent's counts under "agent" when the session has one, and after the stop
    // what of the sent was lost in transit (in flight when the agent broke a stream).
    QJsonObject report() const;

signals:
    // About ten times a second while running, and once more after the stop.
    void tick(const ocw::RunSnapshot &run, const ocw::AgentSnapshot &agent);
    // The session ended: stopped, or the profile's duration was over.
    void finished();

private:
    void onRunSnapshot(const RunSnapshot &snapshot);
    void injectFault();

    SessionOptions m_options;
    std::unique_ptr<EmbeddedAgent> m_agent;
    std::unique_ptr<LoadRun> m_run;
    QTimer m_faults;
    std::future<void> m_fault; // a fault being injected: stopping a gRPC server can take a moment, off the UI thread
    int m_faultsInjected = 0;
};

} // namespace ocw
