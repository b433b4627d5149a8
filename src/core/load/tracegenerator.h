// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "random.h"
#include "traceshape.h"

#include "exporter/encodedspans.h"

#include <google/protobuf/arena.h>

#include <array>

namespace ocw {

// Makes traces of a TraceShape, encoded for the wire. The same shape and seed give the same bytes for
// the same start times, on any machine. Spans are built on an arena over a fixed block that is reset
// after each trace, so the steady state makes no heap allocation per span.
class TraceGenerator final
{
public:
    TraceGenerator(TraceShape shape, std::uint64_t seed);

    // Appends one trace starting at `startNanos` (since the epoch) and returns how many spans it has.
    // Spans are appended in the order they end (children first), as a tracer exports them.
    std::size_t appendTrace(EncodedSpans &out, std::int64_t startNanos);
    Random &random() { return m_random; }
    // Byte-identical output for a seed (attribute maps in key order); a little slower. For `generate`.
    void setDeterministicEncoding(bool on) { m_deterministic = on; }

private:
    struct Timing {
        std::int64_t start;
        std::int64_t end;
    };
    Span *newSpan(const std::string &traceId, const std::string &parentId, Timing timing);
    std::string newId(int bytes);
    Timing childTiming(Timing parent, int index, int siblings);
    void decorate(Span &span, bool failed);
    void addAttributes(Span &span);
    std::size_t krakendTrace(EncodedSpans &out, const std::string &traceId, Timing root, bool failed);
    std::size_t customSubtree(EncodedSpans &out, const std::string &traceId, const std::string &parentId, Timing timing,
                              int level, int depth, bool failed);

    const TraceShape m_shape;
    Random m_random;
    std::array<char, 256 * 1024> m_block{}; // the arena's first block: a trace's spans live here
    google::protobuf::Arena m_arena{m_block.data(), m_block.size()};
    std::string m_lastTraceId; // what links point at
    bool m_deterministic = false;
};

} // namespace ocw
