// SPDX-License-Identifier: Apache-2.0
#include "spanwriter.h"

#include "exporter/encodedspans.h"

#include <cstring>

namespace ocw {

namespace {

enum WireType : std::uint8_t { Varint = 0, Fixed64 = 1, Length = 2 };

void varint(std::string &b, std::uint64_t v)
{
    while (v >= 0x80) {
        b.push_back(char(v | 0x80));
        v >>= 7;
    }
    b.push_back(char(v));
}

void tag(std::string &b, int field, WireType type)
{
    varint(b, std::uint64_t(field) << 3 | type);
}

void bytesField(std::string &b, int field, std::string_view v)
{
    tag(b, field, Length);
    varint(b, v.size());
    b.append(v);
}

void varintField(std::string &b, int field, std::uint64_t v)
{
    tag(b, field, Varint);
    varint(b, v);
}

void doubleField(std::string &b, int field, double v)
{
    tag(b, field, Fixed64);
    char raw[8];
    std::memcpy(raw, &v, 8); // little-endian, as the wire format wants on the machines we build for
    b.append(raw, 8);
}

// A nested message: its body is written into the next scratch buffer, then copied in with its length.
template<typename Body>
void message(std::vector<std::string> &scratch, std::size_t depth, std::string &b, int field, Body &&body)
{
    if (scratch.size() <= depth)
        scratch.resize(depth + 1);
    std::string &inner = scratch[depth];
    inner.clear();
    body(inner, depth + 1);
    bytesField(b, field, inner);
}

void timestamp(std::vector<std::string> &scratch, std::size_t depth, std::string &b, int field, std::int64_t nanos)
{
    message(scratch, depth, b, field, [&](std::string &m, std::size_t) {
        if (nanos / 1000000000 != 0)
            varintField(m, 1, std::uint64_t(nanos / 1000000000));
        if (nanos % 1000000000 != 0)
            varintField(m, 2, std::uint64_t(nanos % 1000000000));
    });
}

void truncatable(std::vector<std::string> &scratch, std::size_t depth, std::string &b, int field, std::string_view text)
{
    message(scratch, depth, b, field, [&](std::string &m, std::size_t) {
        if (!text.empty())
            bytesField(m, 1, text);
    });
}

} // namespace

void SpanData::reset()
{
    parentSpanId.clear();
    kind = 0;
    attributeCount = 0;
    eventCount = 0;
    linkCount = 0;
    statusCode = 0;
    statusMessage.clear();
    sameProcessAsParent = false;
}

SpanData::Attribute &SpanData::addAttribute(std::string_view key)
{
    if (attributeCount == attributes.size())
        attributes.emplace_back();
    Attribute &a = attributes[attributeCount++];
    a.key.assign(key);
    return a;
}

void SpanData::setString(std::string_view key, std::string_view value)
{
    Attribute &a = addAttribute(key);
    a.kind = Attribute::Kind::String;
    a.text.assign(value);
}

void SpanData::setInt(std::string_view key, std::int64_t value)
{
    Attribute &a = addAttribute(key);
    a.kind = Attribute::Kind::Int;
    a.integer = value;
}

void SpanData::setBool(std::string_view key, bool value)
{
    Attribute &a = addAttribute(key);
    a.kind = Attribute::Kind::Bool;
    a.integer = value ? 1 : 0;
}

void SpanData::setDouble(std::string_view key, double value)
{
    Attribute &a = addAttribute(key);
    a.kind = Attribute::Kind::Double;
    a.real = value;
}

SpanData::Event &SpanData::addEvent()
{
    if (eventCount == events.size())
        events.emplace_back();
    return events[eventCount++];
}

SpanData::Link &SpanData::addLink()
{
    if (linkCount == links.size())
        links.emplace_back();
    return links[linkCount++];
}

void SpanWriter::append(EncodedSpans &out, const SpanData &s)
{
    std::vector<std::string> &scratch = m_scratch;
    if (scratch.empty())
        scratch.resize(6);
    std::string &b = scratch[0];
    b.clear();
    bytesField(b, 1, s.traceId);
    bytesField(b, 2, s.spanId);
    static const std::string kGoRootParent(8, '\0');
    if (!s.parentSpanId.empty())
        bytesField(b, 3, s.parentSpanId);
    else if (m_form == SpanWireForm::GoExporter)
        bytesField(b, 3, kGoRootParent);
    truncatable(scratch, 1, b, 4, s.name);
    timestamp(scratch, 1, b, 5, s.start);
    timestamp(scratch, 1, b, 6, s.end);
    if (s.attributeCount > 0) {
        message(scratch, 1, b, 7, [&](std::string &attributes, std::size_t depth) {
            for (std::size_t i = 0; i < s.attributeCount; ++i) {
                const SpanData::Attribute &a = s.attributes[i];
                message(scratch, depth, attributes, 1, [&](std::string &entry, std::size_t d) {
                    bytesField(entry, 1, a.key);
                    message(scratch, d, entry, 2, [&](std::string &value, std::size_t dd) {
                        switch (a.kind) {
                        case SpanData::Attribute::Kind::String:
                            truncatable(scratch, dd, value, 1, a.text);
                            break;
                        case SpanData::Attribute::Kind::Int:
                            varintField(value, 2, std::uint64_t(a.integer));
                            break;
                        case SpanData::Attribute::Kind::Bool:
                            varintField(value, 3, std::uint64_t(a.integer));
                            break;
                        case SpanData::Attribute::Kind::Double:
                            doubleField(value, 4, a.real);
                            break;
                        }
                    });
                });
            }
        });
    }
    if (s.eventCount > 0) {
        message(scratch, 1, b, 9, [&](std::string &events, std::size_t depth) {
            for (std::size_t i = 0; i < s.eventCount; ++i) {
                const SpanData::Event &e = s.events[i];
                message(scratch, depth, events, 1, [&](std::string &event, std::size_t d) {
                    timestamp(scratch, d, event, 1, e.time);
                    if (e.annotation) {
                        message(scratch, d, event, 2, [&](std::string &annotation, std::size_t dd) {
                            truncatable(scratch, dd, annotation, 1, e.description);
                        });
                    } else {
                        message(scratch, d, event, 3, [&](std::string &m, std::size_t) {
                            varintField(m, 1, std::uint64_t(e.messageType));
                            varintField(m, 2, e.id);
                            varintField(m, 3, e.uncompressed);
                            varintField(m, 4, e.compressed);
                        });
                    }
                });
            }
        });
    }
    if (s.linkCount > 0) {
        message(scratch, 1, b, 10, [&](std::string &links, std::size_t depth) {
            for (std::size_t i = 0; i < s.linkCount; ++i) {
                const SpanData::Link &l = s.links[i];
                message(scratch, depth, links, 1, [&](std::string &link, std::size_t) {
                    bytesField(link, 1, l.traceId);
                    bytesField(link, 2, l.spanId);
                    varintField(link, 3, std::uint64_t(l.type));
                });
            }
        });
    }
    if (s.statusCode != 0 || !s.statusMessage.empty()) {
        message(scratch, 1, b, 11, [&](std::string &status, std::size_t) {
            if (s.statusCode != 0)
                varintField(status, 1, std::uint64_t(std::int64_t(s.statusCode)));
            if (!s.statusMessage.empty())
                bytesField(status, 2, s.statusMessage);
        });
    }
    if (m_form == SpanWireForm::Proto) {
        message(scratch, 1, b, 12, [&](std::string &value, std::size_t) {
            if (s.sameProcessAsParent)
                varintField(value, 1, 1);
        });
    }
    if (s.kind != 0)
        varintField(b, 14, std::uint64_t(s.kind));
    out.appendRecord(b);
}

} // namespace ocw
