// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounting.h"
#include "encodedspans.h"

#include "opencensus/proto/metrics/v1/metrics.pb.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

namespace ocw {

using Metric = opencensus::proto::metrics::v1::Metric;

// One batch taken for writing: the items stay "queued" in the accounting until it is written or given up.
struct TelemetryBatch {
    std::string spanRecords;  // encoded spans back to back: the body of one ExportTraceServiceRequest
    std::size_t spans = 0;    // how many
    std::vector<Metric> metrics;
    std::size_t points = 0;   // metric points in `metrics`
    std::size_t bytes = 0;    // serialized size of all of it
    bool empty() const { return spans == 0 && metrics.empty(); }
};

// The bounded queue between the generator and the exporter worker, and the ledger of where every item is.
// The producer never blocks: what does not fit (in items or bytes) is dropped and counted. Every counter
// changes under one lock, so a snapshot always balances exactly. Spans and metric points share the capacity.
class TelemetryQueue final
{
public:
    TelemetryQueue(std::size_t maxItems, std::size_t maxBytes);

    // Thread-safe; never blocks on the consumer. Records past the capacity are dropped and counted.
    void pushSpans(EncodedSpans &&spans);
    void pushMetrics(std::vector<Metric> &&metrics);
    // Asked before `spans` more are made, with `pendingSpans` (of `pendingBytes`) made for this queue and not
    // pushed yet: whether a push could keep any of them. When not, they are counted at once as generated and
    // dropped (queue_full, or disconnected while dropping), as pushSpans() would count them: a producer that
    // asks first never encodes what would only be dropped. When so, pushSpans() decides record by record.
    bool admitSpans(std::size_t pendingSpans, std::size_t pendingBytes, std::size_t spans);

    // Waits until `maxSpans` spans or `maxPoints` points are waiting, `until` passes, wake() is called or
    // the queue is closed; then moves what is there (up to those sizes) into a batch that stays counted as
    // queued until it is settled with markWritten() or markNotWritten().
    TelemetryBatch take(std::size_t maxSpans, std::size_t maxPoints, std::chrono::steady_clock::time_point until);
    // Makes the take() under way, or else the next one, return at once with what is there.
    void wake();
    // Makes take() return at once, empty, from now on (the run is stopping); what is waiting stays queued.
    void close();
    // While on, nothing is kept: what waits is dropped as `disconnected` at once, and so is what is pushed
    // until it goes off. KrakenD's exporter drops what it bundles while it is not connected.
    void setDroppingWhileDisconnected(bool dropping);

    // A taken batch was written to its stream: its items are in flight until the stream ends.
    void markWritten(std::size_t spans, std::size_t points);
    // A taken batch was never written: its items are dropped for `reason`.
    void markNotWritten(std::size_t spans, std::size_t points, DropReason reason);
    // Items in flight on a stream that has ended: delivered, unconfirmed or cancelled.
    void markEnded(std::size_t spans, std::size_t points, Delivery delivery);

    struct Totals {
        Accounting spans;
        Accounting points;
        std::size_t bytesQueued = 0;
    };
    Totals totals() const; // both taken under one lock
    // Whether `items` and `bytes` more leave the queue at most half full: a closed-loop producer (run --rate
    // max) waits for that before it pushes, so it never drops for a full queue and the other half stays for
    // the metric reports.
    bool fitsInHalf(std::size_t items, std::size_t bytes) const;
private:
    bool fits(std::size_t items, std::size_t bytes) const;
    void dropWaitingLocked(DropReason reason);

    const std::size_t m_maxItems;
    const std::size_t m_maxBytes;
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<EncodedSpans> m_spanChunks;
    std::size_t m_frontTaken = 0;  // records of the front chunk already taken
    std::size_t m_waitingSpans = 0;
    // Each metric keeps the size it was counted with: a moved message loses its cached size.
    struct QueuedMetric {
        Metric metric;
        std::size_t points;
        std::size_t bytes;
    };
    std::deque<QueuedMetric> m_metrics;
    std::size_t m_waitingPoints = 0;
    std::size_t m_items = 0; // in the deques (not in flight)
    std::size_t m_bytes = 0;
    bool m_closed = false;
    bool m_dropping = false;
    bool m_wakePending = false; // a wake() no take() has answered yet
    Accounting m_spanAccounting;
    Accounting m_pointAccounting;
};

std::size_t pointCount(const Metric &metric);

} // namespace ocw
