// SPDX-License-Identifier: Apache-2.0
#include "lineindex.h"

#include <algorithm>
#include <cstring>

namespace ocw {

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
}

TextPosition LineIndex::position(qsizetype offset) const
{
    offset = std::clamp<qsizetype>(offset, 0, m_text.size());
    const auto it = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), offset);
    const auto line = int(it - m_lineStarts.begin());
    const qsizetype start = m_lineStarts[std::size_t(line - 1)];
    int column = 1;
    for (qsizetype i = start; i < offset; ++i) {
        // Count code points: every byte but UTF-8 continuation bytes starts one.
        if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80)
            ++column;
    }
    return TextPosition{line, column};
}

qsizetype LineIndex::lineStart(int line) const
{
    return m_lineStarts[std::size_t(std::clamp(line, 1, lineCount()) - 1)];
}

} // namespace ocw
