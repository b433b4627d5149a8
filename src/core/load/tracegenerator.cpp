// SPDX-License-Identifier: Apache-2.0
#include "tracegenerator.h"

#include <algorithm>
#include <array>

namespace ocw {

namespace {

constexpr std::array kAnnotations{"cache miss", "retrying request", "response merged", "circuit closed"};
constexpr std::array kUserAgents{"curl/8.4.0", "Mozilla/5.0", "okhttp/4.12.0", "Go-http-client/1.1"};
constexpr std::int64_t kNanosPerMs = 1000000;
constexpr int kServer = 1; // Span.SpanKind
constexpr int kClient = 2;
// Keeps a trace's structure draws apart from its content's (and from the sampler's, which uses the seed too).
constexpr std::uint64_t kStructureSalt = 0x57C0C7A3E5ULL;

int draw(Random &random, IntRange range)
{
    return int(random.between(range.min, std::max(range.min, range.max)));
}

} // namespace

TraceGenerator::TraceGenerator(TraceShape shape, std::uint64_t seed, SpanWireForm form)
    : m_shape(std::move(shape)), m_seed(seed), m_writer(form)
{
}

void TraceGenerator::beginTrace(std::uint64_t index)
{
    // The previous trace's id is its content's first draw: known whether that trace was made or not.
    if (index > 0) {
        m_random = Random(Random::at(m_seed, index - 1));
        newId(m_lastTraceId, 16);
    }
    m_random = Random(Random::at(m_seed, index));
    m_structure = Random(Random::at(m_seed ^ kStructureSalt, index));
}

int TraceGenerator::drawBackends()
{
    return draw(m_structure, m_shape.backends);
}

int TraceGenerator::drawDepth()
{
    return std::max(1, draw(m_structure, m_shape.depth));
}

int TraceGenerator::drawFanOut()
{
    return draw(m_structure, m_shape.fanOut);
}

std::size_t TraceGenerator::customSpanCount(int level, int depth)
{
    // The same structure draws, in the same order, as customSubtree takes them.
    std::size_t spans = 1;
    if (level + 1 < depth) {
        const int children = drawFanOut();
        for (int c = 0; c < children; ++c)
            spans += customSpanCount(level + 1, depth);
    }
    return spans;
}

std::size_t TraceGenerator::nextTraceSpans()
{
    m_structure = Random(Random::at(m_seed ^ kStructureSalt, m_next));
    return m_shape.preset == TraceShape::Preset::KrakenD ? 2 + 2 * std::size_t(drawBackends()) : customSpanCount(0, drawDepth());
}

std::size_t TraceGenerator::skipTrace()
{
    const std::size_t spans = nextTraceSpans();
    ++m_next;
    return spans;
}

void TraceGenerator::newId(std::string &id, int bytes)
{
    id.resize(std::size_t(bytes));
    for (int i = 0; i < bytes; i += 8) {
        std::uint64_t r = m_random.next();
        if (i == 0 && r == 0)
            r = 1; // an all-zero id is invalid in OpenCensus
        for (int j = 0; j < 8 && i + j < bytes; ++j)
            id[std::size_t(i + j)] = char((r >> (8 * j)) & 0xFF);
    }
}

SpanData &TraceGenerator::newSpan(const std::string &traceId, const std::string &parentId, Timing timing)
{
    if (m_used == m_pool.size())
        m_pool.emplace_back();
    SpanData &span = m_pool[m_used++];
    span.reset();
    span.traceId = traceId;
    newId(span.spanId, 8);
    span.parentSpanId = parentId;
    span.start = timing.start;
    span.end = timing.end;
    span.sameProcessAsParent = !parentId.empty();
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

void TraceGenerator::addAttributes(SpanData &span)
{
    const auto &specs = m_shape.attributes;
    if (specs.empty())
        return;
    const int count = m_shape.attributesPerSpan <= 0 ? int(specs.size()) : std::min<int>(m_shape.attributesPerSpan, int(specs.size()));
    const std::size_t first = count == int(specs.size()) ? 0 : std::size_t(m_random.below(specs.size()));
    for (int i = 0; i < count; ++i) {
        const AttributeSpec &spec = specs[(first + std::size_t(i)) % specs.size()];
        switch (spec.kind) {
        case AttributeSpec::Kind::Strings:
            span.setString(spec.key, spec.values.empty() ? std::string_view() : spec.values[m_random.below(spec.values.size())]);
            break;
        case AttributeSpec::Kind::Ids:
            m_text = spec.prefix;
            m_text += std::to_string(m_random.below(std::max<std::uint64_t>(spec.cardinality, 1)));
            span.setString(spec.key, m_text);
            break;
        case AttributeSpec::Kind::Ints:
            span.setInt(spec.key, spec.cardinality > 0 ? spec.min + std::int64_t(m_random.below(spec.cardinality))
                                                       : m_random.between(spec.min, spec.max));
            break;
        case AttributeSpec::Kind::Doubles:
            span.setDouble(spec.key, spec.cardinality > 1
                                         ? spec.doubleMin + (spec.doubleMax - spec.doubleMin) * double(m_random.below(spec.cardinality))
                                                                / double(spec.cardinality - 1)
                                         : spec.doubleMin + (spec.doubleMax - spec.doubleMin) * m_random.unit());
            break;
        case AttributeSpec::Kind::Bools:
            span.setBool(spec.key, m_random.below(2) == 1);
            break;
        }
    }
}

void TraceGenerator::decorate(SpanData &span, bool failed)
{
    addAttributes(span);
    const auto window = std::uint64_t(std::max<std::int64_t>(span.end - span.start, 1));
    const int annotations = draw(m_random, m_shape.annotations);
    for (int i = 0; i < annotations; ++i) {
        SpanData::Event &event = span.addEvent();
        event.time = span.start + std::int64_t(m_random.below(window));
        event.annotation = true;
        event.description = kAnnotations[m_random.below(kAnnotations.size())];
    }
    const int messages = draw(m_random, m_shape.messageEvents);
    for (int i = 0; i < messages; ++i) {
        SpanData::Event &event = span.addEvent();
        event.time = span.start + std::int64_t(m_random.below(window));
        event.annotation = false;
        event.messageType = i % 2 == 0 ? 1 : 2; // SENT, RECEIVED
        event.id = std::uint64_t(i + 1);
        event.uncompressed = 200 + m_random.below(20000);
        event.compressed = event.uncompressed / 3;
    }
    const int links = m_lastTraceId.empty() ? 0 : draw(m_random, m_shape.links);
    for (int i = 0; i < links; ++i) {
        SpanData::Link &link = span.addLink();
        link.traceId = m_lastTraceId;
        newId(link.spanId, 8);
        link.type = 2; // PARENT_LINKED_SPAN
    }
    if (failed) {
        span.statusCode = 2;
        span.statusMessage = "internal error";
    }
}

std::size_t TraceGenerator::krakendTrace(EncodedSpans &out, Timing root, bool failed)
{
    static const std::string slash("/");
    const std::string &endpoint = m_shape.endpoints.empty() ? slash : m_shape.endpoints[m_random.below(m_shape.endpoints.size())];
    SpanData &router = newSpan(m_traceId, {}, root);
    router.name = endpoint;
    router.kind = kServer;
    const Timing pipeTiming = childTiming(root, 0, 1);
    SpanData &pipe = newSpan(m_traceId, router.spanId, pipeTiming);
    pipe.name = "pipe-" + endpoint;

    std::size_t spans = 0;
    const int backends = drawBackends();
    const int failing = failed ? int(m_random.below(std::uint64_t(backends))) : -1;
    for (int b = 0; b < backends; ++b) {
        const std::string pattern = "/backend" + std::to_string(b) + endpoint;
        const Timing backendTiming = childTiming(pipeTiming, b, backends);
        SpanData &backend = newSpan(m_traceId, pipe.spanId, backendTiming);
        backend.name = "backend-" + pattern;
        SpanData &client = newSpan(m_traceId, backend.spanId, childTiming(backendTiming, 0, 1));
        client.name = pattern;
        client.kind = kClient;
        client.setString("http.path", pattern);
        client.setString("http.host", "backend-" + std::to_string(b) + ":8080");
        client.setString("http.method", "GET");
        client.setInt("http.status_code", b == failing ? 503 : 200);
        decorate(client, b == failing);
        if (b == failing)
            client.statusCode = 14;
        m_writer.append(out, client);
        backend.setBool("complete", b != failing);
        if (b == failing)
            backend.setString("error", "invalid status code");
        decorate(backend, b == failing);
        m_writer.append(out, backend);
        spans += 2;
    }
    pipe.setBool("complete", !failed);
    decorate(pipe, failed);
    m_writer.append(out, pipe);

    router.setString("http.path", endpoint);
    router.setString("http.url", endpoint);
    router.setString("http.host", "gateway:8080");
    router.setString("http.method", "GET");
    router.setString("http.user_agent", kUserAgents[m_random.below(kUserAgents.size())]);
    router.setInt("http.status_code", failed ? 500 : 200);
    decorate(router, failed);
    m_writer.append(out, router);
    return spans + 2;
}

std::size_t TraceGenerator::customSubtree(EncodedSpans &out, const std::string &parentId, Timing timing, int level, int depth,
                                          bool failed)
{
    SpanData &span = newSpan(m_traceId, parentId, timing);
    const auto &ops = m_shape.operations;
    const auto &services = m_shape.services;
    const std::string service = services.empty() ? std::string("service") : services[std::size_t(level) % services.size()];
    span.name = service + "." + (ops.empty() ? std::string("op") : ops[m_random.below(ops.size())]);
    span.kind = level == 0 ? kServer : level + 1 == depth ? kClient : 0;
    std::size_t spans = 1;
    if (level + 1 < depth) {
        const int children = drawFanOut();
        for (int c = 0; c < children; ++c)
            spans += customSubtree(out, span.spanId, childTiming(timing, c, children), level + 1, depth, failed && c == 0);
    }
    span.setString("service.name", service);
    decorate(span, failed);
    m_writer.append(out, span);
    return spans;
}

std::size_t TraceGenerator::appendTrace(EncodedSpans &out, std::int64_t startNanos)
{
    beginTrace(m_next++);
    m_used = 0;
    newId(m_traceId, 16);
    const double ms = std::max(0.05, m_random.logNormal(m_shape.durationMedianMs, m_shape.durationP99Ms));
    const Timing root{startNanos, startNanos + std::max<std::int64_t>(1, std::int64_t(ms * double(kNanosPerMs)))};
    const bool failed = m_random.chance(m_shape.errorRatio);
    const std::size_t spans = m_shape.preset == TraceShape::Preset::KrakenD
                                  ? krakendTrace(out, root, failed)
                                  : customSubtree(out, {}, root, 0, drawDepth(), failed);
    return spans;
}

} // namespace ocw
