// SPDX-License-Identifier: Apache-2.0
// The Agent page's trace store: under churn it keeps the slowest and the latest erroring traces besides the
// newest, never holds more than its stated bound, and keeps each span's details as sent, capped.
#include "agent/tracestore.h"

#include "opencensus/proto/trace/v1/trace.pb.h"

#include <QSet>
#include <QTest>

#include <algorithm>
#include <numeric>
#include <random>

using namespace ocw;
namespace pb = opencensus::proto::trace::v1;

namespace {

std::string traceId(int n)
{
    std::string id(16, '\0');
    for (int i = 0; i < 4; ++i)
        id[std::size_t(12 + i)] = char((n >> (8 * (3 - i))) & 0xff);
    id[0] = 't';
    return id;
}

QByteArray hexTraceId(int n)
{
    return QByteArray::fromStdString(traceId(n)).toHex();
}

pb::Span span(int trace, char id, char parent, qint64 durationMicros, int status = 0)
{
    pb::Span s;
    s.set_trace_id(traceId(trace));
    s.set_span_id(std::string(8, id));
    if (parent)
        s.set_parent_span_id(std::string(8, parent));
    s.mutable_name()->set_value(parent ? "backend" : "GET /users");
    s.mutable_start_time()->set_seconds(1000 + trace);
    s.mutable_end_time()->set_seconds(1000 + trace + durationMicros / 1000000);
    s.mutable_end_time()->set_nanos(int(durationMicros % 1000000) * 1000);
    s.mutable_status()->set_code(status);
    return s;
}

void fillAttributes(pb::Span::Attributes *attributes, int count, std::size_t valueBytes)
{
    for (int i = 0; i < count; ++i)
        (*attributes->mutable_attribute_map())["key" + std::to_string(i)].mutable_string_value()->set_value(std::string(valueBytes, 'v'));
}

// As large as a sender can make a span: every list past its cap, every text past its length.
pb::Span hugeSpan(int trace, char id)
{
    pb::Span s = span(trace, id, 'r', 10);
    s.mutable_name()->set_value(std::string(100000, 'n'));
    fillAttributes(s.mutable_attributes(), 100, 1000); // past what is kept of a text, too
    for (int i = 0; i < 100; ++i) {
        auto *annotation = s.mutable_time_events()->add_time_event()->mutable_annotation();
        annotation->mutable_description()->set_value(std::string(1000, 'd'));
        fillAttributes(annotation->mutable_attributes(), 10, 1000);
        s.mutable_time_events()->add_time_event()->mutable_message_event()->set_id(std::uint64_t(i));
        auto *link = s.mutable_links()->add_link();
        link->set_trace_id(traceId(i));
        fillAttributes(link->mutable_attributes(), 10, 1000);
    }
    s.mutable_status()->set_message(std::string(100000, 'm'));
    return s;
}

KeptTrace keptTrace(const TraceStore &store, const QByteArray &id)
{
    const QList<KeptTrace> traces = store.traces();
    const auto it = std::find_if(traces.begin(), traces.end(), [&](const KeptTrace &t) { return t.id == id; });
    return it == traces.end() ? KeptTrace() : *it;
}

} // namespace

class TraceStoreTest : public QObject
{
    Q_OBJECT

private slots:
    // Thousands of traces, each admitted as new: the store keeps the 50 slowest roots and the 50 latest erroring
    // traces among them, besides the 50 newest, each once, and never more than its bound on the way.
    void keepsSlowestAndErroringUnderChurn()
    {
        constexpr int Count = 5000;
        std::vector<qint64> durations(Count);
        std::iota(durations.begin(), durations.end(), 1);
        std::shuffle(durations.begin(), durations.end(), std::mt19937(42));
        TraceStore store;
        std::vector<int> erroring;
        for (int t = 0; t < Count; ++t) {
            const bool fails = t % 37 == 0;
            if (fails)
                erroring.push_back(t);
            // Children first and the root last, as the Go exporter sends each span when it ends.
            store.add(span(t, 'c', 'r', durations[std::size_t(t)] / 2, fails ? 14 : 0), "krakend", false, true);
            store.add(span(t, 'r', 0, durations[std::size_t(t)] * 1000), "krakend", false, true);
            QVERIFY(store.traceCount() <= TraceStore::Newest + TraceStore::Slowest + TraceStore::Erroring);
            QVERIFY(store.keptBytes() <= TraceStore::MaxBytes);
        }
        const QList<KeptTrace> traces = store.traces();
        QSet<QByteArray> ids;
        for (const KeptTrace &t : traces)
            ids.insert(t.id);
        QCOMPARE(ids.size(), traces.size()); // merged without duplicates

        std::vector<int> bySlowness(Count);
        std::iota(bySlowness.begin(), bySlowness.end(), 0);
        std::sort(bySlowness.begin(), bySlowness.end(), [&](int a, int b) { return durations[std::size_t(a)] > durations[std::size_t(b)]; });
        for (std::size_t i = 0; i < TraceStore::Slowest; ++i) {
            const KeptTrace t = keptTrace(store, hexTraceId(bySlowness[i]));
            QVERIFY2(t.keptFor & KeptFor::Slowest, qPrintable(QStringLiteral("slow trace #%1 lost").arg(i)));
            QCOMPARE(t.spans.size(), 2); // whole: it was kept as new until its root showed it slow
            QCOMPARE(t.rootDurationNanos, durations[std::size_t(bySlowness[i])] * 1000000);
        }
        QVERIFY(!(keptTrace(store, hexTraceId(bySlowness[TraceStore::Slowest])).keptFor & KeptFor::Slowest));
        for (std::size_t i = erroring.size() - TraceStore::Erroring; i < erroring.size(); ++i) {
            const KeptTrace t = keptTrace(store, hexTraceId(erroring[i]));
            QVERIFY(t.keptFor & KeptFor::Erroring);
            QCOMPARE(t.errorSpans, 1);
        }
        QVERIFY(!keptTrace(store, hexTraceId(erroring[erroring.size() - TraceStore::Erroring - 1])).keptFor);
        for (int t = Count - int(TraceStore::Newest); t < Count; ++t)
            QVERIFY(keptTrace(store, hexTraceId(t)).keptFor & KeptFor::Newest);
        QVERIFY(keptTrace(store, hexTraceId(Count - int(TraceStore::Newest) - 1)).id.isEmpty()
                || !(keptTrace(store, hexTraceId(Count - int(TraceStore::Newest) - 1)).keptFor & KeptFor::Newest));
    }

    // While new traces wait their turn (the recorder paces them), a slow root or a failed span still gets in.
    void slowAndFailedTracesJoinBetweenTurns()
    {
        TraceStore store;
        for (int t = 0; t < int(TraceStore::Newest + TraceStore::Slowest); ++t)
            store.add(span(t, 'r', 0, 1000 + t), "krakend", false, true);
        const std::size_t before = store.traceCount();
        store.add(span(9000, 'r', 0, 500), "krakend", false, false); // neither new by turn, nor slow, nor failed
        QCOMPARE(store.traceCount(), before);
        QVERIFY(keptTrace(store, hexTraceId(9000)).id.isEmpty());
        store.add(span(9001, 'r', 0, 999999), "krakend", false, false);
        QCOMPARE(keptTrace(store, hexTraceId(9001)).keptFor, KeptReasons(KeptFor::Slowest));
        store.add(span(9002, 'c', 'r', 1, 2), "krakend", false, false);
        QCOMPARE(keptTrace(store, hexTraceId(9002)).keptFor, KeptReasons(KeptFor::Erroring));
        // Its later spans join it.
        store.add(span(9002, 'r', 0, 5), "krakend", false, false);
        QCOMPARE(keptTrace(store, hexTraceId(9002)).spans.size(), 2);
        QVERIFY(keptTrace(store, hexTraceId(9002)).rootSeen());
    }

    // The largest spans a sender can make: each trace stops at its share, the store at its bound, and the
    // accounting stays exact.
    void boundHoldsForHugeSpans()
    {
        TraceStore store;
        const pb::Span huge = hugeSpan(0, 'h');
        const std::size_t spanBytes = approximateBytes(receivedSpan(huge, "krakend", false));
        QVERIFY2(spanBytes < TraceStore::TraceBytes, qPrintable(QString::number(spanBytes))); // every span fits an empty trace
        // The first 50 are the slowest, the next 50 fail, the last 50 are the newest: 150 traces, all full.
        pb::Span big = huge;
        for (int t = 0; t < 200; ++t) {
            big.set_trace_id(traceId(t));
            big.mutable_status()->set_code(t >= 50 && t < 100 ? 2 : 0);
            for (char id = 'a'; id < 'a' + 4; ++id) {
                big.set_span_id(std::string(8, id));
                store.add(big, "krakend", false, true);
            }
            store.add(span(t, 'r', 0, t < 50 ? 1000000 + t : t), "krakend", false, true);
            QVERIFY(store.keptBytes() <= TraceStore::MaxBytes);
        }
        QCOMPARE(store.traceCount(), TraceStore::Newest + TraceStore::Slowest + TraceStore::Erroring);
        std::size_t total = 0;
        for (const KeptTrace &t : store.traces()) {
            QVERIFY(t.spansNotKept > 0);
            std::size_t bytes = 0;
            for (const ReceivedSpan &s : t.spans)
                bytes += approximateBytes(s);
            QVERIFY(bytes <= TraceStore::TraceBytes);
            total += bytes;
        }
        QCOMPARE(store.keptBytes(), total);
        QVERIFY(store.keptBytes() > TraceStore::MaxBytes / 2); // near the bound, so the check above meant something
    }

    void spanDetailsAreKeptAsSent()
    {
        pb::Span s = span(7, 's', 'p', 2500, 5);
        s.set_kind(pb::Span::CLIENT);
        s.mutable_status()->set_message("backend said no");
        auto &attributes = *s.mutable_attributes()->mutable_attribute_map();
        attributes["http.method"].mutable_string_value()->set_value("GET");
        attributes["http.status_code"].set_int_value(404);
        attributes["cache.hit"].set_bool_value(true);
        attributes["ratio"].set_double_value(0.5);
        auto *event = s.mutable_time_events()->add_time_event();
        event->mutable_time()->set_seconds(1007);
        event->mutable_annotation()->mutable_description()->set_value("retrying");
        (*event->mutable_annotation()->mutable_attributes()->mutable_attribute_map())["attempt"].set_int_value(2);
        auto *message = s.mutable_time_events()->add_time_event()->mutable_message_event();
        message->set_type(pb::Span::TimeEvent::MessageEvent::SENT);
        message->set_id(3);
        message->set_uncompressed_size(1200);
        message->set_compressed_size(300);
        auto *link = s.mutable_links()->add_link();
        link->set_trace_id(traceId(8));
        link->set_span_id(std::string(8, 'l'));
        link->set_type(pb::Span::Link::PARENT_LINKED_SPAN);
        s.mutable_name()->set_value(std::string(1000, 'x'));

        const ReceivedSpan r = receivedSpan(s, "krakend", false);
        QCOMPARE(r.traceId, hexTraceId(7));
        QCOMPARE(r.parentSpanId, QByteArray("7070707070707070"));
        QCOMPARE(r.kind, 2);
        QCOMPARE(r.statusCode, 5);
        QCOMPARE(r.statusMessage, QStringLiteral("backend said no"));
        QCOMPARE(r.durationNanos(), qint64(2500000));
        QCOMPARE(r.attributes, (QList<SpanAttribute>{{QStringLiteral("cache.hit"), QStringLiteral("true")},
                                                     {QStringLiteral("http.method"), QStringLiteral("GET")},
                                                     {QStringLiteral("http.status_code"), QStringLiteral("404")},
                                                     {QStringLiteral("ratio"), QStringLiteral("0.5")}}));
        QCOMPARE(r.annotations.size(), 1);
        QCOMPARE(r.annotations.first().description, QStringLiteral("retrying"));
        QCOMPARE(r.annotations.first().timeNanos, qint64(1007) * 1000000000);
        QCOMPARE(r.annotations.first().attributes, (QList<SpanAttribute>{{QStringLiteral("attempt"), QStringLiteral("2")}}));
        QCOMPARE(r.messageEvents.size(), 1);
        QCOMPARE(r.messageEvents.first().type, 1);
        QCOMPARE(r.messageEvents.first().compressedSize, std::uint64_t(300));
        QCOMPARE(r.links.size(), 1);
        QCOMPARE(r.links.first().traceId, hexTraceId(8));
        QCOMPARE(r.links.first().type, 2);
        QCOMPARE(r.name.size(), SpanDetailLimits::TextChars); // cut, with an ellipsis
        QVERIFY(r.name.endsWith(QChar(0x2026)));

        const ReceivedSpan capped = receivedSpan(hugeSpan(1, 'h'), "krakend", false);
        QCOMPARE(capped.attributes.size(), SpanDetailLimits::Attributes);
        QCOMPARE(capped.attributeCount, 100);
        QCOMPARE(capped.annotations.size(), SpanDetailLimits::Annotations);
        QCOMPARE(capped.annotationCount, 100);
        QCOMPARE(capped.messageEventCount, 100);
        QCOMPARE(capped.links.size(), SpanDetailLimits::Links);
        QCOMPARE(capped.linkCount, 100);
    }
};

QTEST_APPLESS_MAIN(TraceStoreTest)
#include "tst_tracestore.moc"
