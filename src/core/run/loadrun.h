// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exporter/exporteroptions.h"
#include "exporter/exportersnapshot.h"
#include "load/loadprofile.h"
#include "load/recordingreplay.h"
#include "load/shard.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace ocw {

class ExporterWorker;
class TelemetryQueue;
class TraceSampler;

struct RunOptions {
    ExporterOptions exporter;
    double spansPerSecond = 1000;                    // offered before sampling
    // Closed loop (run --rate max): KrakenD's traces as fast as the exporter drains the queue, stamped with
    // the time they are made; nothing is dropped for a full queue. spansPerSecond and profile play no part.
    bool asFastAsDrained = false;
    // Parallel exporters (run --connections): each its own channel, streams, Node, queue and ledger, all fed
    // from the one schedule, whole traces turn about; the gateway's metric views go on connection 0.
    int connections = 1;
    std::chrono::milliseconds metricInterval{1000};  // the module's reporting period
    double sampleProbability = 1.0;                  // sample_rate / 100
    std::uint64_t seed = 1;
    std::optional<LoadProfile> profile;              // the load to make; without one, KrakenD's at spansPerSecond
    QString profileSha256;                           // of the profile's file, when it came from one: the report names it
    Shard shard;                                     // this run's part of the load; shard 0 reports the metrics
    // Send a recording again instead of making load (profile, rate and metric reports then play no part).
    // Its traffic was sampled by its sender: every recorded span is sent, sampleProbability left aside.
    std::optional<ReplayOptions> replay;
    QJsonObject config;                              // the module as configured, for the report

    // How often metrics are reported: the profile's own interval when it sets one, else the reporting period.
    std::chrono::milliseconds effectiveMetricInterval() const
    {
        if (profile && profile->metricIntervalSeconds > 0)
            return std::chrono::milliseconds(qRound64(profile->metricIntervalSeconds * 1000));
        return metricInterval;
    }
};

// What a replay's report says of sampling.
inline constexpr char ReplaySamplingNote[] =
    "The recording was sampled by the sender that made it: the replay sends every recorded span, whatever the config's "
    "sample_rate or the agent's sampler say.";

// What every report says of "sent": the protocol has no acknowledgement.
inline constexpr char DeliveryNote[] =
    "The OpenCensus agent protocol has no acknowledgement. \"sent\" counts items written to a stream that the agent "
    "then closed cleanly after reading it to its end; \"unconfirmed\" counts items written to a stream that broke "
    "first, which the agent may or may not have read; \"in_flight\" counts items written to a stream still open.";

// One run's numbers at one moment: what the generator made and what the exporter did with it.
struct RunSnapshot {
    double elapsedSeconds = 0;
    double loadSeconds = 0; // of the profile's own time: the run's time but for pauses
    bool paused = false;
    std::uint64_t tracesSampledOut = 0;
    std::uint64_t behindSchedule = 0; // generator ticks that could not make all that was due: the machine is saturated
    std::uint64_t replayRequestsSent = 0; // recorded requests handed to the exporter
    std::uint64_t replayPasses = 0;       // times the whole recording was handed over
    ExporterSnapshot exporter; // the connections as one (ExporterSnapshot::combined)
    std::vector<ExporterSnapshot> connections; // each connection's own, by index
};

// A load run: a generator thread fills the bounded queue on a schedule (never by sleeping per item),
// and the exporter worker streams it to the agent. Snapshots come out about ten times a second.
// Lives on the thread that owns it (the UI's, or the CLI's); nothing it does there blocks but stop().
class LoadRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoadRun)

public:
    explicit LoadRun(RunOptions options, QObject *parent = nullptr);
    ~LoadRun() override;

    // Starts the run. It runs until stopped, or, replaying a recording without loop, until every request
    // was handed to the exporter: then it stops by itself (drain included) and stopped() follows.
    void start();
    // Asks the run to stop and returns at once: the generator stops, then the exporter sends what is
    // queued and has the agent confirm its streams, within the drain deadline (by default the exporter
    // options'). stopped() follows. Asked again while stopping, a shorter deadline replaces the first.
    void requestStop(std::optional<std::chrono::milliseconds> drainTimeout = std::nullopt);
    // requestStop(), then waits for the threads to end (for the CLI, the tests and destructors).
    void stop();
    bool isRunning() const { return m_state == State::Running || m_state == State::Stopping; }
    bool isStopping() const { return m_state == State::Stopping; }
    // A paused run makes nothing and its profile's clock stands still; the exporter goes on sending
    // what is queued and keeps its connection.
    void setPaused(bool paused) { m_paused = paused; }
    bool isPaused() const { return m_paused; }
    RunSnapshot snapshot() const;
    // The run report: the accounting, the connection history, the bytes, and the options used.
    QJsonObject report() const;

signals:
    void snapshotReady(const ocw::RunSnapshot &snapshot);
    // The run's threads have ended; snapshot() and report() are final.
    void stopped();

private:
    enum class State { Idle, Running, Stopping, Stopped };
    void generate();
    void generateAsFastAsDrained();
    bool keepTrace(std::uint64_t trace); // the sampler's decision, by the trace's index alone; counted when left out
    TelemetryQueue &nextQueue(); // the generator's: the connection whose turn it is
    bool allWorkersFinished() const;
    void replay(const ReplayOptions &options);
    void finishStop();
    QJsonObject loadJson() const; // what load the run made: the same in every shard of one load

    const RunOptions m_options;
    std::shared_ptr<TraceSampler> m_sampler;
    std::vector<std::shared_ptr<TelemetryQueue>> m_queues; // one per connection
    std::vector<std::unique_ptr<ExporterWorker>> m_workers;
    std::size_t m_nextQueue = 0; // the generator thread's
    std::thread m_generator;
    State m_state = State::Idle;
    std::atomic<bool> m_stopGenerator{false};
    std::atomic<std::chrono::milliseconds> m_drainTimeout;
    std::atomic<bool> m_paused{false};
    std::atomic<double> m_loadSeconds{0};
    std::atomic<std::uint64_t> m_sampledOut{0};
    std::atomic<std::uint64_t> m_behindSchedule{0};
    std::atomic<std::uint64_t> m_replayRequestsSent{0};
    std::atomic<std::uint64_t> m_replayPasses{0};
    std::chrono::steady_clock::time_point m_started{};
    qint64 m_startedUnixMs = 0; // for the report, so that the reports of a run's shards can be merged
    std::chrono::steady_clock::time_point m_stopRequested{}; // the load's end: the drain comes after
    QTimer m_ticker;
};

} // namespace ocw

Q_DECLARE_METATYPE(ocw::RunSnapshot)
