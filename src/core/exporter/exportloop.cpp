// SPDX-License-Identifier: Apache-2.0
#include "exportloop.h"

namespace ocw {

ExportLoop::End ExportLoop::run(BatchTransport &transport, const ExportControl &control)
{
    using Clock = std::chrono::steady_clock;
    for (;;) {
        if (control.cancelled)
            return End::Cancelled;
        if (transport.broken())
            return End::Broken;
        // Draining, take what is there without waiting: the generator has stopped, the queue only shrinks.
        const bool draining = control.draining;
        TelemetryBatch batch = m_queue.take(m_limits.maxSpans, m_limits.maxPoints,
                                            draining ? Clock::now() : Clock::now() + m_limits.flushInterval);
        if (batch.empty()) {
            if (draining && !control.cancelled)
                return End::Drained;
            continue;
        }
        // A write refused while the stop cancels the streams is the stop's doing, not the agent's.
        const auto settle = [&](ExportResult result, std::size_t spans, std::size_t points) {
            if (result == ExportResult::Written)
                m_queue.markWritten(spans, points);
            else
                m_queue.markNotWritten(spans, points, control.cancelled ? DropReason::CancelledAtStop : DropReason::WriteFailed);
        };
        if (batch.spans > 0)
            settle(transport.exportSpans(batch.spanRecords, batch.spans), batch.spans, 0);
        if (!batch.metrics.empty())
            settle(transport.exportMetrics(std::move(batch.metrics), batch.points), 0, batch.points);
    }
}

} // namespace ocw
