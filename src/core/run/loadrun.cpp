// SPDX-License-Identifier: Apache-2.0
#include "loadrun.h"

#include "exporter/exporterworker.h"
#include "exporter/telemetryqueue.h"
#include "exporter/tracesampler.h"
#include "load/metricgenerator.h"
#include "load/profilegenerator.h"
#include "load/random.h"

#include <QDateTime>
#include <QJsonArray>

#include <thread>

namespace ocw {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kGeneratorTick = std::chrono::milliseconds(5);
// At most this much work between two looks at the stop flag, however far behind the schedule is.
constexpr std::uint64_t kMaxSpansPerTick = 8192;
constexpr auto kSnapshotInterval = std::chrono::milliseconds(100);
// A closed-loop run makes spans in chunks of about this many, each pushed whole when the queue has room.
constexpr std::size_t kClosedLoopChunkSpans = 1024;
// At most this long handing requests over in one tick, however far behind a replay is.
constexpr auto kMaxWorkPerTick = std::chrono::milliseconds(50);

std::int64_t unixNanosNow()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The load's own clock: the run's time but for its pauses, so that a paused profile or replay resumes where
// it stood.
class LoadClock final
{
public:
    explicit LoadClock(Clock::time_point start) : m_start(start) {}
    // While paused, the clock stands still and this returns false; else it moves to `now`.
    bool advance(Clock::time_point now, bool paused)
    {
        if (paused) {
            if (!m_paused)
                m_pausedSince = now;
            m_paused = true;
            return false;
        }
        if (m_paused) {
            m_pausedFor += now - m_pausedSince;
            m_paused = false;
        }
        m_elapsed = now - m_start - m_pausedFor;
        return true;
    }
    Clock::duration elapsed() const { return m_elapsed; }
    double seconds() const { return std::chrono::duration<double>(m_elapsed).count(); }

private:
    const Clock::time_point m_start;
    Clock::duration m_pausedFor{};
    bool m_paused = false;
    Clock::time_point m_pausedSince{};
    Clock::duration m_elapsed{};
};

// Calls `tick(now, clock)` every generator tick of the load's own clock until `stop`, or until it returns
// false; while paused the clock stands still and `tick` is not called.
template<typename Tick>
void forEachTick(const std::atomic<bool> &stop, const std::atomic<bool> &paused, std::atomic<double> &loadSeconds, Tick &&tick)
{
    LoadClock clock(Clock::now());
    while (!stop) {
        const auto now = Clock::now();
        if (clock.advance(now, paused)) {
            loadSeconds.store(clock.seconds(), std::memory_order_relaxed);
            if (!tick(now, clock))
                return;
        }
        std::this_thread::sleep_until(now + kGeneratorTick);
    }
}

QJsonArray connectionLog(const QList<ConnectionAttempt> &attempts, bool parallel)
{
    QJsonArray log;
    for (const ConnectionAttempt &a : attempts) {
        QJsonObject entry{{QStringLiteral("started_at_s"), a.startedAt}, {QStringLiteral("connected"), a.connected}};
        if (parallel)
            entry.insert(QStringLiteral("connection"), a.connection);
        if (!a.error.isEmpty())
            entry.insert(QStringLiteral("error"), a.error);
        if (a.retryAfter > 0)
            entry.insert(QStringLiteral("retry_after_s"), a.retryAfter);
        if (a.ended && a.connected) {
            entry.insert(QStringLiteral("spans_written"), qint64(a.spans));
            entry.insert(QStringLiteral("spans_delivery"), deliveryName(a.spanDelivery));
            entry.insert(QStringLiteral("points_written"), qint64(a.points));
            entry.insert(QStringLiteral("points_delivery"), deliveryName(a.pointDelivery));
        }
        log.append(entry);
    }
    return log;
}

// What KrakenD's ways cost in this run: the outages by what began them, with what was dropped meanwhile
// (fidelity krakend), the healthy trace streams another stream's failure took down, the refused streams.
QJsonObject krakendBehaviour(const ExporterSnapshot &e, Fidelity fidelity)
{
    QJsonObject outages;
    for (std::size_t i = 0; i < std::size_t(Breakage::Count); ++i) {
        const OutageCost &cost = e.outageCosts[i];
        if (cost.outages == 0)
            continue;
        outages.insert(breakageName(Breakage(i)), QJsonObject{{QStringLiteral("outages"), qint64(cost.outages)},
                                                              {QStringLiteral("spans_dropped"), qint64(cost.spans)},
                                                              {QStringLiteral("points_dropped"), qint64(cost.points)}});
    }
    return QJsonObject{{QStringLiteral("headers_on"), fidelity == Fidelity::Krakend ? QStringLiteral("the trace stream only")
                                                                                  : QStringLiteral("every stream")},
                       {QStringLiteral("dropped_while_disconnected"), fidelity == Fidelity::Krakend},
                       {QStringLiteral("outages_by_cause"), outages},
                       {QStringLiteral("healthy_trace_streams_closed"), qint64(e.healthyTraceStreamsClosed)},
                       {QStringLiteral("streams_refused_unauthenticated"), qint64(e.unauthenticatedStreams)}};
}

QJsonObject droppedByReason(const Accounting &a)
{
    QJsonObject reasons;
    for (std::size_t i = 0; i < std::size_t(DropReason::Count); ++i)
        reasons.insert(dropReasonName(DropReason(i)), qint64(a.droppedBy[i]));
    return reasons;
}

// Where every span and point went, and what the connection did to send them: the report's top level for
// the run as a whole, and each entry of its "per_connection".
QJsonObject ledgerJson(const ExporterSnapshot &e)
{
    return QJsonObject{{QStringLiteral("spans_generated"), qint64(e.spans.generated)},
                       {QStringLiteral("spans_sent"), qint64(e.spans.sent)},
                       {QStringLiteral("spans_unconfirmed"), qint64(e.spans.unconfirmed)},
                       {QStringLiteral("spans_in_flight"), qint64(e.spans.inFlight)},
                       {QStringLiteral("spans_dropped"), qint64(e.spans.dropped())},
                       {QStringLiteral("dropped_by_reason"), droppedByReason(e.spans)},
                       {QStringLiteral("spans_queued_at_stop"), qint64(e.spans.queued)},
                       {QStringLiteral("spans_written"), qint64(e.spans.written)},
                       {QStringLiteral("points_generated"), qint64(e.points.generated)},
                       {QStringLiteral("points_sent"), qint64(e.points.sent)},
                       {QStringLiteral("points_unconfirmed"), qint64(e.points.unconfirmed)},
                       {QStringLiteral("points_in_flight"), qint64(e.points.inFlight)},
                       {QStringLiteral("points_dropped"), qint64(e.points.dropped())},
                       {QStringLiteral("points_dropped_by_reason"), droppedByReason(e.points)},
                       {QStringLiteral("points_queued_at_stop"), qint64(e.points.queued)},
                       {QStringLiteral("points_written"), qint64(e.points.written)},
                       {QStringLiteral("requests_sent"), qint64(e.requestsSent)},
                       {QStringLiteral("bytes_uncompressed"), qint64(e.bytesUncompressed)},
                       {QStringLiteral("bytes_wire"), qint64(e.bytesWire)},
                       {QStringLiteral("bytes_wire_measured"), e.wireMeasured},
                       {QStringLiteral("compression_ratio"), e.compressionRatio()},
                       {QStringLiteral("reconnections"), qint64(e.reconnections)},
                       {QStringLiteral("stream_failures"), qint64(e.streamFailures)},
                       {QStringLiteral("connected_seconds"), e.secondsIn[std::size_t(ConnectionState::Connected)]},
                       {QStringLiteral("last_error"), e.lastError},
                       {QStringLiteral("accounting_balanced"), e.spans.balanced() && e.points.balanced()}};
}

QJsonObject connectionJson(std::size_t index, const ExporterSnapshot &e)
{
    QJsonObject connection = ledgerJson(e);
    connection.insert(QStringLiteral("connection"), qint64(index));
    connection.insert(QStringLiteral("drain"), drainOutcomeName(e.drain));
    return connection;
}

QJsonObject replayJson(const ReplayOptions &replay, const RunSnapshot &s)
{
    const Recording &recording = *replay.recording;
    return QJsonObject{{QStringLiteral("file"), recording.file},
                       {QStringLiteral("recorded_times"), recording.timed ? QStringLiteral("receive times (FILE.times)")
                                                                          : QStringLiteral("earliest span start or point timestamp")},
                       {QStringLiteral("requests"), qint64(recording.requests.size())},
                       {QStringLiteral("requests_without_data"), qint64(recording.requestsWithoutData)},
                       {QStringLiteral("spans"), qint64(recording.spans)},
                       {QStringLiteral("points"), qint64(recording.points)},
                       {QStringLiteral("speed"), replay.speed},
                       {QStringLiteral("loop"), replay.loop},
                       {QStringLiteral("passes_completed"), qint64(s.replayPasses)},
                       {QStringLiteral("requests_replayed"), qint64(s.replayRequestsSent)},
                       {QStringLiteral("sampling"), QLatin1String(ReplaySamplingNote)}};
}

} // namespace

LoadRun::LoadRun(RunOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_sampler(std::make_shared<TraceSampler>(m_options.sampleProbability)),
      m_drainTimeout(m_options.exporter.drainTimeout)
{
    qRegisterMetaType<ocw::RunSnapshot>();
    const int connections = std::max(1, m_options.connections);
    for (int i = 0; i < connections; ++i) {
        ExporterOptions exporter = m_options.exporter;
        exporter.connection = i;
        exporter.connectionCount = connections;
        m_queues.push_back(std::make_shared<TelemetryQueue>(exporter.maxQueueItems, exporter.maxQueueBytes));
        m_workers.push_back(std::make_unique<ExporterWorker>(exporter, m_queues.back(), m_sampler));
        connect(m_workers.back().get(), &ExporterWorker::finished, this, &LoadRun::finishStop, Qt::QueuedConnection);
    }
    m_ticker.setInterval(kSnapshotInterval);
    connect(&m_ticker, &QTimer::timeout, this, [this] { emit snapshotReady(snapshot()); });
}

LoadRun::~LoadRun()
{
    stop();
}

void LoadRun::start()
{
    if (m_state != State::Idle)
        return;
    m_state = State::Running;
    m_started = Clock::now();
    m_startedUnixMs = QDateTime::currentMSecsSinceEpoch();
    for (const auto &worker : m_workers)
        worker->start();
    m_generator = std::thread([this] {
        if (m_options.replay)
            replay(*m_options.replay);
        else if (m_options.asFastAsDrained)
            generateAsFastAsDrained();
        else
            generate();
        if (!m_stopGenerator) // the load ended by itself: a replay without loop has sent its recording
            QMetaObject::invokeMethod(this, [this] { requestStop(); }, Qt::QueuedConnection);
        // The queues no longer grow: the exporters can drain them.
        for (const auto &worker : m_workers)
            worker->requestStop(m_drainTimeout.load());
    });
    m_ticker.start();
}

void LoadRun::requestStop(std::optional<std::chrono::milliseconds> drainTimeout)
{
    if (drainTimeout)
        m_drainTimeout = std::min(*drainTimeout, m_drainTimeout.load());
    if (m_state == State::Stopping && drainTimeout) {
        for (const auto &worker : m_workers)
            worker->requestStop(*drainTimeout); // a shorter deadline for a drain that may have begun
    }
    if (m_state != State::Running)
        return;
    m_state = State::Stopping;
    m_stopRequested = Clock::now();
    m_stopGenerator = true;
}

void LoadRun::stop()
{
    requestStop();
    if (m_state != State::Stopping)
        return;
    if (m_generator.joinable())
        m_generator.join();
    for (const auto &worker : m_workers)
        worker->stop();
    finishStop();
}

bool LoadRun::allWorkersFinished() const
{
    return std::all_of(m_workers.begin(), m_workers.end(), [](const auto &worker) { return worker->isFinished(); });
}

TelemetryQueue &LoadRun::nextQueue()
{
    TelemetryQueue &queue = *m_queues[m_nextQueue];
    m_nextQueue = (m_nextQueue + 1) % m_queues.size();
    return queue;
}

void LoadRun::finishStop()
{
    // Reached from the workers' finished() or from stop(), whichever comes first.
    if (m_state != State::Stopping || !allWorkersFinished())
        return;
    if (m_generator.joinable())
        m_generator.join(); // it ended before the workers could finish
    for (const auto &worker : m_workers)
        worker->stop(); // joins threads that have ended
    m_state = State::Stopped;
    m_ticker.stop();
    emit snapshotReady(snapshot());
    emit stopped();
}

void LoadRun::generate()
{
    const LoadProfile profile = m_options.profile.value_or(defaultLoadProfile(m_options.spansPerSecond));
    const std::int64_t base = unixNanosNow();
    // KrakenD's traces as its Go exporter writes them, unless the run departs from it.
    ProfileGenerator generator(profile, m_options.seed, base,
                               m_options.exporter.fidelity == Fidelity::Krakend ? SpanWireForm::GoExporter : SpanWireForm::Proto);
    generator.setShard(m_options.shard);
    generator.setKeep([this](std::uint64_t trace) { return keepTrace(trace); });
    MetricGenerator metrics(profile.metrics.empty() ? gatewayViews() : profile.metrics, m_options.seed, base);
    const auto metricInterval = m_options.effectiveMetricInterval();
    Clock::duration nextMetrics = metricInterval;
    EncodedSpans batch;
    TelemetryQueue *target = m_queues.front().get(); // the connection whose turn it is
    // Decided before each trace is made: one the queue could not keep is counted as dropped, never encoded.
    generator.setAdmit([&](std::size_t spans) { return target->admitSpans(batch.count(), batch.byteSize(), spans); });
    forEachTick(m_stopGenerator, m_paused, m_loadSeconds, [&](Clock::time_point now, const LoadClock &clock) {
        const double elapsed = clock.seconds();
        // Whole traces in bounded steps, so a stop is seen promptly however far behind the schedule is.
        for (std::uint64_t before = generator.spans(); !m_stopGenerator; before = generator.spans()) {
            target = m_queues[m_nextQueue].get();
            generator.appendDue(batch, elapsed, kMaxSpansPerTick);
            if (generator.spans() == before)
                break; // nothing more is due; the turn stays with this connection
            // The turn passes only when traces were made (or refused): an empty look must not skip a connection,
            // or with two of them the same one would get every batch.
            m_nextQueue = (m_nextQueue + 1) % m_queues.size();
            if (!batch.empty())
                target->pushSpans(std::exchange(batch, {}));
            if (Clock::now() - now > kMaxWorkPerTick) {
                m_behindSchedule.fetch_add(1, std::memory_order_relaxed);
                break;
            }
        }
        // The gateway's views are reported once for the whole load: by shard 0.
        if (m_options.shard.index == 0 && clock.elapsed() >= nextMetrics) {
            m_queues.front()->pushMetrics(metrics.report(elapsed, unixNanosNow()));
            nextMetrics += metricInterval;
        }
        return true;
    });
}

bool LoadRun::keepTrace(std::uint64_t trace)
{
    // Sampling decisions come from their own stream, so they do not shift the traces themselves, and each
    // depends on its trace's index alone, so that shards decide as the whole load would.
    if (m_sampler->sample(Random::at(m_options.seed ^ 0x5A3D1E5ULL, trace)))
        return true;
    m_sampledOut.fetch_add(1, std::memory_order_relaxed);
    return false;
}

void LoadRun::generateAsFastAsDrained()
{
    const std::int64_t base = unixNanosNow();
    TraceGenerator traces(TraceShape{}, m_options.seed,
                          m_options.exporter.fidelity == Fidelity::Krakend ? SpanWireForm::GoExporter : SpanWireForm::Proto);
    MetricGenerator metrics(gatewayViews(), m_options.seed, base);
    const auto metricInterval = m_options.effectiveMetricInterval();
    Clock::duration nextMetrics = metricInterval;
    EncodedSpans chunk; // made, waiting for room in a queue
    forEachTick(m_stopGenerator, m_paused, m_loadSeconds, [&](Clock::time_point now, const LoadClock &clock) {
        // A chunk is pushed only when it fits in half the queue, so nothing is dropped for a full queue; the
        // generator otherwise waits for the exporter, which sets the rate.
        const auto withinTick = [&] { return !m_stopGenerator && Clock::now() - now < kMaxWorkPerTick; };
        while (withinTick()) {
            // Bounded by the tick too: with a sample rate near 0 a chunk may take long to fill.
            while (chunk.count() < kClosedLoopChunkSpans && withinTick()) {
                if (keepTrace(traces.nextTrace()))
                    traces.appendTrace(chunk, unixNanosNow());
                else
                    traces.skipTrace();
            }
            if (chunk.empty())
                break;
            // The next connection with room takes it: a slow one does not hold the others back.
            TelemetryQueue *roomy = nullptr;
            for (std::size_t tried = 0; tried < m_queues.size() && !roomy; ++tried) {
                TelemetryQueue &queue = nextQueue();
                if (queue.fitsInHalf(chunk.count(), chunk.byteSize()))
                    roomy = &queue;
            }
            if (!roomy)
                break;
            roomy->pushSpans(std::exchange(chunk, {}));
        }
        if (clock.elapsed() >= nextMetrics) {
            m_queues.front()->pushMetrics(metrics.report(clock.seconds(), unixNanosNow()));
            nextMetrics += metricInterval;
        }
        return true;
    });
}

void LoadRun::replay(const ReplayOptions &options)
{
    RecordingReplay replay(options);
    forEachTick(m_stopGenerator, m_paused, m_loadSeconds, [&](Clock::time_point now, const LoadClock &clock) {
        const std::int64_t wallNow = unixNanosNow();
        for (auto due = replay.nextDue(); due && *due <= clock.elapsed() && !m_stopGenerator; due = replay.nextDue()) {
            // Sent as of the moment it was due, so that a late tick keeps the recorded spacing in the timestamps.
            const auto late = std::chrono::duration_cast<std::chrono::nanoseconds>(clock.elapsed() - *due);
            EncodedSpans spans;
            std::vector<Metric> metrics;
            replay.takeNext(wallNow - late.count(), spans, metrics);
            TelemetryQueue &queue = nextQueue(); // a recorded request stays whole, on one connection
            if (!spans.empty())
                queue.pushSpans(std::move(spans));
            if (!metrics.empty())
                queue.pushMetrics(std::move(metrics));
            m_replayRequestsSent.store(replay.requestsTaken(), std::memory_order_relaxed);
            m_replayPasses.store(replay.passesCompleted(), std::memory_order_relaxed);
            if (Clock::now() - now > kMaxWorkPerTick) {
                m_behindSchedule.fetch_add(1, std::memory_order_relaxed);
                break;
            }
        }
        return replay.nextDue().has_value(); // else every request was handed over
    });
}

QJsonObject LoadRun::loadJson() const
{
    if (m_options.replay)
        return QJsonObject{{QStringLiteral("replay"), m_options.replay->recording->file}, {QStringLiteral("seed"), QString::number(m_options.seed)}};
    QJsonObject load{{QStringLiteral("seed"), QString::number(m_options.seed)}};
    if (m_options.profile) {
        load.insert(QStringLiteral("profile"), m_options.profile->name);
        if (!m_options.profileSha256.isEmpty())
            load.insert(QStringLiteral("profile_sha256"), m_options.profileSha256);
    } else if (m_options.asFastAsDrained) {
        load.insert(QStringLiteral("spans_per_second"), QStringLiteral("max"));
    } else {
        load.insert(QStringLiteral("spans_per_second"), m_options.spansPerSecond);
    }
    return load;
}

RunSnapshot LoadRun::snapshot() const
{
    RunSnapshot s;
    const auto end = m_stopRequested != Clock::time_point{} ? m_stopRequested : Clock::now();
    s.elapsedSeconds = m_started == Clock::time_point{} ? 0.0 : std::chrono::duration<double>(end - m_started).count();
    s.tracesSampledOut = m_sampledOut.load(std::memory_order_relaxed);
    s.behindSchedule = m_behindSchedule.load(std::memory_order_relaxed);
    s.replayRequestsSent = m_replayRequestsSent.load(std::memory_order_relaxed);
    s.replayPasses = m_replayPasses.load(std::memory_order_relaxed);
    s.loadSeconds = m_loadSeconds.load(std::memory_order_relaxed);
    s.paused = m_paused;
    for (const auto &worker : m_workers)
        s.connections.push_back(worker->snapshot());
    s.exporter = ExporterSnapshot::combined(s.connections);
    return s;
}

QJsonObject LoadRun::report() const
{
    const RunSnapshot s = snapshot();
    const ExporterSnapshot &e = s.exporter;
    const ExporterOptions &o = m_options.exporter;
    QJsonArray headers;
    for (const HeaderEntry &h : o.headers)
        headers.append(h.name); // names only: values may be credentials
    const auto duration = [&](ConnectionState state) { return e.secondsIn[std::size_t(state)]; };
    const QJsonObject rest{
        {QStringLiteral("delivery"), QLatin1String(DeliveryNote)},
        {QStringLiteral("fidelity"), fidelityName(o.fidelity)},
        {QStringLiteral("krakend_behaviour"), krakendBehaviour(e, o.fidelity)},
        {QStringLiteral("drain"),
         QJsonObject{{QStringLiteral("outcome"), drainOutcomeName(e.drain)},
                     {QStringLiteral("seconds"), e.drainSeconds},
                     {QStringLiteral("timeout_ms"), qint64(o.drainTimeout.count())}}},
        {QStringLiteral("traces_sampled_out"), qint64(s.tracesSampledOut)},
        {QStringLiteral("behind_schedule"), qint64(s.behindSchedule)},
        {QStringLiteral("connection_attempts"), qint64(e.connectionAttempts)},
        {QStringLiteral("reconnection_attempts"), qint64(e.reconnectionAttempts)},
        {QStringLiteral("connection_log"), connectionLog(e.attempts, s.connections.size() > 1)},
        {QStringLiteral("waiting_seconds"), duration(ConnectionState::Waiting)},
        {QStringLiteral("connecting_seconds"), duration(ConnectionState::Connecting)},
        {QStringLiteral("sampler"), e.sampler},
        {QStringLiteral("sampler_updates"), qint64(e.samplerUpdates)},
        {QStringLiteral("duration_s"), s.elapsedSeconds},
        {QStringLiteral("spans_per_second"), s.elapsedSeconds > 0 ? double(e.spans.sent) / s.elapsedSeconds : 0.0},
        {QStringLiteral("spans_written_per_second"), s.elapsedSeconds > 0 ? double(e.spans.written) / s.elapsedSeconds : 0.0},
        {QStringLiteral("started_at_unix_ms"), m_startedUnixMs},
        {QStringLiteral("stopped_at_unix_ms"), m_startedUnixMs + qRound64(s.elapsedSeconds * 1000)},
        {QStringLiteral("load"), loadJson()},
        {QStringLiteral("shard"), QJsonObject{{QStringLiteral("index"), qint64(m_options.shard.index)},
                                              {QStringLiteral("count"), qint64(m_options.shard.count)}}},
        {QStringLiteral("config"), m_options.config},
        {QStringLiteral("options"),
         QJsonObject{{QStringLiteral("address"), o.address},
                     {QStringLiteral("service_name"), o.serviceName},
                     {QStringLiteral("insecure"), o.insecure},
                     {QStringLiteral("gzip"), o.gzip},
                     {QStringLiteral("header_names"), headers},
                     {QStringLiteral("reconnection_ms"), qint64(o.reconnectionPeriod.count())},
                     {QStringLiteral("reconnection_jitter"), o.reconnectionJitter},
                     {QStringLiteral("tls_ca"), !o.caPem.isEmpty()},
                     {QStringLiteral("tls_client_cert"), !o.certPem.isEmpty()},
                     {QStringLiteral("max_queue_items"), qint64(o.maxQueueItems)},
                     {QStringLiteral("max_queue_bytes"), qint64(o.maxQueueBytes)},
                     {QStringLiteral("max_batch_spans"), qint64(o.maxBatchSpans)},
                     {QStringLiteral("flush_interval_ms"), qint64(o.flushInterval.count())},
                     {QStringLiteral("drain_timeout_ms"), qint64(o.drainTimeout.count())},
                     {QStringLiteral("measure_wire_bytes"), o.measureWireBytes},
                     {QStringLiteral("spans_per_second_target"), m_options.spansPerSecond},
                     {QStringLiteral("metric_interval_ms"), qint64(m_options.effectiveMetricInterval().count())},
                     {QStringLiteral("seed"), qint64(m_options.seed)}}},
    };
    QJsonObject report = ledgerJson(e);
    for (auto it = rest.begin(); it != rest.end(); ++it)
        report.insert(it.key(), it.value());
    // Each connection's own: the accounting holds for each as for the sum. With several connections the
    // *_seconds above are their mean, and the connection log holds the newest attempts of all.
    QJsonArray perConnection;
    for (std::size_t i = 0; i < s.connections.size(); ++i)
        perConnection.append(connectionJson(i, s.connections[i]));
    report.insert(QStringLiteral("connections"), qint64(s.connections.size()));
    report.insert(QStringLiteral("per_connection"), perConnection);
    if (m_options.replay)
        report.insert(QStringLiteral("replay"), replayJson(*m_options.replay, s));
    return report;
}

} // namespace ocw
