// SPDX-License-Identifier: Apache-2.0
// The exporter's hot paths on one core: encoding the built-in load, and passing it through the queue.
// Run: build/bench/bench_exporter --benchmark_min_time=1
// End to end over gRPC (exporter against the embedded agent, against a raw ceiling): ocworkbench-cli bench
#include "agent/embeddedagent.h"
#include "exporter/telemetryqueue.h"
#include "exporter/wirebytecounter.h"
#include "load/tracegenerator.h"

#include <benchmark/benchmark.h>
#include <grpcpp/grpcpp.h>

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

// One reading of the wire bytes of a connected channel (TCP_INFO and SIOCOUTQ on its socket): what the
// exporter pays each time a snapshot is taken, about ten times a second. Nothing is paid per message.
void BM_WireByteCounterRead(benchmark::State &state)
{
    ocw::AgentOptions options;
    options.listen = ocw::AgentAddress::loopback(0);
    ocw::EmbeddedAgent agent(options);
    if (const QString error = agent.start(); !error.isEmpty()) {
        state.SkipWithError(qPrintable(error));
        return;
    }
    ocw::WireByteCounter counter;
    grpc::ChannelArguments args;
    counter.attachTo(args);
    const auto channel = grpc::CreateCustomChannel(ocw::AgentAddress::loopback(agent.port()).grpcTarget().toStdString(), grpc::InsecureChannelCredentials(), args);
    if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(5)) || (counter.bytesWritten(), !counter.measuring())) {
        state.SkipWithError("no connection, or its socket was not counted");
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(counter.bytesWritten());
}
BENCHMARK(BM_WireByteCounterRead);

} // namespace

BENCHMARK_MAIN();
