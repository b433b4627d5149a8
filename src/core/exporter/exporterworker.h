// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exporteroptions.h"
#include "exportersnapshot.h"

#include <QObject>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

class QThread;

namespace ocw {

class ByteCountingRelay;
class TelemetryQueue;
class TraceSampler;
struct AgentConnection;

// Streams what the queue holds to an OpenCensus agent, as KrakenD's Go exporter would: on connect it
// opens TraceService/Export (Node and Resource first), TraceService/Config (Node first; samplers from
// the agent are applied and echoed) and MetricsService/Export (Node and Resource first), with the
// config's headers on every stream and gzip when asked. When a stream or the channel fails it waits the
// reconnection period (plus the Go exporter's jitter) between attempts, and never gives up.
//
// Thread contract: start(), stop() and snapshot() may be called from any thread; everything else runs
// on the worker's own QThread, which owns every gRPC object.
class ExporterWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExporterWorker)

public:
    ExporterWorker(ExporterOptions options, std::shared_ptr<TelemetryQueue> queue,
                   std::shared_ptr<TraceSampler> sampler, QObject *parent = nullptr);
    ~ExporterWorker() override;

    void start();
    // Sends what is queued and closes the streams cleanly, within the options' drain timeout; past it,
    // or when not connected, cancels whatever blocks. Always returns within about a second. Idempotent.
    void stop();
    ExporterSnapshot snapshot() const;
    const ExporterOptions &options() const { return m_options; }

signals:
    void stateChanged(ocw::ConnectionState state, const QString &detail);

private:
    void run();
    bool connectOnce();
    void exportUntilBroken();
    void disconnect();
    void waitUntil(std::chrono::steady_clock::time_point until);
    void setState(ConnectionState state, const QString &detail = QString());
    void noteError(const QString &error);
    void countWrite(std::size_t bytes);

    const ExporterOptions m_options;
    const std::shared_ptr<TelemetryQueue> m_queue;
    const std::shared_ptr<TraceSampler> m_sampler;
    QThread *m_thread = nullptr;
    std::unique_ptr<ByteCountingRelay> m_relay;
    QString m_target; // what the channel dials: the relay, or the agent itself

    std::atomic<bool> m_draining{false}; // stop asked: flush, close cleanly, do not reconnect
    std::atomic<bool> m_stop{false};     // stop now: cancel what blocks
    std::mutex m_waitMutex;
    std::condition_variable m_wait;

    std::mutex m_callsMutex; // guards m_connection against stop()'s cancellation
    std::unique_ptr<AgentConnection> m_connection;

    mutable std::mutex m_statsMutex;
    ExporterSnapshot m_stats;
    std::chrono::steady_clock::time_point m_stateSince;
};

} // namespace ocw
