// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <string>

namespace opencensus::proto::trace::v1 {
class Span;
}

namespace ocw {

// A key and its value as text ("42", "true", "GET").
struct SpanAttribute {
    QString key;
    QString value;
    bool operator==(const SpanAttribute &) const = default;
};

struct SpanAnnotation {
    qint64 timeNanos = 0; // since the epoch
    QString description;
    QList<SpanAttribute> attributes;
};

struct SpanMessageEvent {
    qint64 timeNanos = 0;
    int type = 0; // 1 sent, 2 received
    std::uint64_t id = 0;
    std::uint64_t uncompressedSize = 0;
    std::uint64_t compressedSize = 0;
};

struct SpanLink {
    QByteArray traceId; // hex
    QByteArray spanId;
    int type = 0; // 1 child linked span, 2 parent linked span
    QList<SpanAttribute> attributes;
};

// One span as the agent's views show it, with its details. What a sender can make large is capped
// (SpanDetailLimits), and the counts say how many there were, so a view can say what it does not show.
struct ReceivedSpan {
    QByteArray traceId; // hex
    QByteArray spanId;
    QByteArray parentSpanId; // empty for a root, however the sender wrote it
    QString name;
    QString serviceName;
    int kind = 0; // 1 server, 2 client
    qint64 startNanos = 0; // since the epoch
    qint64 endNanos = 0;
    int statusCode = 0; // a gRPC code; 0 is OK
    int attributeCount = 0; // as sent, kept or not
    QString statusMessage;
    QList<SpanAttribute> attributes;
    QList<SpanAnnotation> annotations;
    QList<SpanMessageEvent> messageEvents;
    QList<SpanLink> links;
    int annotationCount = 0;
    int messageEventCount = 0;
    int linkCount = 0;

    qint64 durationNanos() const { return endNanos - startNanos; }
};

// What one span keeps of what its sender wrote: enough to read, bounded so that no span outgrows its trace's
// share of the trace store (about 140 KiB at most, by approximateBytes()).
namespace SpanDetailLimits {
inline constexpr int Attributes = 32;
inline constexpr int Annotations = 32;
inline constexpr int MessageEvents = 32;
inline constexpr int Links = 16;
inline constexpr int AttributesPerEvent = 4; // of an annotation or a link
inline constexpr int TextChars = 128;        // a name, a value, a description, a status message
} // namespace SpanDetailLimits

// `span` as the views show it; `service` is its stream's Node's; `rootByZeroParent`: its parent id is eight
// zero bytes, which the Go exporter writes for a root.
ReceivedSpan receivedSpan(const opencensus::proto::trace::v1::Span &span, const std::string &service, bool rootByZeroParent);

// The memory a span holds, close enough to bound a store by: its strings' characters and its lists' items.
std::size_t approximateBytes(const ReceivedSpan &span);

} // namespace ocw
