// SPDX-License-Identifier: Apache-2.0
#include "lineindex.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

namespace ocw {

namespace {

qsizetype countContinuationBytes(const char *begin, const char *end)
{
    // Eight bytes at a time: a continuation byte has its top bit set and the next one clear; shifting left
    // by one brings each byte's bit 6 under its bit 7, never a neighbour's.
    constexpr std::uint64_t topBits = 0x8080808080808080ULL;
    qsizetype count = 0;
    for (; end - begin >= 8; begin += 8) {
        std::uint64_t word;
        std::memcpy(&word, begin, sizeof word);
        count += std::popcount(word & ~(word << 1) & topBits);
    }
    for (; begin < end; ++begin)
        count += (static_cast<unsigned char>(*begin) & 0xC0) == 0x80 ? 1 : 0;
    return count;
}

} // namespace

LineIndex::LineIndex(const QByteArray &text)
    : m_text(text)
{
    m_lineStarts.push_back(0);
    const char *data = text.constData();
    const char *end = data + text.size();
    for (const char *p = data; p < end;) {
        const void *newline = std::memchr(p, '\n', std::size_t(end - p));
        if (!newline)
            break;
        p = static_cast<const char *>(newline) + 1;
        m_lineStarts.push_back(p - data);
    }
    m_continuationsBeforeBlock.reserve(std::size_t(text.size() / BlockBytes + 1));
    qsizetype continuations = 0;
    // `<=`: offset text.size() has a block too when the text fills its last block exactly.
    for (qsizetype block = 0; block <= text.size(); block += BlockBytes) {
        m_continuationsBeforeBlock.push_back(continuations);
        continuations += countContinuationBytes(data + block, data + std::min(block + BlockBytes, text.size()));
    }
}

qsizetype LineIndex::continuationBytesBefore(qsizetype offset) const
{
    const qsizetype block = offset / BlockBytes;
    const char *data = m_text.constData();
    return m_continuationsBeforeBlock[std::size_t(block)] + countContinuationBytes(data + block * BlockBytes, data + offset);
}

TextPosition LineIndex::position(qsizetype offset) const
{
    offset = std::clamp<qsizetype>(offset, 0, m_text.size());
    const auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    const auto line = int(it - m_lineStarts.begin());
    const qsizetype start = m_lineStarts[std::size_t(line - 1)];
    // Count code points: every byte but UTF-8 continuation bytes starts one.
    const qsizetype codePoints = (offset - start) - (continuationBytesBefore(offset) - continuationBytesBefore(start));
    return TextPosition{line, int(codePoints) + 1};
}

qsizetype LineIndex::lineStart(int line) const
{
    return m_lineStarts[std::size_t(std::clamp(line, 1, lineCount()) - 1)];
}

} // namespace ocw
