// SPDX-License-Identifier: Apache-2.0
#include "exporterworker.h"

#include "agentconnection.h"
#include "logging.h"
#include "telemetryqueue.h"
#include "tracesampler.h"
#include "wirebytecounter.h"

#include <random>

namespace ocw {

using Clock = std::chrono::steady_clock;

ExporterWorker::ExporterWorker(ExporterOptions options, std::shared_ptr<TelemetryQueue> queue,
                               std::shared_ptr<TraceSampler> sampler, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_queue(std::move(queue)), m_sampler(std::move(sampler)),
      m_wireBytes(m_options.measureWireBytes ? std::make_unique<WireByteCounter>() : nullptr)
{
    qRegisterMetaType<ocw::ConnectionState>();
    m_stateSince = Clock::now();
}

ExporterWorker::~ExporterWorker()
{
    stop(std::chrono::milliseconds(0));
}

void ExporterWorker::start()
{
    if (m_thread.joinable())
        return;
    m_startedAt = Clock::now();
    m_thread = std::thread([this] { run(); });
    m_watchdog = std::thread([this] { watchDrainDeadline(); });
}

void ExporterWorker::requestStop(std::optional<std::chrono::milliseconds> drainTimeout)
{
    if (drainTimeout && drainTimeout->count() <= 0) {
        // Stop now: no drain at all. Cancelled here, with the stop itself, so that no clean close can begin
        // before the watchdog wakes: what is in flight is counted as cancelled, whatever the scheduling.
        {
            const std::lock_guard lock(m_controlMutex);
            if (!m_stopRequested)
                m_stopRequestedAt = Clock::now();
            m_stopRequested = true;
            m_drainDeadline = Clock::now();
            m_control.draining = true;
        }
        m_controlChanged.notify_all();
        cancelStreams();
        return;
    }
    {
        const std::lock_guard lock(m_controlMutex);
        const auto now = Clock::now();
        const auto deadline = now + drainTimeout.value_or(m_options.drainTimeout);
        if (!m_stopRequested || deadline < m_drainDeadline)
            m_drainDeadline = deadline;
        if (!m_stopRequested) {
            m_stopRequested = true;
            m_stopRequestedAt = now;
            m_control.draining = true;
        }
    }
    m_controlChanged.notify_all();
    m_queue->wake(); // a batching loop waiting for its flush interval starts draining now
}

void ExporterWorker::stop(std::optional<std::chrono::milliseconds> drainTimeout)
{
    requestStop(drainTimeout);
    if (m_thread.joinable())
        m_thread.join();
    if (m_watchdog.joinable())
        m_watchdog.join();
}

bool ExporterWorker::stopRequested() const
{
    const std::lock_guard lock(m_controlMutex);
    return m_stopRequested;
}

void ExporterWorker::watchDrainDeadline()
{
    std::unique_lock lock(m_controlMutex);
    m_controlChanged.wait(lock, [this] { return m_stopRequested || m_finished; });
    // The deadline may move earlier (a second, shorter request) while this waits for it.
    while (!m_finished && Clock::now() < m_drainDeadline)
        m_controlChanged.wait_until(lock, m_drainDeadline);
    if (m_finished)
        return;
    lock.unlock();
    cancelStreams();
}

void ExporterWorker::cancelStreams()
{
    {
        const std::lock_guard lock(m_controlMutex);
        if (m_finished || m_control.cancelled)
            return;
        // Set before any stream is cancelled, so that the writes this fails are counted as the stop's doing.
        m_control.cancelled = true;
    }
    qCInfo(lcExporter) << "drain deadline passed: cancelling the streams";
    m_queue->close();
    const std::lock_guard connectionLock(m_connectionMutex);
    if (m_connection)
        m_connection->cancel();
}

void ExporterWorker::run()
{
    std::mt19937_64 random(std::random_device{}());
    DrainOutcome drain = DrainOutcome::NotConnected;
    // Until the first attempt has failed, what is made waits: KrakenD's exporter connects as the gateway starts,
    // before its traffic does.
    beginOutage(Breakage::Starting);
    while (!stopRequested()) {
        const auto attemptStart = Clock::now();
        const bool retry = beginAttempt(attemptStart);
        AgentConnection connection(m_options, *m_sampler, m_wireBytes.get(), [this](std::size_t bytes) { countWrite(bytes); });
        if (!setConnection(&connection))
            break; // the drain deadline has passed: no new connection
        const Attempt attempt = exportOver(connection, retry);
        setConnection(nullptr);
        settle(attempt.ending);
        if (attempt.connected && !stopRequested())
            beginOutage(attempt.ending.brokenBy.value_or(Breakage::TraceStream));
        else if (!attempt.connected && m_outage && m_outage->cause == Breakage::Starting)
            beginOutage(attempt.ending.brokenBy.value_or(Breakage::Unreachable)); // the first connection failed
        if (stopRequested()) {
            drain = drainOutcome(attempt);
            break;
        }
        // As the Go exporter: at most one attempt per period plus a random jitter of up to 70 % of it.
        auto wait = std::chrono::duration_cast<Clock::duration>(m_options.reconnectionPeriod);
        if (m_options.reconnectionJitter)
            wait += std::chrono::duration_cast<Clock::duration>(
                std::chrono::nanoseconds(std::uniform_int_distribution<std::int64_t>(
                    0, std::chrono::duration_cast<std::chrono::nanoseconds>(m_options.reconnectionPeriod).count() * 7 / 10)(random)));
        noteFailure(attempt, wait);
        setState(ConnectionState::Waiting);
        waitUntil(attemptStart + wait);
    }
    if (m_control.cancelled && drain != DrainOutcome::Clean)
        drain = DrainOutcome::Deadline;
    endOutage();
    setState(ConnectionState::Stopped);
    {
        const std::lock_guard lock(m_controlMutex);
        m_finished = true;
        const std::lock_guard statsLock(m_statsMutex);
        m_stats.drain = drain;
        m_stats.drainSeconds = std::chrono::duration<double>(Clock::now() - m_stopRequestedAt).count();
    }
    m_controlChanged.notify_all();
    emit finished();
}

bool ExporterWorker::beginAttempt(Clock::time_point start)
{
    setState(ConnectionState::Connecting);
    const std::lock_guard lock(m_statsMutex);
    const bool retry = m_stats.connectionAttempts++ > 0;
    m_stats.reconnectionAttempts += retry ? 1 : 0;
    if (m_stats.attempts.size() == ExporterSnapshot::MaxAttemptsKept)
        m_stats.attempts.removeFirst();
    ConnectionAttempt attempt;
    attempt.connection = m_options.connection;
    attempt.startedAt = std::chrono::duration<double>(start - m_startedAt).count();
    m_stats.attempts.append(attempt);
    return retry;
}

bool ExporterWorker::setConnection(AgentConnection *connection)
{
    // Checked under the same lock the watchdog takes after setting `cancelled`: either the watchdog sees
    // the new connection and cancels it, or this sees `cancelled` and opens none.
    const std::lock_guard lock(m_connectionMutex);
    if (connection && m_control.cancelled)
        return false;
    m_connection = connection;
    return true;
}

ExporterWorker::Attempt ExporterWorker::exportOver(AgentConnection &connection, bool retry)
{
    Attempt attempt;
    attempt.openError = connection.open(m_control.cancelled);
    attempt.connected = attempt.openError.isEmpty() && !m_control.cancelled;
    if (!attempt.connected) {
        attempt.ending = connection.abandon();
        return attempt;
    }
    {
        const std::lock_guard lock(m_statsMutex);
        ++m_stats.connections;
        m_stats.reconnections += retry ? 1 : 0;
        m_stats.attempts.last().connected = true;
    }
    endOutage();
    setState(ConnectionState::Connected);
    attempt.end = ExportLoop(*m_queue, BatchLimits{m_options.maxBatchSpans, m_options.maxBatchMetrics, m_options.flushInterval})
                      .run(connection, m_control);
    attempt.ending = attempt.end == ExportLoop::End::Drained ? connection.close() : connection.abandon();
    return attempt;
}

void ExporterWorker::settle(const AgentConnection::Ending &ending)
{
    m_queue->markEnded(ending.spans, 0, ending.spanDelivery);
    m_queue->markEnded(0, ending.points, ending.pointDelivery);
    const std::lock_guard lock(m_statsMutex);
    m_stats.healthyTraceStreamsClosed += ending.healthyTraceStreamClosed ? 1 : 0;
    m_stats.unauthenticatedStreams += std::uint64_t(ending.unauthenticatedStreams);
    ConnectionAttempt &attempt = m_stats.attempts.last();
    attempt.ended = true;
    attempt.spans = ending.spans;
    attempt.points = ending.points;
    attempt.spanDelivery = ending.spanDelivery;
    attempt.pointDelivery = ending.pointDelivery;
}

void ExporterWorker::beginOutage(Breakage cause)
{
    // Counted from before the drop of what waits in the queue: that too is lost to the breakage.
    const TelemetryQueue::Totals totals = m_queue->totals();
    m_outage = Outage{cause, totals.spans.dropped(DropReason::Disconnected), totals.points.dropped(DropReason::Disconnected)};
    if (m_options.fidelity == Fidelity::Krakend && cause != Breakage::Starting)
        m_queue->setDroppingWhileDisconnected(true);
}

void ExporterWorker::endOutage()
{
    if (!m_outage)
        return;
    if (m_options.fidelity == Fidelity::Krakend)
        m_queue->setDroppingWhileDisconnected(false);
    const TelemetryQueue::Totals totals = m_queue->totals();
    const std::lock_guard lock(m_statsMutex);
    OutageCost &cost = m_stats.outageCosts[std::size_t(m_outage->cause)];
    ++cost.outages;
    cost.spans += totals.spans.dropped(DropReason::Disconnected) - m_outage->spansDroppedBefore;
    cost.points += totals.points.dropped(DropReason::Disconnected) - m_outage->pointsDroppedBefore;
    m_outage.reset();
}

DrainOutcome ExporterWorker::drainOutcome(const Attempt &attempt)
{
    // The agent confirmed everything: clean, even when the deadline passed just after (a cancellation
    // before the close ends would have made the delivery "cancelled").
    if (attempt.connected && attempt.end == ExportLoop::End::Drained && attempt.ending.spanDelivery == Delivery::Delivered
        && attempt.ending.pointDelivery == Delivery::Delivered)
        return DrainOutcome::Clean;
    if (m_control.cancelled)
        return DrainOutcome::Deadline;
    if (!attempt.connected)
        return DrainOutcome::NotConnected;
    noteError(attempt.ending.reason);
    return DrainOutcome::Broken;
}

void ExporterWorker::noteFailure(const Attempt &attempt, Clock::duration retryAfter)
{
    QString why = attempt.connected ? attempt.ending.reason : attempt.openError;
    if (attempt.connected && why.isEmpty())
        why = QStringLiteral("the connection to %1 broke").arg(m_options.address);
    qCInfo(lcExporter).noquote() << why;
    const std::lock_guard lock(m_statsMutex);
    m_stats.streamFailures += attempt.connected ? 1 : 0;
    m_stats.lastError = why;
    m_stats.attempts.last().error = why;
    m_stats.attempts.last().retryAfter = std::chrono::duration<double>(retryAfter).count();
}

void ExporterWorker::waitUntil(Clock::time_point until)
{
    std::unique_lock lock(m_controlMutex);
    m_controlChanged.wait_until(lock, until, [this] { return m_stopRequested; });
}

void ExporterWorker::setState(ConnectionState state)
{
    const std::lock_guard lock(m_statsMutex);
    const auto now = Clock::now();
    m_stats.secondsIn[std::size_t(m_stats.state)] += std::chrono::duration<double>(now - m_stateSince).count();
    m_stateSince = now;
    m_stats.state = state;
}

void ExporterWorker::noteError(const QString &error)
{
    if (error.isEmpty())
        return;
    qCInfo(lcExporter).noquote() << error;
    const std::lock_guard lock(m_statsMutex);
    m_stats.lastError = error;
}

void ExporterWorker::countWrite(std::size_t bytes)
{
    const std::lock_guard lock(m_statsMutex);
    ++m_stats.requestsSent;
    m_stats.bytesUncompressed += bytes;
}

ExporterSnapshot ExporterWorker::snapshot() const
{
    ExporterSnapshot s;
    {
        const std::lock_guard lock(m_statsMutex);
        s = m_stats;
        s.secondsIn[std::size_t(s.state)] += std::chrono::duration<double>(Clock::now() - m_stateSince).count();
    }
    const TelemetryQueue::Totals totals = m_queue->totals();
    s.spans = totals.spans;
    s.points = totals.points;
    s.queueBytes = totals.bytesQueued;
    if (m_wireBytes) {
        s.bytesWire = m_wireBytes->bytesWritten();
        s.wireMeasured = m_wireBytes->measuring();
    }
    s.sampler = m_sampler->describe();
    s.samplerUpdates = m_sampler->updates();
    return s;
}

} // namespace ocw
