// SPDX-License-Identifier: Apache-2.0
#include "load/loadprofile.h"
#include "load/presetprofiles.h"

#include <QFile>
#include <QTest>

using namespace ocw;

namespace {

const QByteArray kProfile = R"({
  "format": "ocworkbench-load-profile",
  "version": 1,
  "name": "gateway",
  "seed": 7,
  "duration_s": 60,
  "metric_interval_s": 5,
  "rate": {
    "unit": "traces",
    "shape": [
      {"constant": 100},
      {"ramp": {"from": 0, "to": 400, "over_s": 30}},
      {"steps": [[0, 10], [20, 50]]},
      {"bursts": {"value": 1000, "on_s": 1, "off_s": 9}},
      {"sine": {"offset": 0, "amplitude": 50, "period_s": 60}}
    ]
  },
  "traces": {
    "preset": "custom",
    "depth": {"min": 2, "max": 4},
    "fan_out": 2,
    "duration_ms": {"median": 15, "p99": 300},
    "error_ratio": 0.05
  }
}
)";

} // namespace

// Load profiles: read into the model, and every problem with its line, column and pointer.
class TestLoadProfile : public QObject
{
    Q_OBJECT

private slots:
    void readsAProfile()
    {
        const LoadProfileResult r = parseLoadProfile(kProfile);
        QVERIFY2(r.profile, qPrintable(r.diagnostics.value(0).message));
        QCOMPARE(r.profile->name, QStringLiteral("gateway"));
        QCOMPARE(r.profile->seed, 7u);
        QCOMPARE(r.profile->durationSeconds, 60.0);
        QCOMPARE(r.profile->metricIntervalSeconds, 5.0);
        QCOMPARE(r.profile->rate.components.size(), std::size_t(5));
        QCOMPARE(r.profile->rate.at(0.5), 100.0 + 400.0 * 0.5 / 30 + 10 + 1000 + 50 * std::sin(6.283185307179586 * 0.5 / 60));
        QCOMPARE(r.profile->traces.preset, TraceShape::Preset::Custom);
        QCOMPARE(r.profile->traces.depth.max, 4);
        QCOMPARE(r.profile->traces.fanOut.min, 2);
        QCOMPARE(r.profile->traces.fanOut.max, 2);
        QCOMPARE(r.profile->traces.errorRatio, 0.05);
    }

    void readsMetrics()
    {
        const LoadProfileResult r = parseLoadProfile(R"({"format": "ocworkbench-load-profile", "version": 1,
          "rate": {"shape": [{"constant": 1}]},
          "metrics": [
            {"name": "requests", "type": "cumulative_int64", "labels": [{"key": "method", "values": ["GET", "POST"]},
              {"key": "user", "cardinality": 50}], "value": {"counter": {"per_second": 20}}},
            {"name": "latency", "type": "cumulative_distribution", "unit": "ms", "bounds": [1, 5, 10],
              "observations": {"median": 3, "p99": 40}}
          ]})");
        QVERIFY2(r.profile, qPrintable(r.diagnostics.value(0).message));
        QCOMPARE(r.profile->metrics.size(), std::size_t(2));
        QCOMPARE(r.profile->metrics[0].seriesCount(), 100u);
        QCOMPARE(r.profile->metrics[0].value.perSecond, 20.0);
        QCOMPARE(r.profile->metrics[1].type, MetricSpec::Type::CumulativeDistribution);
        QCOMPARE(r.profile->metrics[1].bounds, (std::vector<double>{1, 5, 10}));

        const LoadProfileResult bad = parseLoadProfile(R"({"format": "ocworkbench-load-profile", "version": 1,
          "rate": {"shape": [{"constant": 1}]},
          "metrics": [{"name": "x", "type": "histogram", "bounds": [5, 1]}]})");
        QVERIFY(!bad.profile);
        QCOMPARE(bad.diagnostics.size(), 2);
        QCOMPARE(bad.diagnostics[0].pointer, QStringLiteral("/metrics/0/type"));
        QCOMPARE(bad.diagnostics[1].pointer, QStringLiteral("/metrics/0/bounds/1"));
    }

    // The form writes a shape back as JSON: every kind of component reads back as it was.
    void rateShapeJsonReadsBack()
    {
        const auto original = parseLoadProfile(kProfile).profile;
        QVERIFY(original);
        const QByteArray shape = rateShapeJson(original->rate);
        QByteArray rewritten = kProfile;
        const qsizetype from = rewritten.indexOf("\"shape\": [") + 9;
        rewritten.replace(from, rewritten.indexOf("]\n  },") + 1 - from, shape);
        const auto again = parseLoadProfile(rewritten).profile;
        QVERIFY2(again, rewritten.constData());
        QCOMPARE(rateShapeJson(again->rate), shape);
        QCOMPARE(again->rate.components.size(), std::size_t(5));
        for (const double t : {0.0, 0.5, 10.0, 25.0, 59.0})
            QCOMPARE(again->rate.at(t), original->rate.at(t));
    }

    void presetsAreClean_data()
    {
        QTest::addColumn<QString>("name");
        for (const PresetProfile &preset : presetProfiles())
            QTest::addRow("%s", qPrintable(preset.name)) << preset.name;
    }

    void presetsAreClean()
    {
        QFETCH(QString, name);
        // The shipped file and the copy compiled into the program are the same bytes.
        QFile f(QStringLiteral(OCW_RESOURCES_DIR "/profiles/%1.json").arg(name));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(presetProfileJson(name), f.readAll());
        const LoadProfileResult r = parseLoadProfile(presetProfileJson(name));
        QVERIFY2(r.diagnostics.isEmpty(), qPrintable(r.diagnostics.value(0).message + u' ' + r.diagnostics.value(0).pointer));
        QVERIFY(r.profile);
        QVERIFY(!r.profile->name.isEmpty());
        QVERIFY(!r.profile->description.isEmpty());
        QVERIFY(presetProfile(name));
        QVERIFY(!presetProfile(QStringLiteral("no-such-preset")));
    }

    void problemsHaveTheirPlace_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("pointer");
        QTest::addRow("typo") << QByteArray("\"seed\"") << QByteArray("\"sede\"") << "PRF102" << 5 << 3 << "/sede";
        QTest::addRow("wrong type") << QByteArray("\"duration_s\": 60") << QByteArray("\"duration_s\": \"60\"") << "PRF101" << 6 << 17 << "/duration_s";
        QTest::addRow("negative rate") << QByteArray("{\"constant\": 100}") << QByteArray("{\"constant\": -5}") << "PRF103" << 11 << 20
                                       << "/rate/shape/0/constant";
        QTest::addRow("steps backwards") << QByteArray("[20, 50]") << QByteArray("[0, 50]") << "PRF103" << 13 << 27 << "/rate/shape/2/steps/1";
        QTest::addRow("two kinds in one") << QByteArray("{\"constant\": 100}") << QByteArray("{\"constant\": 100, \"sine\": 1}") << "PRF104"
                                          << 11 << 7 << "/rate/shape/0";
        QTest::addRow("min above max") << QByteArray("{\"min\": 2, \"max\": 4}") << QByteArray("{\"min\": 5, \"max\": 4}") << "PRF103" << 20 << 14
                                       << "/traces/depth";
        QTest::addRow("ratio above 1") << QByteArray("\"error_ratio\": 0.05") << QByteArray("\"error_ratio\": 5") << "PRF103" << 23 << 20
                                       << "/traces/error_ratio";
        QTest::addRow("not a profile") << QByteArray("\"ocworkbench-load-profile\"") << QByteArray("\"other\"") << "PRF002" << 1 << 1 << "";
        QTest::addRow("syntax") << QByteArray("\"seed\": 7,") << QByteArray("\"seed\": 7,,") << "PRF001" << 5 << 13 << "";
    }

    void problemsHaveTheirPlace()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, rule);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, pointer);
        QByteArray text = kProfile;
        QVERIFY(text.contains(from));
        text.replace(text.indexOf(from), from.size(), to);
        const LoadProfileResult r = parseLoadProfile(text);
        QVERIFY(!r.profile);
        const auto found = std::find_if(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic &d) { return d.rule == rule; });
        QStringList all;
        for (const Diagnostic &d : r.diagnostics)
            all << QStringLiteral("%1 %2:%3 %4 %5").arg(d.rule).arg(d.line).arg(d.column).arg(d.pointer, d.message);
        QVERIFY2(found != r.diagnostics.end(), qPrintable(all.join(u'\n')));
        QCOMPARE(found->line, line);
        QCOMPARE(found->column, column);
        QCOMPARE(found->pointer, pointer);
    }
};

QTEST_APPLESS_MAIN(TestLoadProfile)
#include "tst_loadprofile.moc"
