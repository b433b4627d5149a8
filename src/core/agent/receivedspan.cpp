// SPDX-License-Identifier: Apache-2.0
#include "receivedspan.h"

#include "unixnanos.h"

#include "opencensus/proto/trace/v1/trace.pb.h"

#include <algorithm>

namespace ocw {

namespace {

namespace pb = opencensus::proto::trace::v1;

// At most TextChars characters: a sender's megabyte of text is cut before it is converted, not after.
QString cappedText(const std::string &text)
{
    constexpr std::size_t MaxUtf8Bytes = 4 * SpanDetailLimits::TextChars;
    const QString converted = QString::fromUtf8(text.data(), qsizetype(std::min(text.size(), MaxUtf8Bytes)));
    return converted.size() > SpanDetailLimits::TextChars ? converted.left(SpanDetailLimits::TextChars - 1) + QChar(0x2026)
                                                          : converted;
}

QString attributeText(const pb::AttributeValue &value)
{
    switch (value.value_case()) {
    case pb::AttributeValue::kStringValue:
        return cappedText(value.string_value().value());
    case pb::AttributeValue::kIntValue:
        return QString::number(value.int_value());
    case pb::AttributeValue::kBoolValue:
        return value.bool_value() ? QStringLiteral("true") : QStringLiteral("false");
    case pb::AttributeValue::kDoubleValue:
        return QString::number(value.double_value());
    case pb::AttributeValue::VALUE_NOT_SET:
        break;
    }
    return {};
}

// Sorted by key: a protobuf map has no order of its own, and a view should not shuffle between spans.
QList<SpanAttribute> attributeList(const pb::Span::Attributes &attributes, int limit)
{
    std::vector<const std::string *> keys;
    keys.reserve(attributes.attribute_map_size());
    for (const auto &[key, value] : attributes.attribute_map())
        keys.push_back(&key);
    const std::size_t kept = std::min(keys.size(), std::size_t(limit));
    std::partial_sort(keys.begin(), keys.begin() + std::ptrdiff_t(kept), keys.end(),
                      [](const std::string *a, const std::string *b) { return *a < *b; });
    QList<SpanAttribute> list;
    list.reserve(qsizetype(kept));
    for (std::size_t i = 0; i < kept; ++i)
        list.append(SpanAttribute{cappedText(*keys[i]), attributeText(attributes.attribute_map().at(*keys[i]))});
    return list;
}

QByteArray hexId(const std::string &bytes)
{
    return QByteArray::fromStdString(bytes.substr(0, 32)).toHex();
}

std::size_t textBytes(const QString &text)
{
    return sizeof(QString) + std::size_t(text.size()) * sizeof(QChar);
}

std::size_t attributesBytes(const QList<SpanAttribute> &attributes)
{
    std::size_t bytes = 0;
    for (const SpanAttribute &a : attributes)
        bytes += textBytes(a.key) + textBytes(a.value);
    return bytes;
}

} // namespace

ReceivedSpan receivedSpan(const pb::Span &span, const std::string &service, bool rootByZeroParent)
{
    ReceivedSpan received;
    received.traceId = hexId(span.trace_id());
    received.spanId = hexId(span.span_id());
    received.parentSpanId = rootByZeroParent ? QByteArray() : hexId(span.parent_span_id());
    received.name = cappedText(span.name().value());
    received.serviceName = cappedText(service);
    received.kind = int(span.kind());
    received.startNanos = unixNanos(span.start_time());
    received.endNanos = unixNanos(span.end_time());
    received.statusCode = span.status().code();
    received.statusMessage = cappedText(span.status().message());
    received.attributeCount = span.attributes().attribute_map_size();
    received.attributes = attributeList(span.attributes(), SpanDetailLimits::Attributes);
    for (const pb::Span::TimeEvent &event : span.time_events().time_event()) {
        if (event.has_annotation()) {
            ++received.annotationCount;
            if (received.annotations.size() < SpanDetailLimits::Annotations)
                received.annotations.append(SpanAnnotation{unixNanos(event.time()), cappedText(event.annotation().description().value()),
                                                           attributeList(event.annotation().attributes(), SpanDetailLimits::AttributesPerEvent)});
        } else if (event.has_message_event()) {
            ++received.messageEventCount;
            const auto &message = event.message_event();
            if (received.messageEvents.size() < SpanDetailLimits::MessageEvents)
                received.messageEvents.append(SpanMessageEvent{unixNanos(event.time()), int(message.type()), message.id(),
                                                               message.uncompressed_size(), message.compressed_size()});
        }
    }
    received.linkCount = span.links().link_size();
    for (const pb::Span::Link &link : span.links().link()) {
        if (received.links.size() == SpanDetailLimits::Links)
            break;
        received.links.append(SpanLink{hexId(link.trace_id()), hexId(link.span_id()), int(link.type()),
                                       attributeList(link.attributes(), SpanDetailLimits::AttributesPerEvent)});
    }
    return received;
}

std::size_t approximateBytes(const ReceivedSpan &span)
{
    std::size_t bytes = sizeof(ReceivedSpan) + std::size_t(span.traceId.size() + span.spanId.size() + span.parentSpanId.size())
        + textBytes(span.name) + textBytes(span.serviceName) + textBytes(span.statusMessage) + attributesBytes(span.attributes)
        + std::size_t(span.messageEvents.size()) * sizeof(SpanMessageEvent);
    for (const SpanAnnotation &a : span.annotations)
        bytes += sizeof(SpanAnnotation) + textBytes(a.description) + attributesBytes(a.attributes);
    for (const SpanLink &l : span.links)
        bytes += sizeof(SpanLink) + std::size_t(l.traceId.size() + l.spanId.size()) + attributesBytes(l.attributes);
    return bytes;
}

} // namespace ocw
