// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ocw {

class EncodedSpans;

// A span as the generator makes it: plain values, reused from trace to trace.
struct SpanData {
    struct Attribute {
        enum class Kind { String, Int, Bool, Double };
        std::string key;
        Kind kind = Kind::String;
        std::string text;
        std::int64_t integer = 0;
        double real = 0;
    };
    struct Event {
        std::int64_t time = 0;
        bool annotation = true;  // else a message event
        std::string description; // annotation
        int messageType = 0;     // message event: 1 SENT, 2 RECEIVED
        std::uint64_t id = 0;
        std::uint64_t uncompressed = 0;
        std::uint64_t compressed = 0;
    };
    struct Link {
        std::string traceId;
        std::string spanId;
        int type = 0;
    };

    std::string traceId;
    std::string spanId;
    std::string parentSpanId;
    std::string name;
    int kind = 0;
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::vector<Attribute> attributes;
    std::size_t attributeCount = 0; // attributes in use (the vector keeps its capacity)
    std::vector<Event> events;
    std::size_t eventCount = 0;
    std::vector<Link> links;
    std::size_t linkCount = 0;
    int statusCode = 0;
    std::string statusMessage;
    bool sameProcessAsParent = false;

    void reset(); // empties it for reuse, keeping every buffer's capacity
    Attribute &addAttribute(std::string_view key);
    void setString(std::string_view key, std::string_view value);
    void setInt(std::string_view key, std::int64_t value);
    void setBool(std::string_view key, bool value);
    void setDouble(std::string_view key, double value);
    Event &addEvent();
    Link &addLink();
};

// Which fields a span carries on the wire.
enum class SpanWireForm {
    Proto,      // as opencensus-proto describes a span: a root has no parent id; same_process_as_parent_span set
    GoExporter, // as KrakenD's Go exporter writes one (transform_spans.go): a root's parent id is 8 zero bytes,
                // and there is no same_process_as_parent_span
};

// Writes SpanData in the wire format of opencensus.proto.trace.v1.Span, field by field, in field-number
// order and attributes in the order they were added: the same span is always the same bytes.
class SpanWriter final
{
public:
    explicit SpanWriter(SpanWireForm form = SpanWireForm::Proto) : m_form(form) {}
    void append(EncodedSpans &out, const SpanData &span);

private:
    const SpanWireForm m_form;
    std::vector<std::string> m_scratch; // one buffer per nesting level, reused
};

} // namespace ocw
