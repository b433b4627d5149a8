// SPDX-License-Identifier: Apache-2.0
#include "metricgenerator.h"

#include <algorithm>
#include <cmath>

namespace ocw {

namespace {

using namespace opencensus::proto::metrics::v1;

void setTime(google::protobuf::Timestamp *t, std::int64_t nanos)
{
    t->set_seconds(nanos / 1000000000);
    t->set_nanos(int(nanos % 1000000000));
}

MetricDescriptor::Type descriptorType(MetricSpec::Type type)
{
    switch (type) {
    case MetricSpec::Type::GaugeInt64:
        return MetricDescriptor::GAUGE_INT64;
    case MetricSpec::Type::GaugeDouble:
        return MetricDescriptor::GAUGE_DOUBLE;
    case MetricSpec::Type::CumulativeInt64:
        return MetricDescriptor::CUMULATIVE_INT64;
    case MetricSpec::Type::CumulativeDouble:
        return MetricDescriptor::CUMULATIVE_DOUBLE;
    case MetricSpec::Type::CumulativeDistribution:
        return MetricDescriptor::CUMULATIVE_DISTRIBUTION;
    case MetricSpec::Type::Summary:
        return MetricDescriptor::SUMMARY;
    }
    return MetricDescriptor::UNSPECIFIED;
}

bool isCumulative(MetricSpec::Type type)
{
    return type == MetricSpec::Type::CumulativeInt64 || type == MetricSpec::Type::CumulativeDouble;
}

bool observes(MetricSpec::Type type)
{
    return type == MetricSpec::Type::CumulativeDistribution || type == MetricSpec::Type::Summary;
}

} // namespace

std::uint64_t MetricSpec::seriesCount() const
{
    std::uint64_t n = 1;
    for (const LabelSpec &l : labels)
        n *= std::max<std::uint64_t>(l.size(), 1);
    return n;
}

MetricGenerator::MetricGenerator(std::vector<MetricSpec> specs, std::uint64_t seed, std::int64_t startNanos)
    : m_random(seed ^ 0x6D657472696373ULL), m_start(startNanos)
{
    for (MetricSpec &spec : specs) {
        MetricState state{std::move(spec), {}};
        state.series.resize(std::size_t(state.spec.seriesCount()));
        for (SeriesState &s : state.series) {
            s.value = state.spec.value.kind == ValueSpec::Kind::RandomWalk && !isCumulative(state.spec.type) ? state.spec.value.start : 0;
            s.buckets.assign(state.spec.bounds.size() + 1, 0);
        }
        m_metrics.push_back(std::move(state));
    }
}

std::uint64_t MetricGenerator::seriesCount() const
{
    std::uint64_t n = 0;
    for (const MetricState &m : m_metrics)
        n += m.series.size();
    return n;
}

double MetricGenerator::nextValue(const MetricSpec &spec, SeriesState &series, double elapsed, double interval)
{
    const ValueSpec &v = spec.value;
    double level = 0; // the gauge's level, or the growth rate per second for cumulative metrics
    switch (v.kind) {
    case ValueSpec::Kind::Counter:
        level = v.perSecond * (0.8 + 0.4 * m_random.unit()); // +-20 % noise around the rate
        break;
    case ValueSpec::Kind::RandomWalk:
        if (isCumulative(spec.type)) {
            level = std::clamp(v.start + (m_random.unit() * 2 - 1) * v.step, v.min, v.max);
        } else {
            series.value = std::clamp(series.value + (m_random.unit() * 2 - 1) * v.step, v.min, v.max);
            return series.value;
        }
        break;
    case ValueSpec::Kind::Sine:
        level = v.offset + v.amplitude * std::sin(6.283185307179586 * elapsed / std::max(v.periodSeconds, 0.001));
        break;
    }
    if (isCumulative(spec.type)) {
        series.value += std::max(level, 0.0) * interval; // never decreases
        return series.value;
    }
    return level;
}

void MetricGenerator::observe(const MetricSpec &spec, SeriesState &series, double interval, std::vector<double> &observed)
{
    // Observations this interval: the value spec's rate times the interval, each a log-normal value.
    const double expected = std::max(spec.value.perSecond, 0.0) * interval;
    const auto n = std::int64_t(expected) + (m_random.unit() < expected - std::floor(expected) ? 1 : 0);
    observed.clear();
    for (std::int64_t i = 0; i < n; ++i) {
        const double x = m_random.logNormal(spec.observationMedian, spec.observationP99);
        observed.push_back(x);
        ++series.count;
        series.sum += x;
        const double delta = x - series.mean;
        series.mean += delta / double(series.count);
        series.squaredDeviation += delta * (x - series.mean);
        const auto bucket = std::size_t(std::upper_bound(spec.bounds.begin(), spec.bounds.end(), x) - spec.bounds.begin());
        ++series.buckets[bucket];
    }
}

std::vector<Metric> MetricGenerator::report(double elapsedSeconds, std::int64_t nowNanos)
{
    const double interval = std::max(elapsedSeconds - m_lastElapsed, 0.0);
    m_lastElapsed = elapsedSeconds;
    std::vector<Metric> out;
    out.reserve(m_metrics.size());
    std::vector<double> observed;
    for (MetricState &state : m_metrics) {
        const MetricSpec &spec = state.spec;
        Metric &metric = out.emplace_back();
        auto *descriptor = metric.mutable_metric_descriptor();
        descriptor->set_name(spec.name);
        descriptor->set_description(spec.description);
        descriptor->set_unit(spec.unit);
        descriptor->set_type(descriptorType(spec.type));
        for (const LabelSpec &l : spec.labels)
            descriptor->add_label_keys()->set_key(l.key);
        for (std::size_t index = 0; index < state.series.size(); ++index) {
            SeriesState &s = state.series[index];
            auto *series = metric.add_timeseries();
            // The label values of series `index`: its digits in the mixed radix of the label sizes.
            std::uint64_t rest = index;
            for (const LabelSpec &l : spec.labels) {
                const std::uint64_t size = std::max<std::uint64_t>(l.size(), 1);
                auto *value = series->add_label_values();
                value->set_value(l.value(rest % size));
                value->set_has_value(true);
                rest /= size;
            }
            if (spec.type != MetricSpec::Type::GaugeInt64 && spec.type != MetricSpec::Type::GaugeDouble)
                setTime(series->mutable_start_timestamp(), m_start);
            auto *point = series->add_points();
            setTime(point->mutable_timestamp(), nowNanos);
            if (observes(spec.type)) {
                observe(spec, s, interval, observed);
                if (spec.type == MetricSpec::Type::CumulativeDistribution) {
                    auto *d = point->mutable_distribution_value();
                    d->set_count(s.count);
                    d->set_sum(s.sum);
                    d->set_sum_of_squared_deviation(s.squaredDeviation);
                    for (const double b : spec.bounds)
                        d->mutable_bucket_options()->mutable_explicit_()->add_bounds(b);
                    for (const std::int64_t c : s.buckets)
                        d->add_buckets()->set_count(c);
                } else {
                    auto *summary = point->mutable_summary_value();
                    summary->mutable_count()->set_value(s.count);
                    summary->mutable_sum()->set_value(s.sum);
                    std::sort(observed.begin(), observed.end());
                    auto *snapshot = summary->mutable_snapshot();
                    snapshot->mutable_count()->set_value(std::int64_t(observed.size()));
                    double intervalSum = 0;
                    for (const double x : observed)
                        intervalSum += x;
                    snapshot->mutable_sum()->set_value(intervalSum);
                    for (const double p : {50.0, 90.0, 99.0}) {
                        auto *at = snapshot->add_percentile_values();
                        at->set_percentile(p);
                        at->set_value(observed.empty() ? 0.0 : observed[std::min(observed.size() - 1, std::size_t(p / 100.0 * double(observed.size())))]);
                    }
                }
                continue;
            }
            const double v = nextValue(spec, s, elapsedSeconds, interval);
            if (spec.type == MetricSpec::Type::GaugeInt64 || spec.type == MetricSpec::Type::CumulativeInt64)
                point->set_int64_value(std::int64_t(std::floor(v)));
            else
                point->set_double_value(v);
        }
    }
    return out;
}

} // namespace ocw
