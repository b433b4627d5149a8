// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agentconnection.h"
#include "exporteroptions.h"
#include "exportersnapshot.h"
#include "exportloop.h"

#include <QObject>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace ocw {

class TelemetryQueue;
class TraceSampler;
class WireByteCounter;

// Streams what the queue holds to an OpenCensus agent, as KrakenD's Go exporter would (see
// AgentConnection). When a stream or the channel fails it waits the reconnection period (plus the Go
// exporter's jitter) between attempts, and never gives up. A stop drains the queue and closes the streams
// cleanly, so that what the agent confirms is counted as sent, within a drain deadline past which it
// cancels them.
//
// Thread contract: start(), stop() and the destructor are called on the owner's thread; requestStop() and
// snapshot() from any thread. The connection, its gRPC objects and the batching loop live on the worker's
// own thread; a watchdog thread enforces the drain deadline.
class ExporterWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExporterWorker)

public:
    ExporterWorker(ExporterOptions options, std::shared_ptr<TelemetryQueue> queue,
                   std::shared_ptr<TraceSampler> sampler, QObject *parent = nullptr);
    // Stops without draining (the streams are cancelled at once) if still running, and joins.
    ~ExporterWorker() override;

    void start();
    // Asks the worker to stop and returns at once: it sends what is queued, half-closes every stream and
    // waits for the agent to end them, for at most `drainTimeout` from now (by default the options'); then
    // it cancels what is left. finished() follows. Idempotent: a later request only ever shortens the wait.
    void requestStop(std::optional<std::chrono::milliseconds> drainTimeout = std::nullopt);
    // requestStop(), then blocks until the worker has finished and joins its threads.
    void stop(std::optional<std::chrono::milliseconds> drainTimeout = std::nullopt);
    bool isFinished() const { return m_finished; }
    ExporterSnapshot snapshot() const;
    const ExporterOptions &options() const { return m_options; }

signals:
    // The worker's thread is done: every item is settled but what was still queued. Emitted from that
    // thread; connect with a queued connection, then call stop() to join (it returns at once).
    void finished();

private:
    // One connection attempt, from dialing to its end.
    struct Attempt {
        bool connected = false;
        QString openError; // why it did not connect
        ExportLoop::End end = ExportLoop::End::Broken;
        AgentConnection::Ending ending;
    };

    void run();
    bool beginAttempt(std::chrono::steady_clock::time_point start); // true for a reconnection
    bool setConnection(AgentConnection *connection);                 // false: the deadline has passed
    Attempt exportOver(AgentConnection &connection, bool retry);
    void settle(const AgentConnection::Ending &ending);
    DrainOutcome drainOutcome(const Attempt &attempt);
    // Time without a connection, begun by `cause`: with fidelity krakend, what is made meanwhile is dropped
    // (but for the first connection's making, which what is made waits for).
    void beginOutage(Breakage cause);
    void endOutage(); // adds what the outage cost to its cause
    void noteFailure(const Attempt &attempt, std::chrono::steady_clock::duration retryAfter);
    void watchDrainDeadline();
    void cancelStreams(); // the drain deadline has passed (or a stop now): cancels what is open, once
    void waitUntil(std::chrono::steady_clock::time_point until);
    void setState(ConnectionState state);
    void noteError(const QString &error);
    void countWrite(std::size_t bytes);
    bool stopRequested() const;

    const ExporterOptions m_options;
    const std::shared_ptr<TelemetryQueue> m_queue;
    const std::shared_ptr<TraceSampler> m_sampler;
    const std::unique_ptr<WireByteCounter> m_wireBytes; // null when wire bytes are not measured
    std::thread m_thread;
    std::thread m_watchdog;
    std::atomic<bool> m_finished{false};

    ExportControl m_control; // read by the batching loop
    mutable std::mutex m_controlMutex; // guards the stop request and wakes the waits on it
    std::condition_variable m_controlChanged;
    bool m_stopRequested = false;
    std::chrono::steady_clock::time_point m_stopRequestedAt{};
    std::chrono::steady_clock::time_point m_drainDeadline{};

    std::mutex m_connectionMutex; // guards m_connection against the watchdog's cancellation
    AgentConnection *m_connection = nullptr;

    mutable std::mutex m_statsMutex;
    ExporterSnapshot m_stats;
    std::chrono::steady_clock::time_point m_stateSince;
    std::chrono::steady_clock::time_point m_startedAt; // set before the threads start, then only read
    struct Outage {
        Breakage cause;
        std::uint64_t spansDroppedBefore;
        std::uint64_t pointsDroppedBefore;
    };
    std::optional<Outage> m_outage; // the worker's thread only
};

} // namespace ocw
