// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "random.h"
#include "spanwriter.h"
#include "traceshape.h"

#include "exporter/encodedspans.h"

#include <deque>

namespace ocw {

// Makes traces of a TraceShape, written straight into their wire form. The same shape and seed give the
// same bytes for the same start times, on any machine. Spans are plain structs from a pool reused from
// trace to trace, so the steady state makes no heap allocation per span.
class TraceGenerator final
{
public:
    TraceGenerator(TraceShape shape, std::uint64_t seed, SpanWireForm form = SpanWireForm::Proto);

    // Appends one trace starting at `startNanos` (since the epoch) and returns how many spans it has.
    // Spans are appended in the order they end (children first), as a tracer exports them.
    std::size_t appendTrace(EncodedSpans &out, std::int64_t startNanos);
    Random &random() { return m_random; }

private:
    struct Timing {
        std::int64_t start;
        std::int64_t end;
    };
    SpanData &newSpan(const std::string &traceId, const std::string &parentId, Timing timing);
    void newId(std::string &id, int bytes);
    Timing childTiming(Timing parent, int index, int siblings);
    void decorate(SpanData &span, bool failed);
    void addAttributes(SpanData &span);
    std::size_t krakendTrace(EncodedSpans &out, Timing root, bool failed);
    std::size_t customSubtree(EncodedSpans &out, const std::string &parentId, Timing timing, int level, int depth, bool failed);

    const TraceShape m_shape;
    Random m_random;
    SpanWriter m_writer;
    std::deque<SpanData> m_pool; // a deque: spans handed out stay where they are while more are made
    std::size_t m_used = 0;
    std::string m_traceId;
    std::string m_lastTraceId; // what links point at
    std::string m_text;        // scratch for composed names and values
};

} // namespace ocw
