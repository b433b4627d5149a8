// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "opencensus/proto/trace/v1/trace.pb.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ocw {

using Span = opencensus::proto::trace::v1::Span;

// Spans already in their wire form: each record is the `spans` entry (field 2) of an
// ExportTraceServiceRequest, tag and length included. Records placed back to back are the body of a
// request, so a batch is written by concatenation: no message objects cross threads and nothing is
// serialized twice.
class EncodedSpans final
{
public:
    // With `deterministic`, attribute maps are written in key order, so equal spans are equal bytes
    // (for `generate`); without, protobuf's faster path writes them in its own order, which carries no
    // meaning on the wire.
    void append(const Span &span, bool deterministic = false);
    // Appends a span already in its wire form (the Span message's bytes).
    void appendRecord(std::string_view spanBytes);
    std::size_t count() const { return m_ends.size(); }
    bool empty() const { return m_ends.empty(); }
    std::size_t byteSize() const { return m_bytes.size(); }
    // Bytes of records [first, last).
    std::size_t bytesBetween(std::size_t first, std::size_t last) const { return end(last) - end(first); }
    const char *data() const { return m_bytes.data(); }
    std::size_t end(std::size_t records) const { return records == 0 ? 0 : m_ends[records - 1]; }
    // Keeps the first `records` records.
    void truncate(std::size_t records);
    // Removes the first `records` records (those written out), keeping the rest.
    void dropFront(std::size_t records);
    void reserve(std::size_t bytes, std::size_t records);

private:
    std::string m_bytes;
    std::vector<std::uint32_t> m_ends; // end offset of each record in m_bytes
};

// The request field number of `spans` in ExportTraceServiceRequest, as a length-delimited tag.
inline constexpr std::uint8_t kSpansFieldTag = (2 << 3) | 2;

} // namespace ocw
