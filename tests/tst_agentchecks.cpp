// SPDX-License-Identifier: Apache-2.0
// The embedded agent's checks, fed by a real gRPC client on loopback with messages that break one rule each:
// every check must fire exactly where its rule is broken, and nowhere on good traffic. Traffic shaped as the
// Go exporter (KrakenD's) sends it gives quirks, counted exactly, and no violation.
#include "agent/agentrecorder.h"
#include "agent/embeddedagent.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.grpc.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.grpc.pb.h"

#include <QTest>

#include <grpcpp/grpcpp.h>

#include <thread>

using namespace ocw;
namespace agenttrace = opencensus::proto::agent::trace::v1;
namespace agentmetrics = opencensus::proto::agent::metrics::v1;
namespace metrics = opencensus::proto::metrics::v1;

Q_DECLARE_METATYPE(std::vector<agenttrace::ExportTraceServiceRequest>)
Q_DECLARE_METATYPE(std::vector<agentmetrics::ExportMetricsServiceRequest>)
using Counts = QMap<QString, std::uint64_t>; // name -> count, as AgentSnapshot keeps them

namespace {

opencensus::proto::agent::common::v1::Node node()
{
    opencensus::proto::agent::common::v1::Node n;
    n.mutable_service_info()->set_name("checks");
    n.mutable_identifier()->set_host_name("test");
    return n;
}

// A well-formed span: 16-byte trace id, 8-byte span id, a name, end after start.
opencensus::proto::trace::v1::Span span(char trace, char id, const std::string &parent = {})
{
    opencensus::proto::trace::v1::Span s;
    s.set_trace_id(std::string(16, trace));
    s.set_span_id(std::string(8, id));
    s.set_parent_span_id(parent);
    s.mutable_name()->set_value("GET /users");
    s.mutable_start_time()->set_seconds(100);
    s.mutable_end_time()->set_seconds(101);
    return s;
}

agenttrace::ExportTraceServiceRequest traces(std::initializer_list<opencensus::proto::trace::v1::Span> spans, bool withNode)
{
    agenttrace::ExportTraceServiceRequest r;
    if (withNode)
        *r.mutable_node() = node();
    for (const auto &s : spans)
        *r.add_spans() = s;
    return r;
}

// A cumulative distribution with one label key and one series, well formed unless told otherwise.
metrics::Metric distribution(const std::string &name, int labelValues, std::int64_t count)
{
    metrics::Metric m;
    auto *d = m.mutable_metric_descriptor();
    d->set_name(name);
    d->set_type(metrics::MetricDescriptor::CUMULATIVE_DISTRIBUTION);
    d->add_label_keys()->set_key("method");
    auto *series = m.add_timeseries();
    for (int i = 0; i < labelValues; ++i)
        series->add_label_values()->set_value("GET");
    auto *value = series->add_points()->mutable_distribution_value();
    value->set_count(count);
    value->mutable_bucket_options()->mutable_explicit_()->add_bounds(10);
    value->add_buckets()->set_count(2);
    value->add_buckets()->set_count(1);
    return m;
}

agentmetrics::ExportMetricsServiceRequest metricRequest(const metrics::Metric &metric, bool withNode)
{
    agentmetrics::ExportMetricsServiceRequest r;
    if (withNode)
        *r.mutable_node() = node();
    *r.add_metrics() = metric;
    return r;
}

// Writes `requests` on the stream `open(context)` opens, with `header` (name, value) as metadata unless its name
// is empty, and ends it cleanly: once Finish returns OK, the agent has read them all.
template <typename Request, typename Open>
grpc::Status sendOn(const Open &open, const std::vector<Request> &requests,
                    const std::pair<std::string, std::string> &header = {})
{
    grpc::ClientContext context;
    if (!header.first.empty())
        context.AddMetadata(header.first, header.second);
    auto stream = open(&context);
    for (const Request &r : requests) {
        if (!stream->Write(r))
            break;
    }
    stream->WritesDone();
    return stream->Finish();
}

template <typename Stub, typename Request>
grpc::Status send(Stub &stub, const std::vector<Request> &requests)
{
    return sendOn([&](grpc::ClientContext *context) { return stub.Export(context); }, requests);
}

// What the Go exporter (opencensus-go-exporter-ocagent v0.6.0, as KrakenD embeds it) puts on the wire: a Node
// with the host name from $HOSTNAME (nodeinfo.go; unset here, as under systemd), and the first message of each
// stream holding only the Node and the Resource; root spans with a parent id of 8 zero bytes
// (transform_spans.go), each span sent when it ends (children first); a view whose recording lacks a tag key
// sent with fewer label values than keys; headers on the trace Export stream only (ocagent.go).
namespace goexporter {

const std::pair<std::string, std::string> Header{"tenant", "team-a"};
constexpr int TraceCount = 3; // the traces a test sends

opencensus::proto::agent::common::v1::Node node()
{
    opencensus::proto::agent::common::v1::Node n;
    n.mutable_identifier()->set_pid(4242);
    n.mutable_identifier()->mutable_start_timestamp()->set_seconds(100);
    n.mutable_library_info()->set_language(opencensus::proto::agent::common::v1::LibraryInfo::GO_LANG);
    n.mutable_library_info()->set_exporter_version("0.6.0");
    n.mutable_library_info()->set_core_library_version("0.22.4");
    n.mutable_service_info()->set_name("krakend");
    return n;
}

opencensus::proto::resource::v1::Resource resource()
{
    opencensus::proto::resource::v1::Resource r;
    r.set_type("container");
    (*r.mutable_labels())["k8s.pod.name"] = "krakend-0";
    return r;
}

template <typename Request>
Request firstMessage()
{
    Request r;
    *r.mutable_node() = node();
    *r.mutable_resource() = resource();
    return r;
}

// `traces` traces of a router span, a pipe span under it and a backend span under that, over two messages:
// the two inner spans end first, the root last.
std::vector<agenttrace::ExportTraceServiceRequest> traceStream(int traces)
{
    std::vector<agenttrace::ExportTraceServiceRequest> requests{firstMessage<agenttrace::ExportTraceServiceRequest>()};
    agenttrace::ExportTraceServiceRequest inner;
    agenttrace::ExportTraceServiceRequest roots;
    for (char t = 0; t < traces; ++t) {
        *inner.add_spans() = span(char('A' + t), 'b', std::string(8, 'p'));
        *inner.add_spans() = span(char('A' + t), 'p', std::string(8, 'r'));
        *roots.add_spans() = span(char('A' + t), 'r', std::string(8, '\0'));
    }
    requests.push_back(inner);
    requests.push_back(roots);
    return requests;
}

// A count view by method and status whose recordings lack the status, and a latency distribution by method.
std::vector<agentmetrics::ExportMetricsServiceRequest> metricsStream()
{
    metrics::Metric count;
    auto *d = count.mutable_metric_descriptor();
    d->set_name("krakend.io/views/request_count");
    d->set_type(metrics::MetricDescriptor::CUMULATIVE_INT64);
    d->add_label_keys()->set_key("method");
    d->add_label_keys()->set_key("status");
    auto *series = count.add_timeseries();
    series->add_label_values()->set_value("GET");
    series->add_points()->set_int64_value(12);
    agentmetrics::ExportMetricsServiceRequest report;
    *report.add_metrics() = count;
    *report.add_metrics() = distribution("krakend.io/views/latency", 1, 3);
    return {firstMessage<agentmetrics::ExportMetricsServiceRequest>(), report};
}

} // namespace goexporter

} // namespace

class TestAgentChecks final : public QObject
{
    Q_OBJECT

private slots:
    // What a sender makes up cannot grow the agent without bound: Nodes and header names are listed up to a
    // limit and counted beyond it; a huge trace is checked in n log n; any timestamp is read without overflow.
    void theRecorderIsBoundedAndLinear()
    {
        AgentRecorder recorder;
        std::string service;
        for (int i = 0; i < int(AgentRecorder::ListedNodes) + 250; ++i) {
            auto request = traces({span('n', 'a')}, true);
            request.mutable_node()->mutable_identifier()->set_pid(std::uint32_t(i)); // a new Node each message
            recorder.traceRequest(request, true, service);
        }
        for (int i = 0; i < int(AgentRecorder::ListedHeaderNames) + 6; ++i)
            recorder.streamOpened(AgentRecorder::StreamKind::Trace, {{"x-made-up-" + std::to_string(i), "v"}, {"x-made-up-0", "w"}});
        AgentSnapshot s = recorder.snapshot();
        QCOMPARE(std::size_t(s.nodes.size()), AgentRecorder::ListedNodes);
        QCOMPARE(s.nodesNotListed, 250u);
        QCOMPARE(std::size_t(s.headerNames.size()), AgentRecorder::ListedHeaderNames);
        QCOMPARE(s.headerNamesNotListed, 6u);
        QCOMPARE(recorder.lastHeaderValue("x-made-up-0"), std::string("w"));

        // One trace of 300,000 spans, each the child of the one before, one of them pointing nowhere.
        constexpr int spans = 300000;
        const auto id = [](int n) {
            std::string bytes(8, '\0');
            for (int b = 0; b < 4; ++b)
                bytes[std::size_t(7 - b)] = char((n + 1) >> (8 * b));
            return bytes;
        };
        agenttrace::ExportTraceServiceRequest huge;
        for (int n = 0; n < spans; ++n)
            *huge.add_spans() = span('h', 'x', n == 0 ? std::string() : n == spans / 2 ? id(spans + 7) : id(n - 1));
        for (int n = 0; n < spans; ++n)
            huge.mutable_spans(n)->set_span_id(id(n));
        recorder.traceRequest(huge, false, service);
        recorder.checkRemainingTraces();
        s = recorder.snapshot();
        QCOMPARE(s.violations.value(QStringLiteral("parent_not_in_trace")), 1u);

        // Seconds past 2262 (int64 nanoseconds end there): a span of one second, read in order.
        auto late = span('l', 'a');
        late.mutable_start_time()->set_seconds(9223372036);
        late.mutable_end_time()->set_seconds(9223372037);
        auto ancient = span('l', 'b');
        ancient.mutable_start_time()->set_seconds(-9223372036854775807LL);
        ancient.mutable_end_time()->set_seconds(9223372036854775807LL);
        recorder.traceRequest(traces({late, ancient}, false), false, service);
        QCOMPARE(recorder.snapshot().violations.value(QStringLiteral("end_before_start")), 0u);
    }

    void eachCheckFiresWhereItsRuleIsBroken_data()
    {
        QTest::addColumn<std::vector<agenttrace::ExportTraceServiceRequest>>("traceRequests");
        QTest::addColumn<std::vector<agentmetrics::ExportMetricsServiceRequest>>("metricRequests");
        QTest::addColumn<QStringList>("violations"); // each once; empty: none at all
        QTest::addColumn<QStringList>("quirks");     // likewise

        using Traces = std::vector<agenttrace::ExportTraceServiceRequest>;
        using Metrics = std::vector<agentmetrics::ExportMetricsServiceRequest>;
        const auto one = [](const char *name) { return QStringList{QString::fromLatin1(name)}; };
        const QStringList none;
        const std::string rootId(8, 'a');
        // A trace with a root, a child and a grandchild, over two messages: nothing wrong.
        QTest::addRow("good traffic")
            << Traces{traces({span('t', 'a')}, true), traces({span('t', 'b', rootId), span('t', 'c', std::string(8, 'b'))}, false)}
            << Metrics{metricRequest(distribution("latency", 1, 3), true), metricRequest(distribution("latency", 1, 3), false)}
            << none << none;
        QTest::addRow("no node on a trace stream's first message")
            << Traces{traces({span('t', 'a')}, false)} << Metrics{} << one("node_missing_on_first_message") << none;
        QTest::addRow("no node on a metrics stream's first message")
            << Traces{} << Metrics{metricRequest(distribution("latency", 1, 3), false)} << one("node_missing_on_first_message") << none;
        auto shortTrace = span('t', 'a');
        shortTrace.set_trace_id(std::string(15, 't'));
        QTest::addRow("trace id of 15 bytes") << Traces{traces({shortTrace}, true)} << Metrics{} << one("trace_id_not_16_bytes") << none;
        auto longId = span('t', 'a');
        longId.set_span_id(std::string(9, 'a'));
        QTest::addRow("span id of 9 bytes") << Traces{traces({longId}, true)} << Metrics{} << one("span_id_not_8_bytes") << none;
        // A 4-byte id names no span of the trace either.
        QTest::addRow("parent id of 4 bytes") << Traces{traces({span('t', 'a'), span('t', 'b', std::string(4, 'a'))}, true)} << Metrics{}
                                              << QStringList{QStringLiteral("parent_not_in_trace"), QStringLiteral("parent_span_id_not_8_bytes")}
                                              << none;
        auto backwards = span('t', 'a');
        backwards.mutable_end_time()->set_seconds(99);
        QTest::addRow("end before start") << Traces{traces({backwards}, true)} << Metrics{} << one("end_before_start") << none;
        auto nameless = span('t', 'a');
        nameless.mutable_name()->clear_value();
        QTest::addRow("empty span name") << Traces{traces({nameless}, true)} << Metrics{} << one("span_name_empty") << none;
        QTest::addRow("parent not in its trace") << Traces{traces({span('t', 'a'), span('t', 'b', std::string(8, 'z'))}, true)} << Metrics{}
                                                 << one("parent_not_in_trace") << none;
        QTest::addRow("more label values than keys") << Traces{} << Metrics{metricRequest(distribution("latency", 2, 3), true)}
                                                     << one("label_values_more_than_keys") << none;
        QTest::addRow("distribution count not its buckets' sum") << Traces{} << Metrics{metricRequest(distribution("latency", 1, 4), true)}
                                                                 << one("distribution_count_not_bucket_sum") << none;
        QTest::addRow("empty metric name") << Traces{} << Metrics{metricRequest(distribution("", 1, 3), true)} << one("metric_name_empty")
                                           << none;

        // Quirks: what real senders do, one per row, and no violation.
        QTest::addRow("root with an all-zero parent id")
            << Traces{traces({span('t', 'a', std::string(8, '\0')), span('t', 'b', rootId)}, true)} << Metrics{} << none
            << one(Quirks::RootParentAllZero);
        auto hostless = traces({span('t', 'a')}, true);
        hostless.mutable_node()->mutable_identifier()->clear_host_name();
        QTest::addRow("node without a host name") << Traces{hostless} << Metrics{} << none << one(Quirks::NodeHostNameEmpty);
        QTest::addRow("fewer label values than keys") << Traces{} << Metrics{metricRequest(distribution("latency", 0, 3), true)} << none
                                                      << one(Quirks::LabelValuesFewerThanKeys);
    }

    void eachCheckFiresWhereItsRuleIsBroken()
    {
        QFETCH(std::vector<agenttrace::ExportTraceServiceRequest>, traceRequests);
        QFETCH(std::vector<agentmetrics::ExportMetricsServiceRequest>, metricRequests);
        QFETCH(QStringList, violations);
        QFETCH(QStringList, quirks);
        EmbeddedAgent agent(AgentOptions{});
        QVERIFY(agent.start().isEmpty());
        const auto channel = grpc::CreateChannel(AgentAddress::loopback(agent.port()).grpcTarget().toStdString(), grpc::InsecureChannelCredentials());
        if (!traceRequests.empty()) {
            auto stub = agenttrace::TraceService::NewStub(channel);
            const grpc::Status status = send(*stub, traceRequests);
            QVERIFY2(status.ok(), status.error_message().c_str());
        }
        if (!metricRequests.empty()) {
            auto stub = agentmetrics::MetricsService::NewStub(channel);
            const grpc::Status status = send(*stub, metricRequests);
            QVERIFY2(status.ok(), status.error_message().c_str());
        }
        agent.recorder().checkRemainingTraces();
        const AgentSnapshot s = agent.snapshot();
        // Those violations and quirks, once each, and no other.
        QCOMPARE(s.violations.keys(), violations);
        for (const QString &v : violations)
            QCOMPARE(s.violations.value(v), 1u);
        QCOMPARE(s.quirks.keys(), quirks);
        for (const QString &q : quirks)
            QCOMPARE(s.quirks.value(q), 1u);
        if (violations.isEmpty() && quirks.isEmpty()) {
            QCOMPARE(s.spans, 3u);
            QCOMPARE(s.traces, 1u);
            QCOMPARE(s.points, 2u);
            QCOMPARE(s.metricsByType, (Counts{{QStringLiteral("cumulative_distribution"), 2}}));
        }
    }

    // The Go exporter's traffic against an agent that requires no header, and against one that requires the
    // header it sends: only its trace stream carries it, so its metrics and Config streams are refused.
    void goExporterTrafficGivesQuirksNotViolations_data()
    {
        QTest::addColumn<bool>("requireHeader");
        QTest::addColumn<Counts>("quirks");
        QTest::addColumn<std::uint64_t>("refused");
        QTest::addColumn<Counts>("metricsByType");
        const auto quirk = [](const char *name) { return QString::fromLatin1(name); };
        // Each stream's first message carries a Node without a host name; every trace has one root.
        QTest::addRow("no header required")
            << false
            << Counts{{quirk(Quirks::RootParentAllZero), goexporter::TraceCount}, {quirk(Quirks::NodeHostNameEmpty), 3},
                      {quirk(Quirks::LabelValuesFewerThanKeys), 1}}
            << std::uint64_t(0)
            << Counts{{QStringLiteral("cumulative_int64"), 1}, {QStringLiteral("cumulative_distribution"), 1}};
        QTest::addRow("header required")
            << true
            << Counts{{quirk(Quirks::RootParentAllZero), goexporter::TraceCount}, {quirk(Quirks::NodeHostNameEmpty), 1},
                      {quirk(Quirks::StreamWithoutRequiredHeader), 2}}
            << std::uint64_t(2) << Counts{};
    }

    void goExporterTrafficGivesQuirksNotViolations()
    {
        QFETCH(bool, requireHeader);
        QFETCH(Counts, quirks);
        QFETCH(std::uint64_t, refused);
        QFETCH(Counts, metricsByType);
        AgentOptions options;
        if (requireHeader) {
            options.requiredHeaderName = QString::fromStdString(goexporter::Header.first);
            options.requiredHeaderValue = QString::fromStdString(goexporter::Header.second);
        }
        EmbeddedAgent agent(options);
        QVERIFY(agent.start().isEmpty());
        const auto channel =
            grpc::CreateChannel(AgentAddress::loopback(agent.port()).grpcTarget().toStdString(), grpc::InsecureChannelCredentials());
        auto traceStub = agenttrace::TraceService::NewStub(channel);
        auto metricsStub = agentmetrics::MetricsService::NewStub(channel);
        const grpc::StatusCode withoutHeader = requireHeader ? grpc::StatusCode::UNAUTHENTICATED : grpc::StatusCode::OK;

        const grpc::Status traces = sendOn([&](grpc::ClientContext *c) { return traceStub->Export(c); },
                                           goexporter::traceStream(goexporter::TraceCount), goexporter::Header);
        QVERIFY2(traces.ok(), traces.error_message().c_str());
        agenttrace::CurrentLibraryConfig config;
        *config.mutable_node() = goexporter::node();
        const grpc::Status configStatus = sendOn([&](grpc::ClientContext *c) { return traceStub->Config(c); }, std::vector{config});
        QCOMPARE(configStatus.error_code(), withoutHeader);
        const grpc::Status metricsStatus = sendOn([&](grpc::ClientContext *c) { return metricsStub->Export(c); },
                                                  goexporter::metricsStream());
        QCOMPARE(metricsStatus.error_code(), withoutHeader);

        agent.recorder().checkRemainingTraces();
        const AgentSnapshot s = agent.snapshot();
        QVERIFY2(s.violations.isEmpty(), qPrintable(QStringList(s.violations.keys()).join(u", ")));
        QCOMPARE(s.quirks, quirks);
        QCOMPARE(s.rejectedUnauthenticated, refused);
        QCOMPARE(s.spans, std::uint64_t(3 * goexporter::TraceCount));
        QCOMPARE(s.traces, std::uint64_t(goexporter::TraceCount));
        QCOMPARE(s.metricsByType, metricsByType);
        QCOMPARE(s.nodes.size(), 1);
        QCOMPARE(s.nodes.first().language, QStringLiteral("GO_LANG"));
        // The views show those roots as roots.
        const QList<KeptTrace> kept = agent.recorder().keptTraces();
        QCOMPARE(kept.size(), qsizetype(goexporter::TraceCount));
        QVERIFY(std::all_of(kept.begin(), kept.end(), [](const KeptTrace &t) {
            return t.rootSeen() && std::count_if(t.spans.begin(), t.spans.end(), [](const ReceivedSpan &r) { return r.parentSpanId.isEmpty(); }) == 1;
        }));
    }

    // A trace's parent links are checked once it has been quiet for the quiet period, not only at the end,
    // so live counts mean something; a trace still receiving spans waits, however long ago it began.
    void tracesAreCheckedOnceQuiet()
    {
        constexpr auto Quiet = std::chrono::milliseconds(1000);
        AgentRecorder recorder(Quiet);
        std::string service;
        // Trace A's root comes last, as the Go exporter sends it; trace B's parent never comes.
        recorder.traceRequest(traces({span('A', 'c', std::string(8, 'r')), span('B', 'c', std::string(8, 'z'))}, true), true,
                              service);
        QVERIFY(recorder.snapshot().violations.isEmpty());
        std::this_thread::sleep_for(Quiet + std::chrono::milliseconds(200));
        // B has been quiet for longer than the period: checked now. A began as long ago but has just received a span.
        recorder.traceRequest(traces({span('A', 'g', std::string(8, 'c'))}, false), false, service);
        QCOMPARE(recorder.snapshot().violations, (Counts{{QStringLiteral("parent_not_in_trace"), 1}}));
        recorder.traceRequest(traces({span('A', 'r', std::string(8, '\0'))}, false), false, service);
        recorder.checkRemainingTraces();
        QCOMPARE(recorder.snapshot().violations, (Counts{{QStringLiteral("parent_not_in_trace"), 1}}));
        QCOMPARE(recorder.snapshot().traces, 2u);
    }
};

QTEST_GUILESS_MAIN(TestAgentChecks)
#include "tst_agentchecks.moc"
