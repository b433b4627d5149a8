// SPDX-License-Identifier: Apache-2.0
#include "encodedspans.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>

namespace ocw {

void EncodedSpans::append(const Span &span, bool deterministic)
{
    using google::protobuf::io::CodedOutputStream;
    const std::size_t size = span.ByteSizeLong();
    const std::size_t header = 1 + std::size_t(CodedOutputStream::VarintSize32(std::uint32_t(size)));
    const std::size_t at = m_bytes.size();
    m_bytes.resize(at + header + size);
    auto *target = reinterpret_cast<std::uint8_t *>(m_bytes.data() + at);
    *target++ = kSpansFieldTag;
    target = CodedOutputStream::WriteVarint32ToArray(std::uint32_t(size), target);
    if (!deterministic) {
        span.SerializeWithCachedSizesToArray(target);
    } else {
        google::protobuf::io::ArrayOutputStream array(target, int(size));
        google::protobuf::io::CodedOutputStream stream(&array);
        stream.SetSerializationDeterministic(true);
        span.SerializeWithCachedSizes(&stream);
    }
    m_ends.push_back(std::uint32_t(m_bytes.size()));
}

void EncodedSpans::appendRecord(std::string_view spanBytes)
{
    using google::protobuf::io::CodedOutputStream;
    std::uint8_t header[1 + 5];
    header[0] = kSpansFieldTag;
    const std::uint8_t *end = CodedOutputStream::WriteVarint32ToArray(std::uint32_t(spanBytes.size()), header + 1);
    m_bytes.append(reinterpret_cast<const char *>(header), std::size_t(end - header));
    m_bytes.append(spanBytes);
    m_ends.push_back(std::uint32_t(m_bytes.size()));
}

void EncodedSpans::truncate(std::size_t records)
{
    if (records >= m_ends.size())
        return;
    m_bytes.resize(end(records));
    m_ends.resize(records);
}

void EncodedSpans::dropFront(std::size_t records)
{
    records = std::min(records, m_ends.size());
    const std::uint32_t dropped = std::uint32_t(end(records));
    m_bytes.erase(0, dropped);
    m_ends.erase(m_ends.begin(), m_ends.begin() + std::ptrdiff_t(records));
    for (std::uint32_t &e : m_ends)
        e -= dropped;
}

void EncodedSpans::reserve(std::size_t bytes, std::size_t records)
{
    m_bytes.reserve(bytes);
    m_ends.reserve(records);
}

} // namespace ocw
