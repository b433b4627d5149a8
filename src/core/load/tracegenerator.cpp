// SPDX-License-Identifier: Apache-2.0
#include "tracegenerator.h"

#include <algorithm>
#include <array>

namespace ocw {

namespace {

using opencensus::proto::trace::v1::AttributeValue;
using opencensus::proto::trace::v1::Span_TimeEvent_MessageEvent;
using opencensus::proto::trace::v1::Span_Link;

constexpr std::array kAnnotations{"cache miss", "retrying request", "response merged", "circuit closed"};
constexpr std::array kUserAgents{"curl/8.4.0", "Mozilla/5.0", "okhttp/4.12.0", "Go-http-client/1.1"};
constexpr std::int64_t kNanosPerMs = 1000000;

void setTime(google::protobuf::Timestamp *t, std::int64_t nanos)
{
    t->set_seconds(nanos / 1000000000);
    t->set_nanos(int(nanos % 1000000000));
}

void setString(AttributeValue &value, const std::string &text)
{
    value.mutable_string_value()->set_value(text);
}

int draw(Random &random, IntRange range)
{
    return int(random.between(range.min, std::max(range.min, range.max)));
}

} // namespace

TraceGenerator::TraceGenerator(TraceShape shape, std::uint64_t seed)
    : m_shape(std::move(shape)), m_random(seed)
{
}

std::string TraceGenerator::newId(int bytes)
{
    std::string id(std::size_t(bytes), '\0');
    for (int i = 0; i < bytes; i += 8) {
        std::uint64_t r = m_random.next();
        if (i == 0 && r == 0)
            r = 1; // an all-zero id is invalid in OpenCensus
        for (int j = 0; j < 8 && i + j < bytes; ++j)
            id[std::size_t(i + j)] = char((r >> (8 * j)) & 0xFF);
    }
    return id;
}

Span *TraceGenerator::newSpan(const std::string &traceId, const std::string &parentId, Timing timing)
{
    Span *span = google::protobuf::Arena::CreateMessage<Span>(&m_arena);
    span->set_trace_id(traceId);
    span->set_span_id(newId(8));
    if (!parentId.empty())
        span->set_parent_span_id(parentId);
    setTime(span->mutable_start_time(), timing.start);
    setTime(span->mutable_end_time(), timing.end);
    span->mutable_same_process_as_parent_span()->set_value(!parentId.empty());
    return span;
}

TraceGenerator::Timing TraceGenerator::childTiming(Timing parent, int index, int siblings)
{
    // Children run one after another inside their parent, each taking part of its time.
    const std::int64_t length = std::max<std::int64_t>(parent.end - parent.start, siblings + 1);
    const std::int64_t slot = length / (siblings + 1);
    const std::int64_t start = parent.start + slot / 2 + slot * index;
    const std::int64_t duration = std::max<std::int64_t>(1, slot / 2 + std::int64_t(m_random.below(std::uint64_t(slot / 2 + 1))));
    return {start, std::min(start + duration, parent.end)};
}

void TraceGenerator::addAttributes(Span &span)
{
    const auto &specs = m_shape.attributes;
    if (specs.empty())
        return;
    auto &map = *span.mutable_attributes()->mutable_attribute_map();
    const int count = m_shape.attributesPerSpan <= 0 ? int(specs.size()) : std::min<int>(m_shape.attributesPerSpan, int(specs.size()));
    const std::size_t first = count == int(specs.size()) ? 0 : std::size_t(m_random.below(specs.size()));
    for (int i = 0; i < count; ++i) {
        const AttributeSpec &spec = specs[(first + std::size_t(i)) % specs.size()];
        AttributeValue &value = map[spec.key];
        switch (spec.kind) {
        case AttributeSpec::Kind::Strings:
            setString(value, spec.values.empty() ? std::string() : spec.values[m_random.below(spec.values.size())]);
            break;
        case AttributeSpec::Kind::Ids:
            setString(value, spec.prefix + std::to_string(m_random.below(std::max<std::uint64_t>(spec.cardinality, 1))));
            break;
        case AttributeSpec::Kind::Ints:
            if (spec.cardinality > 0)
                value.set_int_value(spec.min + std::int64_t(m_random.below(spec.cardinality)));
            else
                value.set_int_value(m_random.between(spec.min, spec.max));
            break;
        case AttributeSpec::Kind::Doubles:
            if (spec.cardinality > 1)
                value.set_double_value(spec.doubleMin + (spec.doubleMax - spec.doubleMin) * double(m_random.below(spec.cardinality))
                                                            / double(spec.cardinality - 1));
            else
                value.set_double_value(spec.doubleMin + (spec.doubleMax - spec.doubleMin) * m_random.unit());
            break;
        case AttributeSpec::Kind::Bools:
            value.set_bool_value(m_random.below(2) == 1);
            break;
        }
    }
}

void TraceGenerator::decorate(Span &span, bool failed)
{
    addAttributes(span);
    const std::int64_t start = span.start_time().seconds() * 1000000000 + span.start_time().nanos();
    const std::int64_t end = span.end_time().seconds() * 1000000000 + span.end_time().nanos();
    auto *events = span.mutable_time_events();
    const int annotations = draw(m_random, m_shape.annotations);
    for (int i = 0; i < annotations; ++i) {
        auto *event = events->add_time_event();
        setTime(event->mutable_time(), start + std::int64_t(m_random.below(std::uint64_t(std::max<std::int64_t>(end - start, 1)))));
        event->mutable_annotation()->mutable_description()->set_value(kAnnotations[m_random.below(kAnnotations.size())]);
    }
    const int messages = draw(m_random, m_shape.messageEvents);
    for (int i = 0; i < messages; ++i) {
        auto *event = events->add_time_event();
        setTime(event->mutable_time(), start + std::int64_t(m_random.below(std::uint64_t(std::max<std::int64_t>(end - start, 1)))));
        auto *message = event->mutable_message_event();
        message->set_type(i % 2 == 0 ? Span_TimeEvent_MessageEvent::SENT : Span_TimeEvent_MessageEvent::RECEIVED);
        message->set_id(std::uint64_t(i + 1));
        const std::uint64_t size = 200 + m_random.below(20000);
        message->set_uncompressed_size(size);
        message->set_compressed_size(size / 3);
    }
    if (!events->time_event_size())
        span.clear_time_events();
    const int links = m_lastTraceId.empty() ? 0 : draw(m_random, m_shape.links);
    for (int i = 0; i < links; ++i) {
        auto *link = span.mutable_links()->add_link();
        link->set_trace_id(m_lastTraceId);
        link->set_span_id(newId(8));
        link->set_type(Span_Link::PARENT_LINKED_SPAN);
    }
    if (failed) {
        span.mutable_status()->set_code(2);
        span.mutable_status()->set_message("internal error");
    }
}

std::size_t TraceGenerator::krakendTrace(EncodedSpans &out, const std::string &traceId, Timing root, bool failed)
{
    const std::string &endpoint = m_shape.endpoints.empty() ? std::string("/")
                                                            : m_shape.endpoints[m_random.below(m_shape.endpoints.size())];
    Span *router = newSpan(traceId, {}, root);
    router->mutable_name()->set_value(endpoint);
    router->set_kind(Span::SERVER);
    const Timing pipeTiming = childTiming(root, 0, 1);
    Span *pipe = newSpan(traceId, router->span_id(), pipeTiming);
    pipe->mutable_name()->set_value("pipe-" + endpoint);

    std::size_t spans = 0;
    const int backends = draw(m_random, m_shape.backends);
    const int failing = failed ? int(m_random.below(std::uint64_t(backends))) : -1;
    for (int b = 0; b < backends; ++b) {
        const std::string pattern = "/backend" + std::to_string(b) + endpoint;
        const Timing backendTiming = childTiming(pipeTiming, b, backends);
        Span *backend = newSpan(traceId, pipe->span_id(), backendTiming);
        backend->mutable_name()->set_value("backend-" + pattern);
        Span *client = newSpan(traceId, backend->span_id(), childTiming(backendTiming, 0, 1));
        client->mutable_name()->set_value(pattern);
        client->set_kind(Span::CLIENT);
        auto &clientAttributes = *client->mutable_attributes()->mutable_attribute_map();
        setString(clientAttributes["http.path"], pattern);
        setString(clientAttributes["http.host"], "backend-" + std::to_string(b) + ":8080");
        setString(clientAttributes["http.method"], "GET");
        clientAttributes["http.status_code"].set_int_value(b == failing ? 503 : 200);
        decorate(*client, b == failing);
        if (b == failing)
            client->mutable_status()->set_code(14);
        out.append(*client, m_deterministic);
        auto &backendAttributes = *backend->mutable_attributes()->mutable_attribute_map();
        backendAttributes["complete"].set_bool_value(b != failing);
        if (b == failing)
            setString(backendAttributes["error"], "invalid status code");
        decorate(*backend, b == failing);
        out.append(*backend, m_deterministic);
        spans += 2;
    }
    (*pipe->mutable_attributes()->mutable_attribute_map())["complete"].set_bool_value(!failed);
    decorate(*pipe, failed);
    out.append(*pipe, m_deterministic);

    auto &routerAttributes = *router->mutable_attributes()->mutable_attribute_map();
    setString(routerAttributes["http.path"], endpoint);
    setString(routerAttributes["http.url"], endpoint);
    setString(routerAttributes["http.host"], "gateway:8080");
    setString(routerAttributes["http.method"], "GET");
    setString(routerAttributes["http.user_agent"], kUserAgents[m_random.below(kUserAgents.size())]);
    routerAttributes["http.status_code"].set_int_value(failed ? 500 : 200);
    decorate(*router, failed);
    out.append(*router, m_deterministic);
    return spans + 2;
}

std::size_t TraceGenerator::customSubtree(EncodedSpans &out, const std::string &traceId, const std::string &parentId,
                                          Timing timing, int level, int depth, bool failed)
{
    Span *span = newSpan(traceId, parentId, timing);
    const auto &ops = m_shape.operations;
    const auto &services = m_shape.services;
    const std::string service = services.empty() ? std::string("service") : services[std::size_t(level) % services.size()];
    span->mutable_name()->set_value(service + "." + (ops.empty() ? std::string("op") : ops[m_random.below(ops.size())]));
    span->set_kind(level == 0 ? Span::SERVER : level + 1 == depth ? Span::CLIENT : Span::SPAN_KIND_UNSPECIFIED);
    std::size_t spans = 1;
    if (level + 1 < depth) {
        const int children = draw(m_random, m_shape.fanOut);
        const std::string id = span->span_id(); // the arena keeps `span` alive; copy the id for the children
        for (int c = 0; c < children; ++c)
            spans += customSubtree(out, traceId, id, childTiming(timing, c, children), level + 1, depth, failed && c == 0);
    }
    setString((*span->mutable_attributes()->mutable_attribute_map())["service.name"], service);
    decorate(*span, failed);
    out.append(*span, m_deterministic);
    return spans;
}

std::size_t TraceGenerator::appendTrace(EncodedSpans &out, std::int64_t startNanos)
{
    const std::string traceId = newId(16);
    const double ms = std::max(0.05, m_random.logNormal(m_shape.durationMedianMs, m_shape.durationP99Ms));
    const Timing root{startNanos, startNanos + std::max<std::int64_t>(1, std::int64_t(ms * double(kNanosPerMs)))};
    const bool failed = m_random.chance(m_shape.errorRatio);
    const std::size_t spans = m_shape.preset == TraceShape::Preset::KrakenD
                                  ? krakendTrace(out, traceId, root, failed)
                                  : customSubtree(out, traceId, {}, root, 0, std::max(1, draw(m_random, m_shape.depth)), failed);
    m_lastTraceId = traceId;
    m_arena.Reset(); // every span of this trace is encoded: the block is free for the next one
    return spans;
}

} // namespace ocw
