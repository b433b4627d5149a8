// SPDX-License-Identifier: Apache-2.0
// The exporter's hot paths on one core: encoding the built-in load, and passing it through the queue.
// Run: build/bench/bench_exporter --benchmark_min_time=1
// End to end over gRPC (exporter against the embedded agent, against a raw ceiling): ocworkbench-cli bench
#include "exporter/telemetryqueue.h"
#include "load/tracegenerator.h"

#include <benchmark/benchmark.h>

namespace {

void BM_QueuePushTakeSettle(benchmark::State &state)
{
    auto load = std::make_unique<ocw::TraceGenerator>(ocw::TraceShape{}, 1);
    ocw::EncodedSpans chunk;
    while (chunk.count() < 1024)
        load->appendTrace(chunk, 0);
    ocw::TelemetryQueue queue(1 << 20, std::size_t(1) << 30);
    for (auto _ : state) {
        queue.pushSpans(ocw::EncodedSpans(chunk));
        for (;;) {
            const ocw::TelemetryBatch batch = queue.take(300, 500, std::chrono::steady_clock::now());
            if (batch.empty())
                break;
            queue.markWritten(batch.spans, 0);
            queue.markEnded(batch.spans, 0, ocw::Delivery::Delivered);
        }
    }
    state.SetItemsProcessed(state.iterations() * std::int64_t(chunk.count()));
}
BENCHMARK(BM_QueuePushTakeSettle);

} // namespace

BENCHMARK_MAIN();
