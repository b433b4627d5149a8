// SPDX-License-Identifier: Apache-2.0
#include "load/presetprofiles.h"
#include "load/profilegenerator.h"
#include "load/random.h"

#include <QTest>

#include <algorithm>

using namespace ocw;

namespace {

constexpr std::int64_t kBase = 1700000000LL * 1000000000LL;
constexpr std::size_t kUnbounded = std::size_t(-1);

// Every span record of `spans`, as bytes.
std::vector<std::string> records(const EncodedSpans &spans)
{
    std::vector<std::string> all;
    for (std::size_t i = 0; i < spans.count(); ++i)
        all.emplace_back(spans.data() + spans.end(i), spans.bytesBetween(i, i + 1));
    return all;
}

// Half the traces, decided by their index alone, as a run samples them.
bool sampled(std::uint64_t trace)
{
    return Random::at(42, trace) % 2 == 0;
}

} // namespace

class TestShards : public QObject
{
    Q_OBJECT

private slots:
    void parse()
    {
        QCOMPARE(Shard::parse(QStringLiteral("0/1"))->count, 1u);
        QCOMPARE(Shard::parse(QStringLiteral("6/7"))->index, 6u);
        for (const char *bad : {"", "1", "1/1", "2/1", "0/0", "-1/2", "+1/2", " 1/2", "1/2/3", "a/b", "0/1000001", "1/2 "})
            QVERIFY2(!Shard::parse(QLatin1String(bad)), bad);
    }

    // The shards of a sampled run keep exactly the traces the whole run keeps, byte for byte (same ids, same
    // times): a rate in traces, and one in spans, whose schedule depends on every trace's size.
    void shardsKeepTheWholeLoadsTraces_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("shards");
        for (const char *preset : {"krakend-gateway", "steady"})
            for (const int n : {1, 2, 3, 7})
                QTest::addRow("%s, %d", preset, n) << QString::fromLatin1(preset) << n;
    }

    void shardsKeepTheWholeLoadsTraces()
    {
        QFETCH(QString, preset);
        QFETCH(int, shards);
        const LoadProfile profile = *presetProfile(preset);
        const auto run = [&](Shard shard) {
            ProfileGenerator generator(profile, 5, kBase);
            generator.setShard(shard);
            generator.setKeep(sampled);
            EncodedSpans spans;
            for (double t = 0.05; t <= 4.0; t += 0.05)
                generator.appendDue(spans, t, kUnbounded);
            return records(spans);
        };
        std::vector<std::string> whole = run(Shard{});
        QVERIFY(whole.size() > 500);
        std::vector<std::string> united;
        for (int i = 0; i < shards; ++i) {
            const std::vector<std::string> part = run(Shard{std::uint64_t(i), std::uint64_t(shards)});
            united.insert(united.end(), part.begin(), part.end());
        }
        std::sort(whole.begin(), whole.end());
        std::sort(united.begin(), united.end());
        QVERIFY(united == whole);
    }

    // At every moment, each shard has made its share of the traces due: never more than one away.
    void eachShardMakesItsShareAtEveryMoment()
    {
        constexpr std::uint64_t kShards = 7;
        const LoadProfile profile = *presetProfile(QStringLiteral("krakend-gateway")); // a rate that ramps and swings
        std::vector<std::unique_ptr<ProfileGenerator>> generators;
        std::vector<std::uint64_t> made(kShards);
        for (std::uint64_t i = 0; i < kShards; ++i) {
            generators.push_back(std::make_unique<ProfileGenerator>(profile, 5, kBase));
            generators.back()->setShard(Shard{i, kShards});
            generators.back()->setKeep([&made, i](std::uint64_t) { return ++made[i], true; });
        }
        EncodedSpans spans;
        for (double t = 0.01; t <= 3.0; t += 0.01) {
            std::uint64_t due = 0;
            for (auto &generator : generators) {
                generator->appendDue(spans, t, kUnbounded);
                due = generator->traces(); // every shard is at the whole load's position
                spans = {};
            }
            for (std::uint64_t i = 0; i < kShards; ++i)
                QVERIFY2(made[i] == due / kShards + (i < due % kShards ? 1 : 0), qPrintable(QStringLiteral("shard %1 at %2 s").arg(i).arg(t)));
        }
        QVERIFY(generators.front()->traces() > 100);
    }
};

QTEST_APPLESS_MAIN(TestShards)
#include "tst_shards.moc"
