// SPDX-License-Identifier: Apache-2.0
// Load generation per preset on one core, against serializing the very same spans alone.
// Run: build/bench/bench_load --benchmark_min_time=1
// "generate" makes and encodes spans (what a run does); "serialize" only runs SerializeToString on the same
// spans, prepared beforehand. Generation alone costs the difference.
#include "load/loadprofile.h"
#include "load/tracegenerator.h"

#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <QFile>

#include <benchmark/benchmark.h>

namespace {

ocw::TraceShape presetTraces(const char *name)
{
    QFile file(QStringLiteral(OCW_RESOURCES_DIR "/profiles/%1.json").arg(QLatin1String(name)));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const auto parsed = ocw::parseLoadProfile(file.readAll());
    return parsed.profile ? parsed.profile->traces : ocw::TraceShape{};
}

void BM_Generate(benchmark::State &state, const char *preset)
{
    auto generator = std::make_unique<ocw::TraceGenerator>(presetTraces(preset), 1);
    ocw::EncodedSpans spans;
    std::int64_t made = 0;
    std::int64_t at = 0;
    for (auto _ : state) {
        spans = {};
        while (spans.count() < 1000)
            generator->appendTrace(spans, at += 1000000);
        made += std::int64_t(spans.count());
        benchmark::DoNotOptimize(spans.data());
    }
    state.SetItemsProcessed(made);
}

void BM_Serialize(benchmark::State &state, const char *preset)
{
    auto generator = std::make_unique<ocw::TraceGenerator>(presetTraces(preset), 1);
    ocw::EncodedSpans encoded;
    while (encoded.count() < 1000)
        generator->appendTrace(encoded, 0);
    opencensus::proto::agent::trace::v1::ExportTraceServiceRequest request;
    request.ParseFromArray(encoded.data(), int(encoded.byteSize()));
    std::string out;
    for (auto _ : state) {
        for (const auto &span : request.spans()) {
            out.clear();
            span.SerializeToString(&out);
            benchmark::DoNotOptimize(out.data());
        }
    }
    state.SetItemsProcessed(state.iterations() * request.spans_size());
}

BENCHMARK_CAPTURE(BM_Generate, krakend_gateway, "krakend-gateway");
BENCHMARK_CAPTURE(BM_Serialize, krakend_gateway, "krakend-gateway");
BENCHMARK_CAPTURE(BM_Generate, steady, "steady");
BENCHMARK_CAPTURE(BM_Serialize, steady, "steady");
BENCHMARK_CAPTURE(BM_Generate, spiky, "spiky");
BENCHMARK_CAPTURE(BM_Serialize, spiky, "spiky");
BENCHMARK_CAPTURE(BM_Generate, high_cardinality, "high-cardinality");
BENCHMARK_CAPTURE(BM_Serialize, high_cardinality, "high-cardinality");

} // namespace

BENCHMARK_MAIN();
