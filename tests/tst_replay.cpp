// SPDX-License-Identifier: Apache-2.0
#include "config/configfile.h"
#include "load/delimitedfile.h"
#include "load/recording.h"
#include "load/recordingreplay.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <limits>
#include <set>

using namespace ocw;
using opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest;
using opencensus::proto::agent::trace::v1::ExportTraceServiceRequest;
using opencensus::proto::trace::v1::Span;

namespace {

constexpr std::int64_t kSecond = 1000000000;
constexpr std::int64_t kRecordedAt = 1700000000 * kSecond; // the first request's receive time

std::int64_t nanosOf(const google::protobuf::Timestamp &t)
{
    return t.seconds() * kSecond + t.nanos();
}

void setNanos(google::protobuf::Timestamp *t, std::int64_t nanos)
{
    t->set_seconds(nanos / kSecond);
    t->set_nanos(int(nanos % kSecond));
}

Span *addSpan(ExportTraceServiceRequest &request, char trace, char id, const std::string &parent, std::int64_t start, std::int64_t end)
{
    Span *span = request.add_spans();
    span->set_trace_id(std::string(16, trace));
    span->set_span_id(std::string(8, id));
    span->set_parent_span_id(parent);
    span->mutable_name()->set_value(std::string("span ") + id);
    (*span->mutable_attributes()->mutable_attribute_map())["http.method"].mutable_string_value()->set_value("GET");
    setNanos(span->mutable_start_time(), start);
    setNanos(span->mutable_end_time(), end);
    return span;
}

// A KrakenD-like trace: root 'r' (8 zero bytes as parent, as the Go exporter writes), child 'c', grandchild 'g'
// with a time event; a second trace whose root 's' has an empty parent and a link to 'c'.
ExportTraceServiceRequest twoTraces(std::int64_t at)
{
    ExportTraceServiceRequest request;
    addSpan(request, 'A', 'r', std::string(8, '\0'), at - 300, at - 10);
    addSpan(request, 'A', 'c', std::string(8, 'r'), at - 250, at - 50);
    Span *grandchild = addSpan(request, 'A', 'g', std::string(8, 'c'), at - 200, at - 100);
    setNanos(grandchild->mutable_time_events()->add_time_event()->mutable_time(), at - 150);
    Span *other = addSpan(request, 'B', 's', std::string(), at - 90, at - 20);
    auto *link = other->mutable_links()->add_link();
    link->set_trace_id(std::string(16, 'A'));
    link->set_span_id(std::string(8, 'c'));
    return request;
}

// A cumulative series that began before the recording, with one point.
ExportMetricsServiceRequest oneCounter(std::int64_t pointAt, std::int64_t seriesStart)
{
    ExportMetricsServiceRequest request;
    auto *metric = request.add_metrics();
    metric->mutable_metric_descriptor()->set_name("krakend/requests");
    auto *series = metric->add_timeseries();
    setNanos(series->mutable_start_timestamp(), seriesStart);
    auto *point = series->add_points();
    setNanos(point->mutable_timestamp(), pointAt);
    point->set_int64_value(42);
    return request;
}

std::string delimited(const std::vector<std::string> &messages)
{
    std::string out;
    for (const std::string &message : messages)
        appendDelimited(out, message);
    return out;
}

// The spans of the encoded records: back to back they are the body of an ExportTraceServiceRequest.
std::vector<Span> decode(const EncodedSpans &spans)
{
    ExportTraceServiceRequest request;
    if (!request.ParseFromArray(spans.data(), int(spans.byteSize())))
        return {};
    return {request.spans().begin(), request.spans().end()};
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT

    struct Result {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    QTemporaryDir m_dir;

    QString write(const QString &name, const std::string &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size()))
            return QString();
        return path;
    }

    // A recording as `agent --record` writes it: a Node-only first request, two traces, one metric report a
    // second later, and a third trace request 3 s after the first.
    QString writeRecording(const QString &name)
    {
        ExportTraceServiceRequest nodeOnly;
        nodeOnly.mutable_node()->mutable_service_info()->set_name("krakend");
        const std::string traces = delimited({nodeOnly.SerializeAsString(), twoTraces(kRecordedAt).SerializeAsString(),
                                              twoTraces(kRecordedAt + 3 * kSecond).SerializeAsString()});
        const std::string metrics = delimited({oneCounter(kRecordedAt + kSecond - 5, kRecordedAt - 60 * kSecond).SerializeAsString()});
        const std::string times = std::string(TimesHeader) + timesLine({kRecordedAt - 1000, RecordedKind::Trace, 1})
                                  + timesLine({kRecordedAt, RecordedKind::Trace, 1})
                                  + timesLine({kRecordedAt + kSecond, RecordedKind::Metrics, 2})
                                  + timesLine({kRecordedAt + 3 * kSecond, RecordedKind::Trace, 1});
        write(name + QStringLiteral(".metrics"), metrics);
        write(name + QStringLiteral(".times"), times);
        return write(name, traces);
    }

    static std::shared_ptr<const Recording> load(const QString &file)
    {
        Recording::Loaded loaded = Recording::load(file);
        if (!loaded.error.isEmpty())
            qWarning().noquote() << loaded.error;
        return loaded.recording;
    }

    Result cli(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(OCW_CLI_PATH), arguments);
        if (!process.waitForFinished(60000))
            return {};
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    // Starts `ocworkbench-cli agent` on a free loopback port, recording to `record`; returns its port, or 0.
    QByteArray startAgent(QProcess &agent, const QString &summary, const QString &record)
    {
        agent.start(QStringLiteral(OCW_CLI_PATH),
                    {QStringLiteral("agent"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--duration"),
                     QStringLiteral("120"), QStringLiteral("--summary"), summary, QStringLiteral("--record"), record});
        if (!agent.waitForReadyRead(10000))
            return {};
        const QByteArray first = agent.readLine();
        return first.startsWith("LISTENING ") ? first.mid(10).trimmed() : QByteArray();
    }

    static QJsonObject readJson(const QString &file)
    {
        return QJsonDocument::fromJson(ConfigFile::read(file).bytes).object();
    }

    static QSet<QByteArray> traceIds(const Recording &recording)
    {
        QSet<QByteArray> ids;
        for (const RecordedRequest &request : recording.requests) {
            if (request.kind != RecordedKind::Trace)
                continue;
            ExportTraceServiceRequest message;
            const std::string_view bytes = recording.bytesOf(request);
            message.ParseFromArray(bytes.data(), int(bytes.size()));
            for (const Span &span : message.spans())
                ids.insert(QByteArray::fromStdString(span.trace_id()));
        }
        return ids;
    }

private slots:
    void loadsARecording()
    {
        const auto recording = load(writeRecording(QStringLiteral("rec")));
        QVERIFY(recording);
        QVERIFY(recording->timed);
        QCOMPARE(recording->requests.size(), 3u); // the Node-only request carries nothing to replay
        QCOMPARE(recording->requestsWithoutData, 1u);
        QCOMPARE(recording->spans, 8u);
        QCOMPARE(recording->points, 1u);
        // In the order of FILE.times, with its receive times.
        QCOMPARE(int(recording->requests[1].kind), int(RecordedKind::Metrics));
        QCOMPARE(recording->requests[0].recordedNanos, kRecordedAt);
        QCOMPARE(recording->requests[1].recordedNanos, kRecordedAt + kSecond);
        QCOMPARE(recording->requests[2].recordedNanos, kRecordedAt + 3 * kSecond);
    }

    void idsAreFreshAndTreesIntact()
    {
        const auto recording = load(writeRecording(QStringLiteral("ids")));
        QVERIFY(recording);
        RecordingReplay replay({recording, 1, true, 7});
        std::vector<std::vector<Span>> requests; // the trace requests of two passes
        for (int i = 0; i < 6; ++i) {
            EncodedSpans spans;
            std::vector<Metric> metrics;
            replay.takeNext(kRecordedAt, spans, metrics);
            if (!spans.empty())
                requests.push_back(decode(spans));
        }
        QCOMPARE(requests.size(), 4u);
        std::set<std::string> traceIdsSeen;
        for (const std::vector<Span> &spans : requests) {
            QCOMPARE(spans.size(), 4u);
            const Span &root = spans[0], &child = spans[1], &grandchild = spans[2], &other = spans[3];
            for (const Span &span : spans) {
                QCOMPARE(span.trace_id().size(), 16u);
                QCOMPARE(span.span_id().size(), 8u);
                QVERIFY(span.trace_id() != std::string(16, 'A') && span.trace_id() != std::string(16, 'B'));
                QCOMPARE(span.attributes().attribute_map().at("http.method").string_value().value(), std::string("GET"));
            }
            QCOMPARE(root.name().value(), std::string("span r"));
            // One trace keeps one id and its tree; roots stay roots, as they were written.
            QCOMPARE(child.trace_id(), root.trace_id());
            QCOMPARE(grandchild.trace_id(), root.trace_id());
            QVERIFY(other.trace_id() != root.trace_id());
            QCOMPARE(root.parent_span_id(), std::string(8, '\0'));
            QCOMPARE(child.parent_span_id(), root.span_id());
            QCOMPARE(grandchild.parent_span_id(), child.span_id());
            QVERIFY(other.parent_span_id().empty());
            QCOMPARE(other.links().link(0).trace_id(), root.trace_id());
            QCOMPARE(other.links().link(0).span_id(), child.span_id());
            traceIdsSeen.insert(root.trace_id());
            traceIdsSeen.insert(other.trace_id());
        }
        // A recorded trace id met again later in the pass (a trace exported in two batches) is the same trace;
        // a new pass makes new traces.
        QCOMPARE(requests[0][0].trace_id(), requests[1][0].trace_id());
        QVERIFY(requests[2][0].trace_id() != requests[0][0].trace_id());
        QCOMPARE(traceIdsSeen.size(), 4u);
        QCOMPARE(replay.passesCompleted(), 2u);
        QCOMPARE(replay.requestsTaken(), 6u);
    }

    void timestampsMoveToTheSendTime()
    {
        const auto recording = load(writeRecording(QStringLiteral("times")));
        QVERIFY(recording);
        RecordingReplay replay({recording, 2, false, 7});
        const std::int64_t sendAt = 1800000000 * kSecond;
        EncodedSpans spans;
        std::vector<Metric> metrics;
        replay.takeNext(sendAt, spans, metrics);
        const std::vector<Span> sent = decode(spans);
        const std::int64_t shift = sendAt - kRecordedAt;
        QCOMPARE(nanosOf(sent[0].start_time()), kRecordedAt - 300 + shift);
        QCOMPARE(nanosOf(sent[0].end_time()), kRecordedAt - 10 + shift); // the duration is kept
        QCOMPARE(nanosOf(sent[2].time_events().time_event(0).time()), kRecordedAt - 150 + shift);

        // The metric report, sent 0.5 s later (its recorded second at 2x): its point moves with it; the
        // series' start, a minute before the recording, keeps its distance from the pass's start.
        replay.takeNext(sendAt + kSecond / 2, spans, metrics);
        QCOMPARE(metrics.size(), 1u);
        const auto &series = metrics[0].timeseries(0);
        QCOMPARE(nanosOf(series.points(0).timestamp()), sendAt + kSecond / 2 - 5);
        QCOMPARE(nanosOf(series.start_timestamp()), sendAt - 60 * kSecond);
    }

    // A hostile recording can hold any time: a span near the largest a Timestamp can say, moved forward, stays at
    // the end of 64 bits instead of wrapping to before 1970.
    void timesAtTheEndsOf64BitsSaturate()
    {
        Span span;
        span.mutable_start_time()->set_seconds(9'000'000'000);
        span.mutable_end_time()->set_seconds(-9'000'000'000);
        const ReplayTimes times{std::numeric_limits<std::int64_t>::max() / 2, 0, 0, 1};
        times.rewrite(span);
        QVERIFY(span.start_time().seconds() >= 9'000'000'000);
        QVERIFY(span.end_time().seconds() < 0); // -9e18 + 4.6e18: still before 1970, as it should be
        const ReplayTimes backwards{std::numeric_limits<std::int64_t>::min() / 2, 0, 0, 1};
        backwards.rewrite(span);
        QVERIFY(span.end_time().seconds() <= -9'000'000'000);
        QVERIFY(span.end_time().nanos() >= 0);
        // A moment far before the recording's start keeps its distance, held at the limit.
        const ReplayTimes far{0, std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min() + 1, 0.001};
        QCOMPARE(far.mapMoment(std::numeric_limits<std::int64_t>::min() + 5), std::numeric_limits<std::int64_t>::min());
        QCOMPARE(far.mapMoment(std::numeric_limits<std::int64_t>::max()), std::numeric_limits<std::int64_t>::min() + 1);
    }

    void spacingIsDividedBySpeed_data()
    {
        QTest::addColumn<double>("speed");
        QTest::addRow("1x") << 1.0;
        QTest::addRow("2x") << 2.0;
        QTest::addRow("10x") << 10.0;
        QTest::addRow("0.5x") << 0.5;
    }

    void spacingIsDividedBySpeed()
    {
        QFETCH(double, speed);
        const auto recording = load(writeRecording(QStringLiteral("speed")));
        QVERIFY(recording);
        RecordingReplay replay({recording, speed, true, 7});
        const auto seconds = [&](double s) { return std::chrono::nanoseconds(std::int64_t(s * 1e9 / speed)); };
        // Recorded at 0, 1 and 3 s; a pass lasts that span plus the average gap (1.5 s).
        const std::vector<std::chrono::nanoseconds> expected{seconds(0), seconds(1), seconds(3), seconds(4.5), seconds(5.5), seconds(7.5)};
        for (const std::chrono::nanoseconds due : expected) {
            QCOMPARE(replay.nextDue().value_or(std::chrono::nanoseconds(-1)).count(), due.count());
            EncodedSpans spans;
            std::vector<Metric> metrics;
            replay.takeNext(kRecordedAt, spans, metrics);
        }
    }

    void endsAfterOnePassWithoutLoop()
    {
        const auto recording = load(writeRecording(QStringLiteral("once")));
        QVERIFY(recording);
        RecordingReplay replay({recording, 1, false, 7});
        for (int i = 0; i < 3; ++i) {
            QVERIFY(replay.nextDue());
            EncodedSpans spans;
            std::vector<Metric> metrics;
            replay.takeNext(kRecordedAt, spans, metrics);
        }
        QVERIFY(!replay.nextDue());
        QCOMPARE(replay.passesCompleted(), 1u);
    }

    void brokenFilesAreNamedWithTheirOffset_data()
    {
        QTest::addColumn<QByteArray>("traces");
        QTest::addColumn<QByteArray>("times"); // empty: no FILE.times (a generate file)
        QTest::addColumn<QString>("file");     // which file the message names: "", ".metrics" or ".times"
        QTest::addColumn<QString>("expected");
        const QByteArray good = QByteArray::fromStdString(delimited({twoTraces(kRecordedAt).SerializeAsString()}));
        const QByteArray oneTime = QByteArray(TimesHeader) + QByteArray::fromStdString(timesLine({kRecordedAt, RecordedKind::Trace, 1}));
        QTest::addRow("size cut short") << good + "\x85" << QByteArray() << QString()
                                        << QStringLiteral("truncated at offset %1: the file ends inside a message's size").arg(good.size());
        QTest::addRow("message cut short") << good.chopped(3) << QByteArray() << QString()
                                           << QStringLiteral("truncated at offset 0: a message of");
        QTest::addRow("no size") << good + QByteArray(6, '\xff') << QByteArray() << QString()
                                 << QStringLiteral("at offset %1: not length-delimited").arg(good.size());
        QTest::addRow("message does not parse")
            << good + QByteArray::fromStdString(delimited({std::string("\x0a\x05" "ab", 4)})) << QByteArray() << QString()
            << QStringLiteral("the message at offset %1 (request 2) is not").arg(good.size());
        QTest::addRow("a times line too few") << good + good << oneTime << QStringLiteral(".times")
                                              << QStringLiteral("1 lines for trace requests, but");
        QTest::addRow("a times line that is not one")
            << good << QByteArray(TimesHeader) + "12 trace\n" << QStringLiteral(".times") << QStringLiteral("line 2 is not");
        QTest::addRow("nothing but a Node") << QByteArray::fromStdString(delimited({std::string("\x0a\x00", 2)})) << QByteArray()
                                            << QString() << QStringLiteral("holds no spans and no metric points");
        QTest::addRow("empty file") << QByteArray() << QByteArray() << QString() << QStringLiteral("holds no spans");
    }

    void brokenFilesAreNamedWithTheirOffset()
    {
        QFETCH(QByteArray, traces);
        QFETCH(QByteArray, times);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const QString name = QStringLiteral("broken-") + QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');
        const QString path = write(name, traces.toStdString());
        if (!times.isEmpty()) {
            write(name + QStringLiteral(".metrics"), std::string());
            write(name + QStringLiteral(".times"), times.toStdString());
        }
        const Recording::Loaded loaded = Recording::load(path);
        QVERIFY(!loaded.recording);
        QVERIFY2(loaded.error.startsWith(path + file + QStringLiteral(": ")), qPrintable(loaded.error));
        QVERIFY2(loaded.error.contains(expected), qPrintable(loaded.error));
    }

    void aMissingPartIsNamed()
    {
        const QString path = writeRecording(QStringLiteral("partial"));
        QVERIFY(QFile::remove(path + QStringLiteral(".metrics")));
        const Recording::Loaded loaded = Recording::load(path);
        QVERIFY(!loaded.recording);
        QCOMPARE(loaded.error, path + QStringLiteral(".metrics: no such file"));
    }

    // `generate --format binary` writes trace requests or metric requests and no times: each request is
    // timed by its earliest span start or point timestamp.
    void generateFilesWithoutTimes_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addRow("traces") << QStringLiteral("traces");
        QTest::addRow("metrics") << QStringLiteral("metrics");
    }

    void generateFilesWithoutTimes()
    {
        QFETCH(QString, kind);
        const QString out = m_dir.filePath(QStringLiteral("generated-") + kind);
        const Result generated = cli({QStringLiteral("generate"), QStringLiteral("--profile"),
                                      QStringLiteral(OCW_RESOURCES_DIR "/profiles/steady.json"), QStringLiteral("--count"),
                                      QStringLiteral("5"), QStringLiteral("--kind"), kind, QStringLiteral("--format"),
                                      QStringLiteral("binary"), QStringLiteral("--out"), out});
        QVERIFY2(generated.exitCode == 0, generated.err.constData());
        const auto recording = load(out);
        QVERIFY(recording);
        QVERIFY(!recording->timed);
        QCOMPARE(recording->requests.size(), 5u);
        QCOMPARE(recording->requestsWithoutData, 1u); // the Node-only first request
        const RecordedKind expectedKind = kind == u"traces" ? RecordedKind::Trace : RecordedKind::Metrics;
        QVERIFY(kind == u"traces" ? recording->spans == 5 * 300 : recording->points > 0);
        // generate starts at 2025-01-01T00:00:00Z.
        for (const RecordedRequest &request : recording->requests) {
            QCOMPARE(int(request.kind), int(expectedKind));
            QVERIFY(request.recordedNanos >= 1735689600LL * kSecond);
        }
        if (expectedKind == RecordedKind::Metrics) // one report a reporting period (10 s without one in the profile)
            QCOMPARE(recording->requests[1].recordedNanos - recording->requests[0].recordedNanos, 10 * kSecond);
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("expected");
        const QString config = QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json");
        QTest::addRow("--speed alone") << QStringList{QStringLiteral("--speed"), QStringLiteral("2")} << QByteArray("go with --replay");
        QTest::addRow("--loop alone") << QStringList{QStringLiteral("--loop")} << QByteArray("go with --replay");
        QTest::addRow("speed 0") << QStringList{QStringLiteral("--replay"), config, QStringLiteral("--speed"), QStringLiteral("0")}
                                 << QByteArray("--speed takes a speed factor from 0.001 to 1000000");
        QTest::addRow("speed negative") << QStringList{QStringLiteral("--replay"), config, QStringLiteral("--speed"), QStringLiteral("-1")}
                                        << QByteArray("--speed takes a speed factor from 0.001 to 1000000");
        QTest::addRow("speed beyond bounds") << QStringList{QStringLiteral("--replay"), config, QStringLiteral("--speed"), QStringLiteral("1e9")}
                                             << QByteArray("--speed takes a speed factor from 0.001 to 1000000");
        QTest::addRow("with a profile")
            << QStringList{QStringLiteral("--replay"), config, QStringLiteral("--profile"), QStringLiteral("x.json")}
            << QByteArray("neither --profile, --rate nor --shard");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, expected);
        const Result run = cli(QStringList{QStringLiteral("run"), QStringLiteral("--config"), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json")}
                               + arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(expected), run.err.constData());
    }

    void aBrokenRecordingRunsNothing()
    {
        const QString path = write(QStringLiteral("garbage"), std::string(6, '\xff'));
        const Result run = cli({QStringLiteral("run"), QStringLiteral("--config"), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"),
                                QStringLiteral("--replay"), path});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QByteArray(path.toUtf8() + ": at offset 0: not length-delimited")), run.err.constData());
    }

    // Run → agent recording → replay → second agent over loopback: the counts agree at every hop, and the
    // replay's traces carry ids of their own.
    void recordAndReplayEndToEnd()
    {
        const QString config = QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json");
        QProcess recorder;
        const QString recording = m_dir.filePath(QStringLiteral("session"));
        const QString recorderSummary = m_dir.filePath(QStringLiteral("recorder.json"));
        const QByteArray recorderPort = startAgent(recorder, recorderSummary, recording);
        QVERIFY(recorderPort.toInt() > 0);
        const QString runReport = m_dir.filePath(QStringLiteral("run.json"));
        const Result run = cli({QStringLiteral("run"), QStringLiteral("--config"), config, QStringLiteral("--address"),
                                QStringLiteral("127.0.0.1:") + QString::fromLatin1(recorderPort), QStringLiteral("--duration"),
                                QStringLiteral("2"), QStringLiteral("--rate"), QStringLiteral("2000"), QStringLiteral("--drain-timeout"),
                                QStringLiteral("60"), QStringLiteral("--report"), runReport});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        recorder.terminate(); // SIGTERM: the agent finishes its recording and writes its summary
        QVERIFY(recorder.waitForFinished(10000));
        QCOMPARE(recorder.exitCode(), 0);

        const auto recorded = load(recording);
        QVERIFY(recorded);
        const QJsonObject r1 = readJson(runReport);
        const QJsonObject a1 = readJson(recorderSummary);
        QVERIFY(r1.value(u"spans_sent").toInteger() > 0);
        QCOMPARE(a1.value(u"spans").toInteger(), r1.value(u"spans_sent").toInteger());
        QCOMPARE(qint64(recorded->spans), a1.value(u"spans").toInteger());
        QCOMPARE(qint64(recorded->points), a1.value(u"points").toInteger());
        QVERIFY(recorded->points > 0);

        QProcess receiver;
        const QString replayed = m_dir.filePath(QStringLiteral("replayed"));
        const QString receiverSummary = m_dir.filePath(QStringLiteral("receiver.json"));
        const QByteArray receiverPort = startAgent(receiver, receiverSummary, replayed);
        QVERIFY(receiverPort.toInt() > 0);
        const QString replayReport = m_dir.filePath(QStringLiteral("replay.json"));
        // No --duration: the replay ends by itself after the last request.
        const Result replay = cli({QStringLiteral("run"), QStringLiteral("--config"), config, QStringLiteral("--address"),
                                   QStringLiteral("127.0.0.1:") + QString::fromLatin1(receiverPort), QStringLiteral("--replay"), recording,
                                   QStringLiteral("--speed"), QStringLiteral("4"), QStringLiteral("--drain-timeout"), QStringLiteral("60"),
                                   QStringLiteral("--report"), replayReport});
        QVERIFY2(replay.exitCode == 0, replay.err.constData());
        QVERIFY(replay.err.contains("every recorded span is sent"));
        receiver.terminate();
        QVERIFY(receiver.waitForFinished(10000));
        QCOMPARE(receiver.exitCode(), 0);

        const QJsonObject r2 = readJson(replayReport);
        const QJsonObject a2 = readJson(receiverSummary);
        const QJsonObject info = r2.value(u"replay").toObject();
        QCOMPARE(info.value(u"spans").toInteger(), qint64(recorded->spans));
        QCOMPARE(info.value(u"points").toInteger(), qint64(recorded->points));
        QCOMPARE(info.value(u"requests_replayed").toInteger(), qint64(recorded->requests.size()));
        QCOMPARE(info.value(u"passes_completed").toInteger(), 1);
        QCOMPARE(info.value(u"speed").toDouble(), 4.0);
        QVERIFY(info.value(u"sampling").toString().contains(u"every recorded span"));
        QCOMPARE(r2.value(u"spans_generated").toInteger(), qint64(recorded->spans));
        QCOMPARE(r2.value(u"spans_sent").toInteger(), qint64(recorded->spans));
        QCOMPARE(r2.value(u"points_sent").toInteger(), qint64(recorded->points));
        QCOMPARE(a2.value(u"spans").toInteger(), qint64(recorded->spans));
        QCOMPARE(a2.value(u"points").toInteger(), qint64(recorded->points));
        QCOMPARE(a2.value(u"violations_total").toInteger(), 0);

        // The same number of traces, none with a recorded id.
        const auto again = load(replayed);
        QVERIFY(again);
        const QSet<QByteArray> before = traceIds(*recorded);
        const QSet<QByteArray> after = traceIds(*again);
        QCOMPARE(after.size(), before.size());
        QVERIFY(!after.intersects(before));
    }
};

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
