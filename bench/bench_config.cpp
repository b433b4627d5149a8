// SPDX-License-Identifier: Apache-2.0
// Parse and validate a 5 MB krakend.json, against RapidJSON parsing the same bytes into its own DOM.
// Run: build/bench/bench_config --benchmark_min_time=1
#include "config/configanalysis.h"

#include <benchmark/benchmark.h>
#include <rapidjson/document.h>

namespace {

// A gateway with thousands of endpoints around one OpenCensus module: the shape of a large real config.
const QByteArray &largeConfig()
{
    static const QByteArray config = []() -> QByteArray {
        QByteArray endpoints;
        for (int i = 0; endpoints.size() < 5 * 1024 * 1024; ++i) {
            endpoints += "    {\n      \"endpoint\": \"/v1/resource" + QByteArray::number(i)
                       + "/{id}\",\n      \"method\": \"GET\",\n      \"output_encoding\": \"json\",\n"
                         "      \"backend\": [\n        {\n          \"url_pattern\": \"/items/{id}\",\n"
                         "          \"host\": [\"http://items-" + QByteArray::number(i % 17)
                       + ":8000\"],\n          \"extra_config\": {\"qos/ratelimit/proxy\": {\"max_rate\": 100, "
                         "\"capacity\": 100}}\n        }\n      ]\n    },\n";
        }
        endpoints.chop(2);
        return "{\n  \"version\": 3,\n  \"extra_config\": {\n    \"telemetry/opencensus\": {\n"
               "      \"sample_rate\": 100,\n      \"reporting_period\": 1,\n      \"exporters\": {\n"
               "        \"ocagent\": {\"address\": \"collector:55678\", \"service_name\": \"krakend\", "
               "\"reconnection\": \"2s\", \"insecure\": true, \"enable_compression\": true}\n      }\n    }\n  },\n"
               "  \"endpoints\": [\n" + endpoints + "\n  ]\n}\n";
    }();
    return config;
}

void BM_RapidJsonDomParse(benchmark::State &state)
{
    const QByteArray &text = largeConfig();
    for (auto _ : state) {
        rapidjson::Document doc;
        doc.Parse(text.constData(), std::size_t(text.size()));
        benchmark::DoNotOptimize(doc.HasParseError());
    }
    state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_RapidJsonDomParse)->Unit(benchmark::kMillisecond);

void BM_AnalyzeConfig(benchmark::State &state)
{
    const QByteArray &text = largeConfig();
    for (auto _ : state) {
        const ocw::ConfigAnalysis analysis = ocw::analyzeConfig(text);
        if (!analysis.diagnostics.isEmpty())
            state.SkipWithError("the generated config should have no problems");
        benchmark::DoNotOptimize(analysis.config.sampleRate);
    }
    state.SetBytesProcessed(state.iterations() * text.size());
}
BENCHMARK(BM_AnalyzeConfig)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
