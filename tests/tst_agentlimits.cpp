// SPDX-License-Identifier: Apache-2.0
// The embedded agent's limits (issue 11 §4): a compressed message is inflated only up to its limit, a message too
// large on the wire, a malformed one and a stream past the cap each end their stream with a status and are
// counted, while ordinary compressed traffic still arrives exactly. Real gRPC on loopback.
#include "agent/agentrecorder.h"
#include "agent/agentsummary.h"
#include "agent/boundedinflate.h"
#include "agent/embeddedagent.h"
#include "exporter/rawstream.h"
#include "quirkytrace.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.grpc.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.grpc.pb.h"

#include <QJsonObject>
#include <QTest>

#include <grpcpp/grpcpp.h>

#include <zlib.h>

#include <random>

using namespace ocw;
namespace agenttrace = opencensus::proto::agent::trace::v1;
namespace agentmetrics = opencensus::proto::agent::metrics::v1;

Q_DECLARE_METATYPE(grpc_compression_algorithm)

namespace {

constexpr std::size_t MiB = 1024 * 1024;

// `size` zero bytes, gzip-compressed (about a thousandth of that), made without holding them all.
std::string gzipOfZeros(std::size_t size)
{
    z_stream stream{};
    deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    const std::string zeros(MiB, '\0');
    std::string out(size / 500 + 1024, '\0');
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    for (std::size_t left = size; left > 0;) {
        const std::size_t feed = std::min(left, zeros.size());
        stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(zeros.data()));
        stream.avail_in = uInt(feed);
        left -= feed;
        deflate(&stream, left > 0 ? Z_NO_FLUSH : Z_FINISH);
    }
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::vector<std::string_view> piecesOf(const std::string &bytes, std::size_t pieceSize)
{
    std::vector<std::string_view> pieces;
    for (std::size_t at = 0; at < bytes.size(); at += pieceSize)
        pieces.push_back(std::string_view(bytes).substr(at, pieceSize));
    return pieces;
}

// Half-closes `stream` and returns how the agent ended it.
template <typename Stream>
grpc::Status finish(Stream &stream)
{
    stream.WritesDone();
    return stream.Finish();
}

std::shared_ptr<grpc::Channel> channelTo(const EmbeddedAgent &agent)
{
    return grpc::CreateChannel(AgentAddress::loopback(agent.port()).grpcTarget().toStdString(), grpc::InsecureChannelCredentials());
}

// Writes `messages` as they are on `method`, half-closes, and returns how the agent ended the stream.
grpc::Status sendBytes(const EmbeddedAgent &agent, const char *method, const std::vector<std::string> &messages,
                       grpc_compression_algorithm compression = GRPC_COMPRESS_NONE)
{
    const auto channel = channelTo(agent);
    grpc::ClientContext context;
    context.set_compression_algorithm(compression);
    const auto stream = openRawStream(*channel, method, context);
    for (const std::string &message : messages) {
        if (!stream->Write(toBuffer(message)))
            break;
    }
    return finish(*stream);
}

// A trace request with one span whose trace id holds `size` bytes: zeros (compressible) or random (not).
std::string requestOfSize(std::size_t size, bool random)
{
    agenttrace::ExportTraceServiceRequest request = quirkyTrace();
    std::string id(size, '\0');
    if (random) {
        std::mt19937 generator(7);
        for (char &c : id)
            c = char(generator());
    }
    request.mutable_spans(0)->set_trace_id(id);
    return request.SerializeAsString();
}

std::uint64_t refusedFor(const AgentSnapshot &s, Refusal reason)
{
    return s.refused[std::size_t(reason)];
}

AgentOptions withLimits(const AgentLimits &limits)
{
    AgentOptions options;
    options.limits = limits;
    return options;
}

} // namespace

class TestAgentLimits final : public QObject
{
    Q_OBJECT

private slots:
    // The inflater stops at the limit: past it the rest of the input is never read, which a corrupt tail shows
    // (an inflater that expanded everything first would call it broken). Up to the limit, the bytes are exact.
    void inflatingStopsAtTheLimit()
    {
        const std::string bomb = gzipOfZeros(64 * MiB);
        QVERIFY(bomb.size() < 128 * 1024);
        std::string corruptTail = bomb;
        std::fill(corruptTail.end() - 64, corruptTail.end(), '\xff');
        const InflateResult stopped = inflateBounded(piecesOf(corruptTail, 1024), 1 * MiB);
        QCOMPARE(int(stopped.outcome), int(InflateResult::Outcome::TooLarge));
        QVERIFY(stopped.chunks.empty());
        QCOMPARE(int(inflateBounded(piecesOf(corruptTail, 1024), 64 * MiB).outcome), int(InflateResult::Outcome::Broken));

        const std::string small = gzipOfZeros(3 * MiB + 5);
        const InflateResult exact = inflateBounded(piecesOf(small, 7), 3 * MiB + 5);
        QCOMPARE(int(exact.outcome), int(InflateResult::Outcome::Inflated));
        std::string whole;
        for (const std::string &chunk : exact.chunks) {
            QVERIFY(chunk.size() <= 4 * MiB);
            whole += chunk;
        }
        QCOMPARE(whole, std::string(3 * MiB + 5, '\0'));
        QCOMPARE(int(inflateBounded({small}, 3 * MiB + 4).outcome), int(InflateResult::Outcome::TooLarge));
        QCOMPARE(int(inflateBounded({std::string_view(small).substr(0, small.size() / 2)}, 4 * MiB).outcome),
                 int(InflateResult::Outcome::Broken));
        QCOMPARE(int(inflateBounded({small, "x"}, 4 * MiB).outcome), int(InflateResult::Outcome::Broken));
    }

    // A message that gzip makes small but that expands past the limit ends its stream with RESOURCE_EXHAUSTED,
    // counted; the agent goes on taking other streams.
    void aGzipBombIsRefusedAndCounted()
    {
        EmbeddedAgent agent(withLimits(AgentLimits{.maxDecompressedBytes = 1 * MiB}));
        QVERIFY(agent.start().isEmpty());
        const grpc::Status bomb = sendBytes(agent, TraceExportMethod, {requestOfSize(16 * MiB, false)}, GRPC_COMPRESS_GZIP);
        QCOMPARE(bomb.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
        QVERIFY2(bomb.error_message().find("expands past this agent's limit of 1048576 bytes") != std::string::npos,
                 bomb.error_message().c_str());
        const grpc::Status next = sendBytes(agent, TraceExportMethod, {quirkyTrace().SerializeAsString()}, GRPC_COMPRESS_GZIP);
        QVERIFY2(next.ok(), next.error_message().c_str());
        const AgentSnapshot s = agent.snapshot();
        QCOMPARE(refusedFor(s, Refusal::OversizedDecompressed), 1u);
        QCOMPARE(s.refusedCount(), 1u);
        QCOMPARE(s.requests, 1u);
        QCOMPARE(s.spans, 2u);
    }

    // The wire limit applies to the bytes as they arrive: a compressible message passes compressed, the same
    // size of random bytes does not.
    void theWireLimitCountsCompressedBytes()
    {
        EmbeddedAgent agent(withLimits(AgentLimits{.maxMessageBytes = 64 * 1024, .maxDecompressedBytes = 4 * MiB}));
        QVERIFY(agent.start().isEmpty());
        const grpc::Status compressible = sendBytes(agent, TraceExportMethod, {requestOfSize(1 * MiB, false)}, GRPC_COMPRESS_GZIP);
        QVERIFY2(compressible.ok(), compressible.error_message().c_str());
        const grpc::Status random = sendBytes(agent, TraceExportMethod, {requestOfSize(100 * 1024, true)}, GRPC_COMPRESS_GZIP);
        QCOMPARE(random.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
        QVERIFY2(random.error_message().find("larger than this agent's limit of 65536 bytes") != std::string::npos,
                 random.error_message().c_str());
        const AgentSnapshot s = agent.snapshot();
        QCOMPARE(refusedFor(s, Refusal::OversizedOnWire), 1u);
        QCOMPARE(s.refusedCount(), 1u);
        QCOMPARE(s.requests, 1u);
    }

    // Traffic as the exporters send it, compressed or not, and with one message of a compressed stream sent
    // plain (gRPC lets a sender do so): every message arrives, byte for byte, and the Config stream works both ways.
    void compressedStreamsArriveExactly_data()
    {
        QTest::addColumn<grpc_compression_algorithm>("compression");
        QTest::addRow("none") << GRPC_COMPRESS_NONE;
        QTest::addRow("gzip") << GRPC_COMPRESS_GZIP;
        QTest::addRow("deflate") << GRPC_COMPRESS_DEFLATE;
    }

    void compressedStreamsArriveExactly()
    {
        QFETCH(grpc_compression_algorithm, compression);
        EmbeddedAgent agent(AgentOptions{});
        QVERIFY(agent.start().isEmpty());
        opencensus::proto::trace::v1::TraceConfig sampler;
        sampler.mutable_probability_sampler()->set_samplingprobability(0.25);
        agent.pushTraceConfig(sampler);
        const auto channel = channelTo(agent);
        auto traceStub = agenttrace::TraceService::NewStub(channel);

        const agenttrace::ExportTraceServiceRequest request = quirkyTrace();
        grpc::ClientContext traceContext;
        traceContext.set_compression_algorithm(compression);
        auto traces = traceStub->Export(&traceContext);
        QVERIFY(traces->Write(request));
        QVERIFY(traces->Write(request, grpc::WriteOptions().set_no_compression()));
        QVERIFY(traces->Write(request));
        const grpc::Status tracesEnd = finish(*traces);
        QVERIFY2(tracesEnd.ok(), tracesEnd.error_message().c_str());

        grpc::ClientContext metricsContext;
        metricsContext.set_compression_algorithm(compression);
        auto metrics = agentmetrics::MetricsService::NewStub(channel)->Export(&metricsContext);
        agentmetrics::ExportMetricsServiceRequest metricsRequest;
        *metricsRequest.mutable_node() = request.node();
        auto *metric = metricsRequest.add_metrics();
        metric->mutable_metric_descriptor()->set_name("krakend.io/views/request_count");
        metric->add_timeseries()->add_points()->set_int64_value(12);
        QVERIFY(metrics->Write(metricsRequest));
        const grpc::Status metricsEnd = finish(*metrics);
        QVERIFY2(metricsEnd.ok(), metricsEnd.error_message().c_str());

        grpc::ClientContext configContext;
        configContext.set_compression_algorithm(compression);
        auto config = traceStub->Config(&configContext);
        agenttrace::CurrentLibraryConfig current;
        *current.mutable_node() = request.node();
        *current.mutable_config() = sampler;
        QVERIFY(config->Write(current));
        agenttrace::UpdatedLibraryConfig pushed;
        QVERIFY(config->Read(&pushed));
        QCOMPARE(pushed.config().probability_sampler().samplingprobability(), 0.25);
        const grpc::Status configEnd = finish(*config);
        QVERIFY2(configEnd.ok(), configEnd.error_message().c_str());

        const AgentSnapshot s = agent.snapshot();
        QCOMPARE(s.refusedCount(), 0u);
        QCOMPARE(s.requests, 4u);
        QCOMPARE(s.spans, 6u);
        QCOMPARE(s.points, 1u);
        QCOMPARE(s.bytesReceived, 3 * request.ByteSizeLong() + metricsRequest.ByteSizeLong());
        QCOMPARE(s.configMessages, 1u);
        QCOMPARE(s.samplerEchoes, 1u);
        QCOMPARE(s.violations.value(QStringLiteral("end_before_start")), 3u);
    }

    // A message that is no encoding of its type ends its stream with INVALID_ARGUMENT and is counted; what came
    // before it on the stream is kept.
    void malformedMessagesAreRefusedAndCounted_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("good");
        QTest::addColumn<QByteArray>("bad");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray trace = QByteArray::fromStdString(quirkyTrace().SerializeAsString());
        const QByteArray truncated = trace.left(trace.size() - 3);
        agentmetrics::ExportMetricsServiceRequest metrics;
        *metrics.mutable_node() = quirkyTrace().node();
        agenttrace::CurrentLibraryConfig config;
        *config.mutable_node() = quirkyTrace().node();
        const QByteArray brokenGzip = QByteArray::fromStdString(gzipOfZeros(1000)).left(12) + QByteArray(20, '\x55');
        QTest::addRow("trace export, truncated") << QByteArray(TraceExportMethod) << trace << truncated
                                                 << QByteArray("malformed ExportTraceServiceRequest: not a protobuf encoding");
        QTest::addRow("metrics export, broken gzip")
            << QByteArray(MetricsExportMethod) << QByteArray::fromStdString(metrics.SerializeAsString()) << brokenGzip
            << QByteArray("malformed ExportMetricsServiceRequest: compressed data: ");
        QTest::addRow("config, no protobuf") << QByteArray(TraceConfigMethod) << QByteArray::fromStdString(config.SerializeAsString())
                                             << QByteArray("\xff\xff\xff\xff") << QByteArray("malformed CurrentLibraryConfig: ");
    }

    void malformedMessagesAreRefusedAndCounted()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, good);
        QFETCH(QByteArray, bad);
        QFETCH(QByteArray, expected);
        EmbeddedAgent agent(AgentOptions{});
        QVERIFY(agent.start().isEmpty());
        const grpc::Status status = sendBytes(agent, method.constData(), {good.toStdString(), bad.toStdString()});
        QCOMPARE(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
        QVERIFY2(QByteArray::fromStdString(status.error_message()).startsWith(expected), status.error_message().c_str());
        const AgentSnapshot s = agent.snapshot();
        QCOMPARE(refusedFor(s, Refusal::Malformed), 1u);
        QCOMPARE(s.refusedCount(), 1u);
        QCOMPARE(s.requests + s.configMessages, 1u);
    }

    // A trace that never goes quiet cannot grow the agent: once the tracked traces hold more than TrackedSpans
    // spans, the oldest trace's parent links are checked early, and counted.
    void aTraceThatNeverEndsIsCheckedEarly()
    {
        AgentRecorder recorder(std::chrono::hours(1));
        constexpr int BatchSpans = 100000;
        static_assert(AgentRecorder::TrackedSpans % BatchSpans == 0);
        agenttrace::ExportTraceServiceRequest batch;
        for (int i = 0; i < BatchSpans; ++i) {
            auto *span = batch.add_spans();
            span->set_trace_id(std::string(16, 'e'));
            span->set_span_id(std::string(8, char(i)));
        }
        std::string service;
        for (std::size_t spans = 0; spans < AgentRecorder::TrackedSpans; spans += BatchSpans)
            recorder.traceRequest(batch, false, service);
        QCOMPARE(recorder.snapshot().tracesCheckedEarly, 0u);
        recorder.traceRequest(batch, false, service);
        QCOMPARE(recorder.snapshot().tracesCheckedEarly, 1u);
        recorder.traceRequest(batch, false, service); // tracked again, as a trace of its own
        QCOMPARE(recorder.snapshot().traces, 2u);
        QCOMPARE(agentSummaryJson(recorder.snapshot(), 1.0)[QStringLiteral("traces_checked_early")].toInt(), 1);
    }

    // Past maxStreams open at once, a stream is refused with RESOURCE_EXHAUSTED and counted; once one ends,
    // the next is taken. The summary shows the limit and the count.
    void streamsPastTheCapAreRefusedAndCounted()
    {
        constexpr std::size_t Cap = 3;
        EmbeddedAgent agent(withLimits(AgentLimits{.maxStreams = Cap}));
        QVERIFY(agent.start().isEmpty());
        const auto channel = channelTo(agent);
        struct OpenStream {
            grpc::ClientContext context;
            std::unique_ptr<RawStream> stream;
        };
        std::vector<std::unique_ptr<OpenStream>> open;
        for (std::size_t i = 0; i < Cap; ++i) {
            auto &s = open.emplace_back(std::make_unique<OpenStream>());
            s->stream = openRawStream(*channel, i == 0 ? TraceConfigMethod : TraceExportMethod, s->context);
            QVERIFY(s->stream->Write(toBuffer(agenttrace::ExportTraceServiceRequest().SerializeAsString())));
        }
        QTRY_COMPARE_WITH_TIMEOUT(agent.snapshot().streamsOpen, std::uint64_t(Cap), 10000);
        const grpc::Status refused = sendBytes(agent, MetricsExportMethod, {});
        QCOMPARE(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
        QCOMPARE(refused.error_message(), std::string("this agent takes at most 3 open streams"));

        open.back()->stream->WritesDone();
        QVERIFY(open.back()->stream->Finish().ok());
        QTRY_COMPARE_WITH_TIMEOUT(agent.snapshot().streamsOpen, std::uint64_t(Cap - 1), 10000);
        const grpc::Status taken = sendBytes(agent, MetricsExportMethod, {});
        QVERIFY2(taken.ok(), taken.error_message().c_str());
        for (std::size_t i = 0; i + 1 < Cap; ++i) {
            open[i]->stream->WritesDone();
            QVERIFY(open[i]->stream->Finish().ok());
        }

        const AgentSnapshot s = agent.snapshot();
        QCOMPARE(refusedFor(s, Refusal::StreamsOverLimit), 1u);
        QCOMPARE(s.streamsTotal, std::uint64_t(Cap + 1));
        const QJsonObject summary = agentSummaryJson(s, 1.0);
        QCOMPARE(summary[QStringLiteral("refused")][QStringLiteral("streams_over_limit")].toInt(), 1);
        QCOMPARE(summary[QStringLiteral("refused")][QStringLiteral("malformed")].toInt(), 0);
        QCOMPARE(summary[QStringLiteral("refused_total")].toInt(), 1);
        QCOMPARE(summary[QStringLiteral("limits")][QStringLiteral("max_streams")].toInt(), 3);
        QCOMPARE(summary[QStringLiteral("limits")][QStringLiteral("max_decompressed_bytes")].toInteger(),
                 qint64(AgentLimits().maxDecompressedBytes));
    }
};

QTEST_GUILESS_MAIN(TestAgentLimits)
#include "tst_agentlimits.moc"
