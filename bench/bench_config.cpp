// SPDX-License-Identifier: Apache-2.0
// Parse and validate a 5 MB krakend.json, against RapidJSON parsing the same bytes into its own DOM; then
// ~5 MB files of the shapes that once made validation quadratic (issue 11 §3), which must stay under 1 s.
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

constexpr qsizetype kShapeBytes = 5 * 1024 * 1024;

// A valid module next to `bulk`, so that only the bulk's shape is measured.
QByteArray withModule(const QByteArray &bulk)
{
    return "{\"version\": 3, \"extra_config\": {\"telemetry/opencensus\": {\"sample_rate\": 100, \"exporters\": "
           "{\"ocagent\": {\"address\": \"collector:55678\", \"service_name\": \"krakend\", \"insecure\": true}}}},\n"
           "\"bulk\": " + bulk + "}\n";
}

// One object with ~450,000 distinct keys, one per line.
QByteArray distinctKeys()
{
    QByteArray members;
    for (int i = 0; members.size() < kShapeBytes; ++i)
        members += "\"k" + QByteArray::number(i) + "\": " + QByteArray::number(i % 10) + ",\n";
    members.chop(2);
    return withModule('{' + members + '}');
}

// One object holding ~870,000 copies of one key on a single line: a finding for each duplicate.
QByteArray duplicateKeysOnOneLine()
{
    QByteArray members;
    while (members.size() < kShapeBytes)
        members += "\"a\":1,";
    members.chop(1);
    return withModule('{' + members + '}');
}

// 900 nested objects (the parser allows 1000 levels) inside an object padded with 100-byte strings.
QByteArray deeplyNested()
{
    constexpr int depth = 900;
    QByteArray nested;
    for (int i = 0; i < depth; ++i)
        nested += "{\"level" + QByteArray::number(i) + "\": ";
    nested += '1' + QByteArray(depth, '}');
    QByteArray padding;
    for (int i = 0; padding.size() < kShapeBytes; ++i)
        padding += ",\n\"pad" + QByteArray::number(i) + "\": \"" + QByteArray(100, 'x') + '"';
    return withModule("{\"nested\": " + nested + padding + '}');
}

// An array of ~50,000 small endpoint objects.
QByteArray arrayOfObjects()
{
    QByteArray elements;
    for (int i = 0; elements.size() < kShapeBytes; ++i)
        elements += "{\"endpoint\": \"/v1/r" + QByteArray::number(i) + "\", \"method\": \"GET\", \"backend\": [{\"url_pattern\": "
                    "\"/items\", \"host\": [\"http://items-" + QByteArray::number(i % 17) + ":8000\"]}]},\n";
    elements.chop(2);
    return withModule('[' + elements + ']');
}

void analyzeShape(benchmark::State &state, const QByteArray &text)
{
    qsizetype findings = 0;
    for (auto _ : state) {
        const ocw::ConfigAnalysis analysis = ocw::analyzeConfig(text);
        if (analysis.hasErrors())
            state.SkipWithError("the generated config should have no errors");
        findings = analysis.diagnostics.size();
    }
    state.SetBytesProcessed(state.iterations() * text.size());
    state.counters["MB"] = double(text.size()) / 1e6;
    state.counters["findings"] = double(findings);
}

void BM_AnalyzeDistinctKeys(benchmark::State &state)
{
    static const QByteArray text = distinctKeys();
    analyzeShape(state, text);
}
BENCHMARK(BM_AnalyzeDistinctKeys)->Unit(benchmark::kMillisecond);

void BM_AnalyzeDuplicateKeysOnOneLine(benchmark::State &state)
{
    static const QByteArray text = duplicateKeysOnOneLine();
    analyzeShape(state, text);
}
BENCHMARK(BM_AnalyzeDuplicateKeysOnOneLine)->Unit(benchmark::kMillisecond);

void BM_AnalyzeDeeplyNested(benchmark::State &state)
{
    static const QByteArray text = deeplyNested();
    analyzeShape(state, text);
}
BENCHMARK(BM_AnalyzeDeeplyNested)->Unit(benchmark::kMillisecond);

void BM_AnalyzeArrayOfObjects(benchmark::State &state)
{
    static const QByteArray text = arrayOfObjects();
    analyzeShape(state, text);
}
BENCHMARK(BM_AnalyzeArrayOfObjects)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
