// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "batchtransport.h"

#include <atomic>
#include <chrono>

namespace ocw {

// When the loop sends: a batch as soon as it is full, else what is there once the flush interval passes.
struct BatchLimits {
    std::size_t maxSpans = 300;   // as the Go exporter's bundler
    std::size_t maxPoints = 500;
    std::chrono::milliseconds flushInterval{200};
};

// What the exporter's owner has asked of the loop. Set from any thread; the loop only reads.
struct ExportControl {
    std::atomic<bool> draining{false};  // send what is queued without waiting, then return
    std::atomic<bool> cancelled{false}; // the streams are being cancelled: return now
};

// The batching loop: takes batches from the queue, hands them to a transport, and settles each in the
// accounting (written: in flight; refused: dropped). It owns no thread and knows nothing of gRPC.
class ExportLoop final
{
public:
    enum class End {
        Broken,    // the transport broke: reconnect
        Drained,   // draining, and the queue is empty: close the streams cleanly
        Cancelled, // the stop cancelled the streams
    };

    ExportLoop(TelemetryQueue &queue, BatchLimits limits) : m_queue(queue), m_limits(limits) {}

    // Runs until the transport breaks, the queue is drained after a drain request, or cancellation.
    End run(BatchTransport &transport, const ExportControl &control);

private:
    TelemetryQueue &m_queue;
    const BatchLimits m_limits;
};

} // namespace ocw
