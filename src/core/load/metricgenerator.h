// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "metricshape.h"
#include "random.h"

#include "opencensus/proto/metrics/v1/metrics.pb.h"

#include <vector>

namespace ocw {

// Makes the metrics a profile reports, one point per series per interval. Cumulative values never
// decrease; distributions' bucket counts add up to their count; the same seed gives the same values.
class MetricGenerator final
{
public:
    MetricGenerator(std::vector<MetricSpec> specs, std::uint64_t seed, std::int64_t startNanos);

    // The report at `elapsedSeconds` of virtual time, stamped `nowNanos`.
    std::vector<opencensus::proto::metrics::v1::Metric> report(double elapsedSeconds, std::int64_t nowNanos);
    std::uint64_t seriesCount() const;

private:
    struct SeriesState {
        double value = 0;      // the gauge's, or the cumulative total
        std::int64_t count = 0; // distributions and summaries
        double sum = 0;
        double mean = 0;
        double squaredDeviation = 0; // Welford's M2
        std::vector<std::int64_t> buckets;
    };
    struct MetricState {
        MetricSpec spec;
        std::vector<SeriesState> series;
    };
    double nextValue(const MetricSpec &spec, SeriesState &series, double elapsed, double interval);
    void observe(const MetricSpec &spec, SeriesState &series, double interval, std::vector<double> &observed);

    std::vector<MetricState> m_metrics;
    Random m_random;
    std::int64_t m_start;
    double m_lastElapsed = 0;
};

} // namespace ocw
