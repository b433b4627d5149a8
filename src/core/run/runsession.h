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
    AgentOptions agent; // the embedded agent's (its listen address is always 127.0.0.1:0)
    // The demo's faults, on a cycle: the agent ends every stream, later refuses connections for a while,
    // so reconnections happen within seconds (needs the embedded agent).
    bool faultCycle = false;
    struct FaultTimes {
        std::chrono::milliseconds first{4000};  // streams closed
        std::chrono::milliseconds every{8000};  // then alternately refusals and closed streams
        std::chrono::milliseconds refusal{2500}; // how long a refusal lasts
    } faultTimes;
};

// One run from start to stop, as the dashboard and `ocworkbench-cli demo` show it: the embedded agent
// (when asked), the load run, the fault cycle, pause, and the end when the profile's duration is over.
// Lives on the thread that uses it (the UI's); everything that can take time (draining the exporter,
// stopping the agent's gRPC server) runs on other threads, so no call but stop() blocks it.
class RunSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunSession)

public:
    explicit RunSession(SessionOptions options, QObject *parent = nullptr);
    // Stops (with the drain) if still running, and waits for the threads.
    ~RunSession() override;

    // Starts the session and returns at once: an error message when nothing can start, else an empty
    // string. The embedded agent starts on another thread (a gRPC server takes a moment to build), then the
    // run; started() follows, or finished() with startError() set when the agent could not listen.
    QString start();
    QString startError() const { return m_startError; }
    // Asks the session to stop and returns at once: the load stops, the exporter drains within its
    // deadline (or `drainTimeout`), then the agent stops; finished() follows. Asked again while stopping,
    // a shorter deadline replaces the first (0: stop now).
    void requestStop(std::optional<std::chrono::milliseconds> drainTimeout = std::nullopt);
    // requestStop(), then waits until the session has finished (the CLI and tests).
    void stop();
    void setPaused(bool paused);
    // From start() until finished(): starting, running or stopping.
    bool isRunning() const { return m_state == State::Starting || m_state == State::Running || m_state == State::Stopping; }
    bool isStopping() const { return m_state == State::Stopping; }
    bool isPaused() const { return m_run && m_run->isPaused(); }
    bool hasAgent() const { return m_agent != nullptr; }
    EmbeddedAgent *agent() const { return m_agent.get(); }
    QString targetAddress() const { return m_options.run.exporter.address; }
    std::chrono::milliseconds drainTimeout() const { return m_options.run.exporter.drainTimeout; }

    RunSnapshot runSnapshot() const;
    AgentSnapshot agentSnapshot() const;
    // The run's report, with the agent's counts under "agent" when the session has one.
    QJsonObject report() const;

signals:
    // The run has started (with the embedded agent: once the agent listens); targetAddress() is final.
    void started();
    // About ten times a second while running (the drain included), and once more at the end.
    void tick(const ocw::RunSnapshot &run, const ocw::AgentSnapshot &agent);
    // The session ended: stopped, the profile's duration was over, or a replay sent its recording. Reports are final.
    void finished();

private:
    enum class State { Idle, Starting, Running, Stopping, Stopped };
    void onAgentStarted(const QString &error);
    void startRun();
    void onRunSnapshot(const RunSnapshot &snapshot);
    void onRunStopped();
    void stopAgent();
    void finish();
    void injectFault();

    SessionOptions m_options;
    State m_state = State::Idle;
    std::unique_ptr<EmbeddedAgent> m_agent;
    std::unique_ptr<LoadRun> m_run;
    QTimer m_faults;
    std::future<void> m_agentStart; // the agent starting, before the run
    std::future<void> m_fault;      // a fault being injected: stopping a gRPC server can take a moment
    std::future<void> m_agentStop;  // the agent stopping, after the run
    QString m_startError;
    int m_faultsInjected = 0;
};

} // namespace ocw
