// SPDX-License-Identifier: Apache-2.0
#include "load/metricgenerator.h"

#include <QTest>

#include <set>

using namespace ocw;
using opencensus::proto::metrics::v1::Metric;
using opencensus::proto::metrics::v1::MetricDescriptor;

namespace {

std::vector<MetricSpec> everyType()
{
    std::vector<MetricSpec> specs;
    const auto add = [&](MetricSpec::Type type, ValueSpec::Kind kind) {
        MetricSpec s;
        s.name = "m" + std::to_string(specs.size());
        s.type = type;
        s.value.kind = kind;
        s.value.perSecond = 50;
        LabelSpec method;
        method.key = "method";
        method.values = {"GET", "POST", "PUT"};
        LabelSpec endpoint;
        endpoint.key = "endpoint";
        endpoint.prefix = "/e";
        endpoint.cardinality = 4;
        s.labels = {method, endpoint};
        specs.push_back(s);
    };
    add(MetricSpec::Type::GaugeInt64, ValueSpec::Kind::RandomWalk);
    add(MetricSpec::Type::GaugeDouble, ValueSpec::Kind::Sine);
    add(MetricSpec::Type::CumulativeInt64, ValueSpec::Kind::Counter);
    add(MetricSpec::Type::CumulativeDouble, ValueSpec::Kind::Sine);
    add(MetricSpec::Type::CumulativeDistribution, ValueSpec::Kind::Counter);
    add(MetricSpec::Type::Summary, ValueSpec::Kind::Counter);
    return specs;
}

constexpr std::int64_t kStart = 1735689600LL * 1000000000LL;

} // namespace

class TestMetricGenerator : public QObject
{
    Q_OBJECT

private slots:
    void everyTypeIsWellFormedOverTime()
    {
        MetricGenerator generator(everyType(), 1, kStart);
        QCOMPARE(generator.seriesCount(), 6u * 12u);
        std::map<std::string, double> last; // metric/series -> last cumulative value
        for (int report = 1; report <= 20; ++report) {
            const auto metrics = generator.report(report * 1.0, kStart + report * 1000000000LL);
            QCOMPARE(metrics.size(), std::size_t(6));
            for (const Metric &m : metrics) {
                const auto type = m.metric_descriptor().type();
                QCOMPARE(m.timeseries_size(), 12);
                std::set<std::string> combinations;
                for (const auto &series : m.timeseries()) {
                    QCOMPARE(series.label_values_size(), m.metric_descriptor().label_keys_size());
                    const std::string combination = series.label_values(0).value() + "|" + series.label_values(1).value();
                    combinations.insert(combination);
                    QCOMPARE(series.points_size(), 1);
                    const auto &p = series.points(0);
                    const std::string key = m.metric_descriptor().name() + combination;
                    switch (type) {
                    case MetricDescriptor::GAUGE_INT64:
                        QVERIFY(p.value_case() == p.kInt64Value);
                        QVERIFY(p.int64_value() >= 0 && p.int64_value() <= 100);
                        break;
                    case MetricDescriptor::GAUGE_DOUBLE:
                        QVERIFY(p.value_case() == p.kDoubleValue);
                        break;
                    case MetricDescriptor::CUMULATIVE_INT64:
                    case MetricDescriptor::CUMULATIVE_DOUBLE: {
                        const double v = type == MetricDescriptor::CUMULATIVE_INT64 ? double(p.int64_value()) : p.double_value();
                        QVERIFY2(v >= last[key], "a cumulative value decreased");
                        last[key] = v;
                        QVERIFY(series.has_start_timestamp());
                        break;
                    }
                    case MetricDescriptor::CUMULATIVE_DISTRIBUTION: {
                        const auto &d = p.distribution_value();
                        std::int64_t inBuckets = 0;
                        for (const auto &b : d.buckets())
                            inBuckets += b.count();
                        QCOMPARE(inBuckets, d.count());
                        QCOMPARE(d.buckets_size(), d.bucket_options().explicit_().bounds_size() + 1);
                        QVERIFY(double(d.count()) >= last[key]);
                        last[key] = double(d.count());
                        QVERIFY(d.sum_of_squared_deviation() >= 0);
                        break;
                    }
                    case MetricDescriptor::SUMMARY:
                        QVERIFY(p.summary_value().count().value() >= p.summary_value().snapshot().count().value());
                        QCOMPARE(p.summary_value().snapshot().percentile_values_size(), 3);
                        break;
                    default:
                        QFAIL("unexpected type");
                    }
                }
                QCOMPARE(combinations.size(), std::size_t(12)); // every combination once
            }
        }
        // About 50 observations a second for 20 s in each distribution series.
        const auto metrics = generator.report(21.0, kStart + 21000000000LL);
        const auto count = metrics[4].timeseries(0).points(0).distribution_value().count();
        QVERIFY2(count > 900 && count < 1200, qPrintable(QString::number(count)));
    }

    void sameSeedSameValues()
    {
        MetricGenerator a(everyType(), 5, kStart);
        MetricGenerator b(everyType(), 5, kStart);
        MetricGenerator c(everyType(), 6, kStart);
        bool differs = false;
        for (int report = 1; report <= 5; ++report) {
            const auto ma = a.report(report, kStart);
            const auto mb = b.report(report, kStart);
            const auto mc = c.report(report, kStart);
            for (std::size_t i = 0; i < ma.size(); ++i) {
                QCOMPARE(ma[i].SerializeAsString(), mb[i].SerializeAsString());
                differs |= ma[i].SerializeAsString() != mc[i].SerializeAsString();
            }
        }
        QVERIFY(differs);
    }
};

QTEST_APPLESS_MAIN(TestMetricGenerator)
#include "tst_metricgenerator.moc"
