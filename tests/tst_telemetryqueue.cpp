// SPDX-License-Identifier: Apache-2.0
#include "exporter/telemetryqueue.h"
#include "exporter/tracesampler.h"

#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <QTest>

#include <thread>

using namespace ocw;
using namespace std::chrono_literals;

namespace {

// A wait that must be ended by a wake-up is given this deadline, and must end well within kPrompt: a
// missing notify shows as a take() that sits out the deadline, however loaded the machine.
constexpr auto kFarAway = 30s;
constexpr auto kPrompt = 5s;

EncodedSpans spans(int count)
{
    Span s;
    s.set_trace_id(std::string(16, 't'));
    s.set_span_id(std::string(8, 's'));
    s.mutable_name()->set_value(std::string(10, 'n'));
    EncodedSpans out;
    for (int i = 0; i < count; ++i)
        out.append(s);
    return out;
}

Metric metricWithPoints(int points)
{
    Metric m;
    m.mutable_metric_descriptor()->set_name("m");
    auto *series = m.add_timeseries();
    for (int i = 0; i < points; ++i)
        series->add_points()->set_int64_value(i);
    return m;
}

} // namespace

// The bounded queue's promise: the producer never blocks, and every item is counted exactly once.
class TestTelemetryQueue : public QObject
{
    Q_OBJECT

private slots:
    void bytesAreReturnedWhenTaken()
    {
        // A queue that holds about three spans by bytes must keep accepting as long as they are taken.
        const std::size_t oneSpan = spans(1).byteSize();
        TelemetryQueue queue(1000, oneSpan * 3);
        for (int round = 0; round < 100; ++round) {
            queue.pushSpans(spans(3));
            const TelemetryBatch batch = queue.take(300, 500, std::chrono::steady_clock::now());
            QCOMPARE(batch.spans, std::size_t(3));
            QCOMPARE(batch.bytes, oneSpan * 3);
            QCOMPARE(batch.spanRecords.size(), oneSpan * 3);
            queue.markWritten(batch.spans, 0);
            queue.markEnded(batch.spans, 0, Delivery::Delivered);
            QCOMPARE(queue.totals().bytesQueued, std::size_t(0));
        }
        const auto totals = queue.totals();
        QCOMPARE(totals.spans.generated, 300u);
        QCOMPARE(totals.spans.sent, 300u);
        QCOMPARE(totals.spans.dropped(), 0u);
    }

    void fullQueueDropsAndCounts()
    {
        TelemetryQueue queue(10, 1 << 20);
        queue.pushSpans(spans(25));
        auto totals = queue.totals();
        QCOMPARE(totals.spans.generated, 25u);
        QCOMPARE(totals.spans.queued, 10u);
        QCOMPARE(totals.spans.droppedBy[std::size_t(DropReason::QueueFull)], 15u);
        QVERIFY(totals.spans.balanced());

        // Points share the capacity: a metric with more points than the room left is dropped whole.
        TelemetryQueue shared(10, 1 << 20);
        shared.pushSpans(spans(6));
        std::vector<Metric> metrics;
        metrics.push_back(metricWithPoints(3));
        metrics.push_back(metricWithPoints(3));
        shared.pushMetrics(std::move(metrics));
        totals = shared.totals();
        QCOMPARE(totals.points.generated, 6u);
        QCOMPARE(totals.points.queued, 3u);
        QCOMPARE(totals.points.droppedBy[std::size_t(DropReason::QueueFull)], 3u);
        QVERIFY(totals.points.balanced());
    }

    // Asked before spans are made: no room counts them dropped at once, as a push would, and room leaves the
    // record-by-record decision to the push.
    void admissionDecidesBeforeSpansAreMade()
    {
        TelemetryQueue queue(10, 1 << 20);
        queue.pushSpans(spans(8));
        QVERIFY(queue.admitSpans(1, 100, 6)); // one pending: room for one more record at least
        auto totals = queue.totals();
        QCOMPARE(totals.spans.generated, 8u); // admitting counts nothing: the push will
        QVERIFY(!queue.admitSpans(2, 200, 6)); // eight queued and two pending fill it
        totals = queue.totals();
        QCOMPARE(totals.spans.generated, 14u);
        QCOMPARE(totals.spans.dropped(DropReason::QueueFull), 6u);
        QVERIFY(totals.spans.balanced());

        TelemetryQueue bytesFull(1000, 1000);
        QVERIFY(!bytesFull.admitSpans(3, 1000, 4)); // the pending bytes alone fill it
        QCOMPARE(bytesFull.totals().spans.dropped(DropReason::QueueFull), 4u);

        TelemetryQueue disconnected(1000, 1 << 20);
        disconnected.setDroppingWhileDisconnected(true);
        QVERIFY(!disconnected.admitSpans(0, 0, 5));
        totals = disconnected.totals();
        QCOMPARE(totals.spans.dropped(DropReason::Disconnected), 5u);
        QCOMPARE(totals.spans.dropped(DropReason::QueueFull), 0u);
        QVERIFY(totals.spans.balanced());
    }

    void takenItemsStayQueuedUntilWrittenOrDropped()
    {
        TelemetryQueue queue(100, 1 << 20);
        queue.pushSpans(spans(5));
        TelemetryBatch batch = queue.take(300, 500, std::chrono::steady_clock::now());
        auto totals = queue.totals();
        QCOMPARE(totals.spans.queued, 5u); // being written still counts as queued
        QVERIFY(totals.spans.balanced());
        queue.markNotWritten(batch.spans, 0, DropReason::WriteFailed);
        totals = queue.totals();
        QCOMPARE(totals.spans.queued, 0u);
        QCOMPARE(totals.spans.dropped(DropReason::WriteFailed), 5u);
        QCOMPARE(totals.spans.written, 0u);
        QVERIFY(totals.spans.balanced());
    }

    void writtenItemsAreInFlightUntilTheirStreamEnds()
    {
        // Written is not sent: only the stream's clean end makes items sent; a broken stream leaves them
        // unconfirmed, a stop's cancellation drops them.
        TelemetryQueue queue(1000, 1 << 20);
        queue.pushSpans(spans(30));
        std::vector<Metric> metrics;
        metrics.push_back(metricWithPoints(4));
        queue.pushMetrics(std::move(metrics));
        const TelemetryBatch batch = queue.take(30, 500, std::chrono::steady_clock::now());
        QCOMPARE(batch.spans, std::size_t(30));
        QCOMPARE(batch.points, std::size_t(4));
        queue.markWritten(batch.spans, batch.points);
        auto totals = queue.totals();
        QCOMPARE(totals.spans.inFlight, 30u);
        QCOMPARE(totals.spans.sent, 0u);
        QCOMPARE(totals.spans.written, 30u);
        QCOMPARE(totals.points.inFlight, 4u);
        QVERIFY(totals.spans.balanced() && totals.points.balanced());

        queue.markEnded(10, 4, Delivery::Delivered);
        queue.markEnded(15, 0, Delivery::Unconfirmed);
        queue.markEnded(5, 0, Delivery::Cancelled);
        totals = queue.totals();
        QCOMPARE(totals.spans.sent, 10u);
        QCOMPARE(totals.spans.unconfirmed, 15u);
        QCOMPARE(totals.spans.dropped(DropReason::CancelledAtStop), 5u);
        QCOMPARE(totals.spans.inFlight, 0u);
        QCOMPARE(totals.points.sent, 4u);
        QCOMPARE(totals.spans.written, 30u); // a running total: it stays
        QVERIFY(totals.spans.balanced() && totals.points.balanced());
    }

    void takeWaitsForTheDeadlineWithLessThanABatch()
    {
        TelemetryQueue queue(1000, 1 << 20);
        queue.pushSpans(spans(2));
        const auto start = std::chrono::steady_clock::now();
        const TelemetryBatch batch = queue.take(300, 500, start + 50ms);
        QVERIFY(std::chrono::steady_clock::now() - start >= 50ms);
        QCOMPARE(batch.spans, std::size_t(2));
    }

    // Each of these waits with a deadline far away and must return long before it: without the queue's
    // wake-up it would sit out the whole deadline.
    void aFullBatchWakesTakePromptly_data()
    {
        QTest::addColumn<bool>("spansNotPoints");
        QTest::addRow("spans") << true;
        QTest::addRow("points") << false;
    }

    void aFullBatchWakesTakePromptly()
    {
        QFETCH(bool, spansNotPoints);
        TelemetryQueue queue(100000, 1 << 24);
        std::thread producer([&] {
            std::this_thread::sleep_for(20ms);
            if (spansNotPoints) {
                queue.pushSpans(spans(300));
            } else {
                std::vector<Metric> metrics;
                metrics.push_back(metricWithPoints(500));
                queue.pushMetrics(std::move(metrics));
            }
        });
        const auto start = std::chrono::steady_clock::now();
        const TelemetryBatch batch = queue.take(300, 500, start + kFarAway);
        producer.join();
        QVERIFY2(std::chrono::steady_clock::now() - start < kPrompt, "take() slept past a full batch");
        QCOMPARE(spansNotPoints ? batch.spans : batch.points, std::size_t(spansNotPoints ? 300 : 500));
    }

    void wakeEndsAWaitPromptlyWithWhatIsThere()
    {
        TelemetryQueue queue(1000, 1 << 20);
        queue.pushSpans(spans(7));
        std::thread waker([&] {
            std::this_thread::sleep_for(20ms);
            queue.wake();
        });
        const auto start = std::chrono::steady_clock::now();
        const TelemetryBatch batch = queue.take(300, 500, start + kFarAway);
        waker.join();
        QVERIFY2(std::chrono::steady_clock::now() - start < kPrompt, "take() slept past wake()");
        QCOMPARE(batch.spans, std::size_t(7));
    }

    void aWakeBeforeTakeIsNotLost()
    {
        // The stop wakes the queue just before the exporter waits in it: that wait must not sit out its deadline.
        TelemetryQueue queue(1000, 1 << 20);
        queue.wake();
        const auto start = std::chrono::steady_clock::now();
        QVERIFY(queue.take(300, 500, start + kFarAway).empty());
        QVERIFY2(std::chrono::steady_clock::now() - start < kPrompt, "a wake() before take() was lost");
        // It is answered once: the next take waits again.
        const auto again = std::chrono::steady_clock::now();
        queue.take(300, 500, again + 30ms);
        QVERIFY(std::chrono::steady_clock::now() - again >= 30ms);
    }

    void closeEndsWaitsPromptlyAndKeepsItemsQueued()
    {
        TelemetryQueue queue(1000, 1 << 20);
        queue.pushSpans(spans(5));
        std::thread closer([&] {
            std::this_thread::sleep_for(20ms);
            queue.close();
        });
        const auto start = std::chrono::steady_clock::now();
        const TelemetryBatch batch = queue.take(300, 500, start + kFarAway);
        closer.join();
        QVERIFY2(std::chrono::steady_clock::now() - start < kPrompt, "take() slept past close()");
        QVERIFY(batch.empty());
        QCOMPARE(queue.totals().spans.queued, 5u);
    }

    void concurrentProducerAndConsumerBalance()
    {
        TelemetryQueue queue(500, 1 << 20);
        std::atomic<bool> done{false};
        std::thread producer([&] {
            for (int i = 0; i < 2000; ++i)
                queue.pushSpans(spans(10));
            done = true;
        });
        std::uint64_t sent = 0;
        while (!done || queue.totals().spans.queued > 0) {
            const TelemetryBatch batch = queue.take(300, 500, std::chrono::steady_clock::now() + 1ms);
            queue.markWritten(batch.spans, 0);
            queue.markEnded(batch.spans, 0, Delivery::Delivered);
            sent += batch.spans;
            QVERIFY(queue.totals().spans.balanced());
        }
        producer.join();
        const auto totals = queue.totals();
        QCOMPARE(totals.spans.generated, 20000u);
        QCOMPARE(totals.spans.sent, sent);
        QCOMPARE(totals.spans.sent + totals.spans.dropped(), 20000u);
        QCOMPARE(totals.bytesQueued, std::size_t(0));
    }

    void batchesAreValidRequests()
    {
        // Records taken across chunk boundaries still parse as one ExportTraceServiceRequest.
        TelemetryQueue queue(1000, 1 << 20);
        queue.pushSpans(spans(5));
        queue.pushSpans(spans(7));
        const TelemetryBatch first = queue.take(8, 500, std::chrono::steady_clock::now());
        const TelemetryBatch rest = queue.take(8, 500, std::chrono::steady_clock::now());
        QCOMPARE(first.spans, std::size_t(8));
        QCOMPARE(rest.spans, std::size_t(4));
        opencensus::proto::agent::trace::v1::ExportTraceServiceRequest request;
        QVERIFY(request.ParseFromString(first.spanRecords));
        QCOMPARE(request.spans_size(), 8);
        QCOMPARE(request.spans(7).span_id(), std::string(8, 's'));
        QVERIFY(!request.has_node());
    }

    void samplerFollowsTheAgent()
    {
        TraceSampler sampler(0.5);
        QVERIFY(sampler.sample(0));
        QVERIFY(!sampler.sample(~0ULL));
        opencensus::proto::trace::v1::TraceConfig config;
        config.mutable_constant_sampler()->set_decision(opencensus::proto::trace::v1::ConstantSampler::ALWAYS_ON);
        const auto echo = sampler.apply(config);
        QVERIFY(echo.has_constant_sampler());
        QVERIFY(sampler.sample(~0ULL));
        QCOMPARE(sampler.describe(), QStringLiteral("always"));
        config.mutable_probability_sampler()->set_samplingprobability(0.25);
        sampler.apply(config);
        QCOMPARE(sampler.probability(), 0.25);
        QCOMPARE(sampler.updates(), 2u);
    }
};

QTEST_APPLESS_MAIN(TestTelemetryQueue)
#include "tst_telemetryqueue.moc"
