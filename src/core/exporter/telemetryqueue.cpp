// SPDX-License-Identifier: Apache-2.0
#include "telemetryqueue.h"

namespace ocw {

std::size_t pointCount(const Metric &metric)
{
    std::size_t points = 0;
    for (const auto &series : metric.timeseries())
        points += std::size_t(series.points_size());
    return points;
}

TelemetryQueue::TelemetryQueue(std::size_t maxItems, std::size_t maxBytes)
    : m_maxItems(maxItems), m_maxBytes(maxBytes)
{
}

bool TelemetryQueue::fits(std::size_t items, std::size_t bytes) const
{
    return m_items + items <= m_maxItems && m_bytes + bytes <= m_maxBytes;
}

bool TelemetryQueue::fitsInHalf(std::size_t items, std::size_t bytes) const
{
    const std::lock_guard lock(m_mutex);
    return m_items + items <= m_maxItems / 2 && m_bytes + bytes <= m_maxBytes / 2;
}

void TelemetryQueue::pushSpans(EncodedSpans &&spans)
{
    if (spans.empty())
        return;
    {
        const std::lock_guard lock(m_mutex);
        m_spanAccounting.generated += spans.count();
        if (m_dropping) {
            m_spanAccounting.droppedBy[std::size_t(DropReason::Disconnected)] += spans.count();
            return;
        }
        // Records are accepted in order while they fit; the rest of the chunk is dropped.
        std::size_t accepted = 0;
        while (accepted < spans.count() && fits(1, spans.bytesBetween(accepted, accepted + 1))) {
            ++m_items;
            m_bytes += spans.bytesBetween(accepted, accepted + 1);
            ++accepted;
        }
        m_spanAccounting.droppedBy[std::size_t(DropReason::QueueFull)] += spans.count() - accepted;
        m_spanAccounting.queued += accepted;
        m_waitingSpans += accepted;
        if (accepted == 0)
            return;
        spans.truncate(accepted);
        m_spanChunks.push_back(std::move(spans));
    }
    m_ready.notify_one();
}

bool TelemetryQueue::admitSpans(std::size_t pendingSpans, std::size_t pendingBytes, std::size_t spans)
{
    const std::lock_guard lock(m_mutex);
    if (!m_dropping && m_items + pendingSpans < m_maxItems && m_bytes + pendingBytes < m_maxBytes)
        return true;
    m_spanAccounting.generated += spans;
    m_spanAccounting.droppedBy[std::size_t(m_dropping ? DropReason::Disconnected : DropReason::QueueFull)] += spans;
    return false;
}

void TelemetryQueue::pushMetrics(std::vector<Metric> &&metrics)
{
    std::vector<std::pair<std::size_t, std::size_t>> sizes; // points, bytes
    sizes.reserve(metrics.size());
    for (const Metric &metric : metrics)
        sizes.emplace_back(pointCount(metric), metric.ByteSizeLong());
    {
        const std::lock_guard lock(m_mutex);
        for (std::size_t i = 0; i < metrics.size(); ++i) {
            const auto [points, size] = sizes[i];
            m_pointAccounting.generated += points;
            if (m_dropping || !fits(points, size)) {
                m_pointAccounting.droppedBy[std::size_t(m_dropping ? DropReason::Disconnected : DropReason::QueueFull)] += points;
                continue;
            }
            m_metrics.push_back(QueuedMetric{std::move(metrics[i]), points, size});
            m_items += points;
            m_bytes += size;
            m_waitingPoints += points;
            m_pointAccounting.queued += points;
        }
    }
    m_ready.notify_one();
}

TelemetryBatch TelemetryQueue::take(std::size_t maxSpans, std::size_t maxPoints, std::chrono::steady_clock::time_point until)
{
    std::unique_lock lock(m_mutex);
    m_ready.wait_until(lock, until, [&] {
        return m_closed || m_wakePending || m_waitingSpans >= maxSpans || m_waitingPoints >= maxPoints;
    });
    m_wakePending = false;
    TelemetryBatch batch;
    if (m_closed)
        return batch;
    while (batch.spans < maxSpans && !m_spanChunks.empty()) {
        const EncodedSpans &chunk = m_spanChunks.front();
        const std::size_t take = std::min(maxSpans - batch.spans, chunk.count() - m_frontTaken);
        const std::size_t from = chunk.end(m_frontTaken);
        const std::size_t to = chunk.end(m_frontTaken + take);
        batch.spanRecords.append(chunk.data() + from, to - from);
        batch.spans += take;
        m_frontTaken += take;
        if (m_frontTaken == chunk.count()) {
            m_spanChunks.pop_front();
            m_frontTaken = 0;
        }
    }
    batch.bytes = batch.spanRecords.size();
    while (!m_metrics.empty() && (batch.points == 0 || batch.points + m_metrics.front().points <= maxPoints)) {
        batch.points += m_metrics.front().points;
        batch.bytes += m_metrics.front().bytes;
        batch.metrics.push_back(std::move(m_metrics.front().metric));
        m_metrics.pop_front();
    }
    m_items -= batch.spans + batch.points;
    m_bytes -= batch.bytes;
    m_waitingSpans -= batch.spans;
    m_waitingPoints -= batch.points;
    return batch;
}

void TelemetryQueue::markWritten(std::size_t spans, std::size_t points)
{
    const std::lock_guard lock(m_mutex);
    for (auto [a, n] : {std::pair{&m_spanAccounting, spans}, std::pair{&m_pointAccounting, points}}) {
        a->queued -= n;
        a->inFlight += n;
        a->written += n;
    }
}

void TelemetryQueue::markNotWritten(std::size_t spans, std::size_t points, DropReason reason)
{
    const std::lock_guard lock(m_mutex);
    for (auto [a, n] : {std::pair{&m_spanAccounting, spans}, std::pair{&m_pointAccounting, points}}) {
        a->queued -= n;
        a->droppedBy[std::size_t(reason)] += n;
    }
}

void TelemetryQueue::markEnded(std::size_t spans, std::size_t points, Delivery delivery)
{
    const std::lock_guard lock(m_mutex);
    for (auto [a, n] : {std::pair{&m_spanAccounting, spans}, std::pair{&m_pointAccounting, points}}) {
        a->inFlight -= n;
        switch (delivery) {
        case Delivery::Delivered:
            a->sent += n;
            break;
        case Delivery::Unconfirmed:
            a->unconfirmed += n;
            break;
        case Delivery::Cancelled:
            a->droppedBy[std::size_t(DropReason::CancelledAtStop)] += n;
            break;
        }
    }
}

void TelemetryQueue::setDroppingWhileDisconnected(bool dropping)
{
    const std::lock_guard lock(m_mutex);
    m_dropping = dropping;
    if (dropping)
        dropWaitingLocked(DropReason::Disconnected);
}

void TelemetryQueue::dropWaitingLocked(DropReason reason)
{
    const std::size_t spans = m_waitingSpans;
    const std::size_t points = m_waitingPoints;
    m_spanChunks.clear();
    m_frontTaken = 0;
    m_metrics.clear();
    m_items = 0; // both count only what waits in the deques: taken batches left them already
    m_bytes = 0;
    m_waitingSpans = 0;
    m_waitingPoints = 0;
    m_spanAccounting.queued -= spans;
    m_pointAccounting.queued -= points;
    m_spanAccounting.droppedBy[std::size_t(reason)] += spans;
    m_pointAccounting.droppedBy[std::size_t(reason)] += points;
}

void TelemetryQueue::wake()
{
    {
        const std::lock_guard lock(m_mutex);
        m_wakePending = true;
    }
    m_ready.notify_all();
}

void TelemetryQueue::close()
{
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_ready.notify_all();
}

TelemetryQueue::Totals TelemetryQueue::totals() const
{
    const std::lock_guard lock(m_mutex);
    return Totals{m_spanAccounting, m_pointAccounting, m_bytes};
}

} // namespace ocw
