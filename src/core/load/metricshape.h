// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ocw {

// One label of a metric: its values are `values`, or `prefix0` .. `prefix(cardinality-1)`.
struct LabelSpec {
    std::string key;
    std::vector<std::string> values;
    std::uint64_t cardinality = 0; // used when `values` is empty
    std::string prefix;
    std::uint64_t size() const { return values.empty() ? cardinality : values.size(); }
    std::string value(std::uint64_t index) const { return values.empty() ? prefix + std::to_string(index) : values[index]; }
};

// How a series' value moves from one report to the next.
struct ValueSpec {
    enum class Kind { Counter, RandomWalk, Sine };
    Kind kind = Kind::Counter;
    double perSecond = 10; // Counter: growth per second (for distributions and summaries: observations per second)
    double start = 50;     // RandomWalk
    double step = 5;
    double min = 0;
    double max = 100;
    double offset = 50;    // Sine
    double amplitude = 10;
    double periodSeconds = 60;
};

// One metric of a profile. Its time series are every combination of its labels' values.
struct MetricSpec {
    enum class Type { GaugeInt64, GaugeDouble, CumulativeInt64, CumulativeDouble, CumulativeDistribution, Summary };
    std::string name;
    std::string description;
    std::string unit = "1";
    Type type = Type::CumulativeInt64;
    std::vector<LabelSpec> labels;
    ValueSpec value;
    std::vector<double> bounds{5, 10, 25, 50, 100, 250, 500, 1000}; // distributions: explicit bucket bounds
    double observationMedian = 20; // distributions and summaries: the observed values (e.g. latency in ms)
    double observationP99 = 250;

    std::uint64_t seriesCount() const;
};

} // namespace ocw
