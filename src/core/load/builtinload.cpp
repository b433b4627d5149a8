// SPDX-License-Identifier: Apache-2.0
#include "builtinload.h"

#include <array>

namespace ocw {

namespace {

using namespace opencensus::proto::trace::v1;
using namespace opencensus::proto::metrics::v1;

constexpr std::array kEndpoints{"/v1/orders/{id}", "/v1/users/{id}", "/v1/catalog", "/v1/cart", "/v1/checkout"};
constexpr std::array kBackends{"orders:8000", "users:8000", "catalog:8000", "cart:8000", "payments:8000"};
constexpr std::array kLatencyBoundsMs{5.0, 10.0, 25.0, 50.0, 100.0};

void setTime(google::protobuf::Timestamp *t, std::chrono::system_clock::time_point at)
{
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
    t->set_seconds(ns / 1000000000);
    t->set_nanos(int(ns % 1000000000));
}

void setString(AttributeValue &value, const std::string &text)
{
    value.mutable_string_value()->set_value(text);
}

std::string bytes(std::mt19937_64 &random, int count)
{
    std::string id(std::size_t(count), '\0');
    for (int i = 0; i < count; i += 8) {
        const std::uint64_t r = random();
        for (int j = 0; j < 8 && i + j < count; ++j)
            id[std::size_t(i + j)] = char((r >> (8 * j)) & 0xFF);
    }
    return id;
}

} // namespace

BuiltinLoad::BuiltinLoad(QString serviceName, std::uint64_t seed)
    : m_service(std::move(serviceName)), m_random(seed), m_start(std::chrono::system_clock::now())
{
}

void BuiltinLoad::appendTrace(EncodedSpans &out, std::chrono::system_clock::time_point now)
{
    const std::size_t endpoint = m_random() % kEndpoints.size();
    const std::string traceId = bytes(m_random, 16);
    const auto backendMs = 2 + int(m_random() % 60);
    const auto total = std::chrono::milliseconds(backendMs + 3);
    const bool failed = m_random() % 50 == 0;
    const std::string routerId = bytes(m_random, 8);
    const std::string pipeId = bytes(m_random, 8);
    const std::string backendId = bytes(m_random, 8);
    const auto start = now - total;

    // Every field is overwritten on every trace, so the objects (and their map nodes) are reused.
    // Children end before their parents: spans are encoded in the order they end, as a tracer exports them.
    m_backend.set_trace_id(traceId);
    m_backend.set_span_id(backendId);
    m_backend.set_parent_span_id(pipeId);
    m_backend.mutable_name()->set_value(std::string("GET http://") + kBackends[endpoint] + kEndpoints[endpoint]);
    m_backend.set_kind(Span::CLIENT);
    setTime(m_backend.mutable_start_time(), start + std::chrono::milliseconds(2));
    setTime(m_backend.mutable_end_time(), start + std::chrono::milliseconds(2 + backendMs));
    auto &backendAttributes = *m_backend.mutable_attributes()->mutable_attribute_map();
    setString(backendAttributes["http.method"], "GET");
    setString(backendAttributes["http.host"], kBackends[endpoint]);
    backendAttributes["http.status_code"].set_int_value(failed ? 503 : 200);
    m_backend.mutable_status()->set_code(failed ? 14 : 0);
    m_backend.mutable_status()->set_message(failed ? "backend unavailable" : "");
    out.append(m_backend);

    m_pipe.set_trace_id(traceId);
    m_pipe.set_span_id(pipeId);
    m_pipe.set_parent_span_id(routerId);
    m_pipe.mutable_name()->set_value(std::string("[proxy] ") + kEndpoints[endpoint]);
    setTime(m_pipe.mutable_start_time(), start + std::chrono::milliseconds(1));
    setTime(m_pipe.mutable_end_time(), start + std::chrono::milliseconds(3 + backendMs));
    setString((*m_pipe.mutable_attributes()->mutable_attribute_map())["krakend.stage"], "pipe");
    out.append(m_pipe);

    m_router.set_trace_id(traceId);
    m_router.set_span_id(routerId);
    m_router.mutable_name()->set_value(kEndpoints[endpoint]);
    m_router.set_kind(Span::SERVER);
    setTime(m_router.mutable_start_time(), start);
    setTime(m_router.mutable_end_time(), now);
    auto &routerAttributes = *m_router.mutable_attributes()->mutable_attribute_map();
    setString(routerAttributes["http.method"], "GET");
    setString(routerAttributes["http.path"], kEndpoints[endpoint]);
    setString(routerAttributes["http.user_agent"], "ocworkbench-load");
    routerAttributes["http.status_code"].set_int_value(failed ? 500 : 200);
    m_router.mutable_status()->set_code(failed ? 2 : 0);
    out.append(m_router);

    const double latency = double(total.count());
    std::size_t bucket = 0;
    while (bucket < kLatencyBoundsMs.size() && latency >= kLatencyBoundsMs[bucket])
        ++bucket;
    ++m_latencyBuckets[bucket];
    m_latencySum += latency;
    ++m_latencyCount;
}

std::vector<Metric> BuiltinLoad::metrics(std::chrono::system_clock::time_point now, std::uint64_t requestsSoFar)
{
    std::vector<Metric> metrics(3);

    Metric &count = metrics[0];
    auto *countDescriptor = count.mutable_metric_descriptor();
    countDescriptor->set_name("opencensus.io/http/server/request_count");
    countDescriptor->set_description("Count of HTTP requests started");
    countDescriptor->set_unit("1");
    countDescriptor->set_type(MetricDescriptor::CUMULATIVE_INT64);
    countDescriptor->add_label_keys()->set_key("http_method");
    auto *countSeries = count.add_timeseries();
    setTime(countSeries->mutable_start_timestamp(), m_start);
    auto *method = countSeries->add_label_values();
    method->set_value("GET");
    method->set_has_value(true);
    auto *countPoint = countSeries->add_points();
    setTime(countPoint->mutable_timestamp(), now);
    countPoint->set_int64_value(std::int64_t(requestsSoFar));

    Metric &latency = metrics[1];
    auto *latencyDescriptor = latency.mutable_metric_descriptor();
    latencyDescriptor->set_name("opencensus.io/http/server/latency");
    latencyDescriptor->set_description("Latency distribution of HTTP requests");
    latencyDescriptor->set_unit("ms");
    latencyDescriptor->set_type(MetricDescriptor::CUMULATIVE_DISTRIBUTION);
    auto *latencySeries = latency.add_timeseries();
    setTime(latencySeries->mutable_start_timestamp(), m_start);
    auto *latencyPoint = latencySeries->add_points();
    setTime(latencyPoint->mutable_timestamp(), now);
    auto *distribution = latencyPoint->mutable_distribution_value();
    distribution->set_count(std::int64_t(m_latencyCount));
    distribution->set_sum(m_latencySum);
    for (const double bound : kLatencyBoundsMs)
        distribution->mutable_bucket_options()->mutable_explicit_()->add_bounds(bound);
    for (const std::uint64_t n : m_latencyBuckets)
        distribution->add_buckets()->set_count(std::int64_t(n));

    Metric &gauge = metrics[2];
    auto *gaugeDescriptor = gauge.mutable_metric_descriptor();
    gaugeDescriptor->set_name("krakend/router/connected_clients");
    gaugeDescriptor->set_description("Clients connected to the router");
    gaugeDescriptor->set_unit("1");
    gaugeDescriptor->set_type(MetricDescriptor::GAUGE_INT64);
    auto *gaugePoint = gauge.add_timeseries()->add_points();
    setTime(gaugePoint->mutable_timestamp(), now);
    gaugePoint->set_int64_value(std::int64_t(20 + m_random() % 30));
    return metrics;
}

} // namespace ocw
