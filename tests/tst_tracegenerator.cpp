// SPDX-License-Identifier: Apache-2.0
#include "load/tracegenerator.h"

#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <QTest>

#include <map>
#include <set>

using namespace ocw;

namespace {

using Request = opencensus::proto::agent::trace::v1::ExportTraceServiceRequest;
constexpr std::int64_t kStart = 1700000000LL * 1000000000LL;

// The generator's own bytes: what a run would write.
std::string generateBytes(const TraceShape &shape, std::uint64_t seed, int traces)
{
    TraceGenerator generator(shape, seed);
    EncodedSpans spans;
    for (int i = 0; i < traces; ++i)
        generator.appendTrace(spans, kStart + std::int64_t(i) * 1000000);
    return std::string(spans.data(), spans.byteSize());
}

Request generate(const TraceShape &shape, std::uint64_t seed, int traces)
{
    Request request;
    request.ParseFromString(generateBytes(shape, seed, traces));
    return request;
}

std::int64_t nanos(const google::protobuf::Timestamp &t)
{
    return t.seconds() * 1000000000LL + t.nanos();
}

// Spans grouped by trace, in the order they came.
std::map<std::string, std::vector<const Span *>> byTrace(const Request &request)
{
    std::map<std::string, std::vector<const Span *>> traces;
    for (const Span &s : request.spans())
        traces[s.trace_id()].push_back(&s);
    return traces;
}

} // namespace

class TestTraceGenerator : public QObject
{
    Q_OBJECT

private slots:
    void sameSeedSameBytes()
    {
        TraceShape shape;
        shape.annotations = {0, 2};
        shape.links = {0, 1};
        const std::string a = generateBytes(shape, 9, 200);
        QVERIFY(a == generateBytes(shape, 9, 200));
        QVERIFY(a != generateBytes(shape, 10, 200));
    }

    // Each trace draws from sources of its own: skipping traces changes nothing of the others (links to the
    // previous trace included), and a skip's span count is the count the trace has when made.
    void aTraceIsTheSameWhateverWasSkippedBeforeIt_data()
    {
        QTest::addColumn<bool>("custom");
        QTest::newRow("krakend") << false;
        QTest::newRow("custom tree") << true;
    }

    void aTraceIsTheSameWhateverWasSkippedBeforeIt()
    {
        QFETCH(bool, custom);
        TraceShape shape;
        shape.links = {1, 1};
        if (custom) {
            shape.preset = TraceShape::Preset::Custom;
            shape.depth = {1, 4};
            shape.fanOut = {0, 3};
        }
        TraceGenerator everyTrace(shape, 5);
        TraceGenerator someSkipped(shape, 5);
        std::set<std::size_t> counts;
        for (int i = 0; i < 300; ++i) {
            EncodedSpans made;
            const std::int64_t start = kStart + std::int64_t(i) * 1000000;
            const std::size_t predicted = everyTrace.nextTraceSpans();
            QCOMPARE(everyTrace.appendTrace(made, start), predicted);
            QCOMPARE(made.count(), predicted);
            counts.insert(predicted);
            if (i % 3 != 2) {
                QCOMPARE(someSkipped.skipTrace(), predicted);
                continue;
            }
            EncodedSpans again;
            someSkipped.appendTrace(again, start);
            QVERIFY2(std::string(made.data(), made.byteSize()) == std::string(again.data(), again.byteSize()), qPrintable(QString::number(i)));
        }
        QVERIFY(counts.size() > 2); // the structure varies, so the counts are not all alike by chance
        QCOMPARE(someSkipped.nextTrace(), 300u);
    }

    void krakendTreesAreShapedAsKrakenDMakesThem()
    {
        TraceShape shape; // the KrakenD preset
        const Request request = generate(shape, 1, 500);
        const auto traces = byTrace(request);
        QCOMPARE(traces.size(), std::size_t(500));
        std::set<int> backendCounts;
        for (const auto &[id, spans] : traces) {
            QCOMPARE(id.size(), std::size_t(16));
            std::map<std::string, const Span *> byId;
            for (const Span *s : spans)
                byId[s->span_id()] = s;
            // The router span is the root and comes last: spans are listed as they end.
            const Span *router = spans.back();
            QVERIFY(router->parent_span_id().empty());
            QCOMPARE(router->kind(), Span::SERVER);
            QVERIFY(router->attributes().attribute_map().count("http.method"));
            const int backends = int(spans.size() - 2) / 2;
            backendCounts.insert(backends);
            QCOMPARE(int(spans.size()), 2 + 2 * backends);
            int pipes = 0;
            int clients = 0;
            for (const Span *s : spans) {
                QCOMPARE(s->span_id().size(), std::size_t(8));
                QVERIFY(nanos(s->end_time()) >= nanos(s->start_time()));
                if (s == router)
                    continue;
                // Every parent is in the trace, and a child lies inside its parent's time.
                QVERIFY(byId.count(s->parent_span_id()));
                const Span *parent = byId[s->parent_span_id()];
                QVERIFY(nanos(s->start_time()) >= nanos(parent->start_time()));
                QVERIFY(nanos(s->end_time()) <= nanos(parent->end_time()));
                const std::string &name = s->name().value();
                if (name.rfind("pipe-", 0) == 0) {
                    ++pipes;
                    QCOMPARE(name, "pipe-" + router->name().value());
                } else if (name.rfind("backend-", 0) == 0) {
                    QCOMPARE(parent->name().value().rfind("pipe-", 0), std::size_t(0));
                } else {
                    ++clients;
                    QCOMPARE(s->kind(), Span::CLIENT);
                    QCOMPARE(parent->name().value(), "backend-" + name);
                }
            }
            QCOMPARE(pipes, 1);
            QCOMPARE(clients, backends);
        }
        QCOMPARE(backendCounts, (std::set<int>{1, 2, 3}));
    }

    void customTreesHaveTheAskedDepthAndFanOut()
    {
        TraceShape shape;
        shape.preset = TraceShape::Preset::Custom;
        shape.depth = {4, 4};
        shape.fanOut = {2, 2};
        const Request request = generate(shape, 3, 100);
        for (const auto &[id, spans] : byTrace(request)) {
            QCOMPARE(spans.size(), std::size_t(15)); // 1 + 2 + 4 + 8
            std::map<std::string, const Span *> byId;
            for (const Span *s : spans)
                byId[s->span_id()] = s;
            int maxDepth = 0;
            for (const Span *s : spans) {
                int depth = 1;
                for (const Span *p = s; !p->parent_span_id().empty(); p = byId.at(p->parent_span_id()))
                    ++depth;
                maxDepth = std::max(maxDepth, depth);
            }
            QCOMPARE(maxDepth, 4);
        }
    }

    void attributeCardinalityIsExact()
    {
        TraceShape shape;
        shape.preset = TraceShape::Preset::Custom;
        shape.depth = {1, 1};
        AttributeSpec user;
        user.key = "user.id";
        user.kind = AttributeSpec::Kind::Ids;
        user.prefix = "user-";
        user.cardinality = 50;
        AttributeSpec region;
        region.key = "region";
        region.values = {"eu", "us", "ap"};
        AttributeSpec code;
        code.key = "code";
        code.kind = AttributeSpec::Kind::Ints;
        code.min = 200;
        code.cardinality = 7;
        shape.attributes = {user, region, code};
        std::map<std::string, std::set<std::string>> seen;
        const Request request = generate(shape, 5, 5000);
        for (const Span &s : request.spans()) {
            for (const auto &[key, value] : s.attributes().attribute_map())
                seen[key].insert(value.has_string_value() ? value.string_value().value() : std::to_string(value.int_value()));
        }
        QCOMPARE(seen["user.id"].size(), std::size_t(50));
        QCOMPARE(seen["region"].size(), std::size_t(3));
        QCOMPARE(seen["code"].size(), std::size_t(7));
        QVERIFY(seen["code"].count("206") && !seen["code"].count("207"));
    }

    void errorsEventsAndLinks()
    {
        TraceShape shape;
        shape.errorRatio = 0.1;
        shape.annotations = {1, 1};
        shape.messageEvents = {2, 2};
        shape.links = {1, 1};
        const Request request = generate(shape, 11, 2000);
        const auto traces = byTrace(request);
        int failed = 0;
        for (const auto &[id, spans] : traces) {
            failed += spans.back()->status().code() != 0 ? 1 : 0;
            for (const Span *s : spans) {
                QCOMPARE(s->time_events().time_event_size(), 3);
                QVERIFY(s->links().link_size() <= 1);
            }
        }
        QVERIFY2(failed > 150 && failed < 250, qPrintable(QString::number(failed)));
    }
};

QTEST_APPLESS_MAIN(TestTraceGenerator)
#include "tst_tracegenerator.moc"
