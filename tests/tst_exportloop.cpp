// SPDX-License-Identifier: Apache-2.0
// The batching loop on its own, through the transport seam: what it writes when, and how every item is
// settled, with a transport that records batches and fails on command instead of gRPC.
#include "exporter/exportloop.h"

#include <QTest>

#include <thread>

using namespace ocw;
using namespace std::chrono_literals;

namespace {

EncodedSpans spans(int count)
{
    Span s;
    s.set_trace_id(std::string(16, 't'));
    s.set_span_id(std::string(8, 's'));
    EncodedSpans out;
    for (int i = 0; i < count; ++i)
        out.append(s);
    return out;
}

std::vector<Metric> metricsWithPoints(int points)
{
    Metric m;
    auto *series = m.add_timeseries();
    for (int i = 0; i < points; ++i)
        series->add_points()->set_int64_value(i);
    std::vector<Metric> metrics;
    metrics.push_back(m);
    return metrics;
}

// Records what it is given; refuses once `failAfter` batches were written, and from then on.
class RecordingTransport final : public BatchTransport
{
public:
    ExportResult exportSpans(const std::string &, std::size_t count) noexcept override { return record(spanBatches, count); }
    ExportResult exportMetrics(std::vector<Metric> &&, std::size_t points) noexcept override { return record(pointBatches, points); }
    bool broken() const noexcept override { return m_broken; }

    std::vector<std::size_t> spanBatches;
    std::vector<std::size_t> pointBatches;
    std::size_t failAfter = std::numeric_limits<std::size_t>::max();
    std::function<void()> onWrite; // runs inside each write, as a slow or blocked write would

private:
    ExportResult record(std::vector<std::size_t> &batches, std::size_t count)
    {
        if (onWrite)
            onWrite();
        if (m_broken || spanBatches.size() + pointBatches.size() >= failAfter) {
            m_broken = true;
            return ExportResult::Failed;
        }
        batches.push_back(count);
        return ExportResult::Written;
    }
    bool m_broken = false;
};

} // namespace

class TestExportLoop final : public QObject
{
    Q_OBJECT

private slots:
    void fullBatchesGoAtOnceAndDrainingSendsTheRest()
    {
        TelemetryQueue queue(100000, 1 << 26);
        queue.pushSpans(spans(1000));
        queue.pushMetrics(metricsWithPoints(700));
        RecordingTransport transport;
        ExportControl control;
        control.draining = true;
        const auto start = std::chrono::steady_clock::now();
        QCOMPARE(ExportLoop(queue, BatchLimits{300, 500, 10s}).run(transport, control), ExportLoop::End::Drained);
        // Draining does not wait for the flush interval.
        QVERIFY(std::chrono::steady_clock::now() - start < 5s);
        QCOMPARE(transport.spanBatches, (std::vector<std::size_t>{300, 300, 300, 100}));
        QCOMPARE(transport.pointBatches, (std::vector<std::size_t>{700})); // one metric's points are never split
        const auto totals = queue.totals();
        QCOMPARE(totals.spans.inFlight, 1000u); // written, not sent: only the stream's end can confirm them
        QCOMPARE(totals.spans.sent, 0u);
        QCOMPARE(totals.points.inFlight, 700u);
        QVERIFY(totals.spans.balanced() && totals.points.balanced());
    }

    void lessThanABatchWaitsForTheFlushInterval()
    {
        TelemetryQueue queue(1000, 1 << 20);
        queue.pushSpans(spans(5));
        RecordingTransport transport;
        ExportControl control;
        std::thread stopper([&] {
            // Stop once the first flush has happened.
            while (queue.totals().spans.inFlight == 0)
                std::this_thread::sleep_for(1ms);
            control.draining = true;
            queue.wake();
        });
        const auto start = std::chrono::steady_clock::now();
        QCOMPARE(ExportLoop(queue, BatchLimits{300, 500, 80ms}).run(transport, control), ExportLoop::End::Drained);
        stopper.join();
        QVERIFY(std::chrono::steady_clock::now() - start >= 80ms);
        QCOMPARE(transport.spanBatches, (std::vector<std::size_t>{5}));
    }

    void aFailedWriteDropsItsBatchAndEndsTheLoop()
    {
        TelemetryQueue queue(100000, 1 << 26);
        queue.pushSpans(spans(900));
        RecordingTransport transport;
        transport.failAfter = 1;
        ExportControl control;
        control.draining = true;
        QCOMPARE(ExportLoop(queue, BatchLimits{300, 500, 10s}).run(transport, control), ExportLoop::End::Broken);
        const auto totals = queue.totals();
        QCOMPARE(totals.spans.inFlight, 300u);
        QCOMPARE(totals.spans.dropped(DropReason::WriteFailed), 300u);
        QCOMPARE(totals.spans.queued, 300u); // not taken: it waits for the next connection
        QVERIFY(totals.spans.balanced());
    }

    void aWriteTheStopCancelsIsTheStopsDoing()
    {
        TelemetryQueue queue(100000, 1 << 26);
        queue.pushSpans(spans(600));
        RecordingTransport transport;
        ExportControl control;
        control.draining = true;
        // The stop's deadline passes during the second write, which the cancellation makes fail.
        transport.failAfter = 1;
        transport.onWrite = [&] {
            if (!transport.spanBatches.empty())
                control.cancelled = true;
        };
        QCOMPARE(ExportLoop(queue, BatchLimits{300, 500, 10s}).run(transport, control), ExportLoop::End::Cancelled);
        const auto totals = queue.totals();
        QCOMPARE(totals.spans.dropped(DropReason::CancelledAtStop), 300u);
        QCOMPARE(totals.spans.dropped(DropReason::WriteFailed), 0u);
        QVERIFY(totals.spans.balanced());
    }

    void cancellationEndsAWaitingLoop()
    {
        TelemetryQueue queue(1000, 1 << 20);
        RecordingTransport transport;
        ExportControl control;
        std::thread stopper([&] {
            std::this_thread::sleep_for(20ms);
            control.cancelled = true;
            queue.close();
        });
        const auto start = std::chrono::steady_clock::now();
        QCOMPARE(ExportLoop(queue, BatchLimits{300, 500, 30s}).run(transport, control), ExportLoop::End::Cancelled);
        stopper.join();
        QVERIFY(std::chrono::steady_clock::now() - start < 5s);
    }
};

QTEST_APPLESS_MAIN(TestExportLoop)
#include "tst_exportloop.moc"
