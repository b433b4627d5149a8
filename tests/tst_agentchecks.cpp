// SPDX-License-Identifier: Apache-2.0
// The embedded agent's checks, fed by a real gRPC client on loopback with messages that break one rule each:
// every check must fire exactly where its rule is broken, and nowhere on good traffic.
#include "agent/agentrecorder.h"
#include "agent/embeddedagent.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.grpc.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.grpc.pb.h"

#include <QTest>

#include <grpcpp/grpcpp.h>

using namespace ocw;
namespace agenttrace = opencensus::proto::agent::trace::v1;
namespace agentmetrics = opencensus::proto::agent::metrics::v1;
namespace metrics = opencensus::proto::metrics::v1;

Q_DECLARE_METATYPE(std::vector<agenttrace::ExportTraceServiceRequest>)
Q_DECLARE_METATYPE(std::vector<agentmetrics::ExportMetricsServiceRequest>)

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

// Writes `requests` on one stream of `method` and ends it cleanly: once Finish returns OK, the agent has read them all.
template <typename Stub, typename Request>
grpc::Status send(Stub &stub, const std::vector<Request> &requests)
{
    grpc::ClientContext context;
    auto stream = stub.Export(&context);
    for (const Request &r : requests) {
        if (!stream->Write(r))
            break;
    }
    stream->WritesDone();
    return stream->Finish();
}

} // namespace

class TestAgentChecks final : public QObject
{
    Q_OBJECT

private slots:
    void eachCheckFiresWhereItsRuleIsBroken_data()
    {
        QTest::addColumn<std::vector<agenttrace::ExportTraceServiceRequest>>("traceRequests");
        QTest::addColumn<std::vector<agentmetrics::ExportMetricsServiceRequest>>("metricRequests");
        QTest::addColumn<QStringList>("violations"); // each once; empty: none at all

        using Traces = std::vector<agenttrace::ExportTraceServiceRequest>;
        using Metrics = std::vector<agentmetrics::ExportMetricsServiceRequest>;
        const std::string rootId(8, 'a');
        // A trace with a root, a child and a grandchild, over two messages: nothing wrong.
        QTest::addRow("good traffic") << Traces{traces({span('t', 'a')}, true), traces({span('t', 'b', rootId), span('t', 'c', std::string(8, 'b'))}, false)}
                                      << Metrics{metricRequest(distribution("latency", 1, 3), true), metricRequest(distribution("latency", 1, 3), false)}
                                      << QStringList();
        QTest::addRow("no node on a trace stream's first message")
            << Traces{traces({span('t', 'a')}, false)} << Metrics{} << QStringList{QStringLiteral("node_missing_on_first_message")};
        QTest::addRow("no node on a metrics stream's first message")
            << Traces{} << Metrics{metricRequest(distribution("latency", 1, 3), false)} << QStringList{QStringLiteral("node_missing_on_first_message")};
        auto shortTrace = span('t', 'a');
        shortTrace.set_trace_id(std::string(15, 't'));
        QTest::addRow("trace id of 15 bytes") << Traces{traces({shortTrace}, true)} << Metrics{} << QStringList{QStringLiteral("trace_id_not_16_bytes")};
        auto longId = span('t', 'a');
        longId.set_span_id(std::string(9, 'a'));
        QTest::addRow("span id of 9 bytes") << Traces{traces({longId}, true)} << Metrics{} << QStringList{QStringLiteral("span_id_not_8_bytes")};
        // A 4-byte id names no span of the trace either.
        QTest::addRow("parent id of 4 bytes") << Traces{traces({span('t', 'a'), span('t', 'b', std::string(4, 'a'))}, true)} << Metrics{}
                                              << QStringList{QStringLiteral("parent_not_in_trace"), QStringLiteral("parent_span_id_not_8_bytes")};
        auto backwards = span('t', 'a');
        backwards.mutable_end_time()->set_seconds(99);
        QTest::addRow("end before start") << Traces{traces({backwards}, true)} << Metrics{} << QStringList{QStringLiteral("end_before_start")};
        auto nameless = span('t', 'a');
        nameless.mutable_name()->clear_value();
        QTest::addRow("empty span name") << Traces{traces({nameless}, true)} << Metrics{} << QStringList{QStringLiteral("span_name_empty")};
        QTest::addRow("parent not in its trace") << Traces{traces({span('t', 'a'), span('t', 'b', std::string(8, 'z'))}, true)} << Metrics{}
                                                 << QStringList{QStringLiteral("parent_not_in_trace")};
        QTest::addRow("fewer label values than keys") << Traces{} << Metrics{metricRequest(distribution("latency", 0, 3), true)}
                                                      << QStringList{QStringLiteral("label_values_not_matching_keys")};
        QTest::addRow("distribution count not its buckets' sum") << Traces{} << Metrics{metricRequest(distribution("latency", 1, 4), true)}
                                                                 << QStringList{QStringLiteral("distribution_count_not_bucket_sum")};
        QTest::addRow("empty metric name") << Traces{} << Metrics{metricRequest(distribution("", 1, 3), true)} << QStringList{QStringLiteral("metric_name_empty")};
    }

    void eachCheckFiresWhereItsRuleIsBroken()
    {
        QFETCH(std::vector<agenttrace::ExportTraceServiceRequest>, traceRequests);
        QFETCH(std::vector<agentmetrics::ExportMetricsServiceRequest>, metricRequests);
        QFETCH(QStringList, violations);
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
        if (violations.isEmpty()) {
            QVERIFY2(s.violations.isEmpty(), qPrintable(QStringList(s.violations.keys()).join(u", ")));
            QCOMPARE(s.spans, 3u);
            QCOMPARE(s.traces, 1u);
            QCOMPARE(s.points, 2u);
            return;
        }
        // Those violations, once each, and no other.
        QCOMPARE(s.violations.keys(), violations);
        for (const QString &v : violations)
            QCOMPARE(s.violations.value(v), 1u);
    }
};

QTEST_GUILESS_MAIN(TestAgentChecks)
#include "tst_agentchecks.moc"
