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
//
// Each trace draws from random sources of its own, seeded by the seed and the trace's index: one for its
// structure (how many backends, depth, fan-out: its span count) and one for its content. So a trace is the
// same whichever traces around it were made or skipped, and skipping one costs only its structure's draws:
// shards, sampling and a full queue decide before anything is encoded.
class TraceGenerator final
{
public:
    TraceGenerator(TraceShape shape, std::uint64_t seed, SpanWireForm form = SpanWireForm::Proto);

    // Appends the next trace, starting at `startNanos` (since the epoch), and returns how many spans it has.
    // Spans are appended in the order they end (children first), as a tracer exports them.
    std::size_t appendTrace(EncodedSpans &out, std::int64_t startNanos);
    // Passes over the next trace without making it; returns the spans it would have had.
    std::size_t skipTrace();
    // The next trace's span count, from its structure's draws alone; the generator stays where it is.
    std::size_t nextTraceSpans();
    // The index of the next trace: how many were made or skipped.
    std::uint64_t nextTrace() const { return m_next; }

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
    // The structure's draws of trace `index`, in the order making it takes them; the span count.
    void beginTrace(std::uint64_t index);
    int drawBackends();
    int drawDepth();
    int drawFanOut();
    std::size_t customSpanCount(int level, int depth);

    const TraceShape m_shape;
    const std::uint64_t m_seed;
    std::uint64_t m_next = 0;
    Random m_random{0};    // the current trace's content
    Random m_structure{0}; // the current trace's structure
    SpanWriter m_writer;
    std::deque<SpanData> m_pool; // a deque: spans handed out stay where they are while more are made
    std::size_t m_used = 0;
    std::string m_traceId;
    std::string m_lastTraceId; // the previous trace's id, made or skipped: what links point at
    std::string m_text;        // scratch for composed names and values
};

} // namespace ocw
