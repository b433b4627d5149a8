// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>

#include <vector>

namespace ocw {

struct TextPosition {
    int line = 1;   // 1-based
    int column = 1; // 1-based, in characters (Unicode code points); a tab counts as one
};

// Maps byte offsets of a UTF-8 text to line and column. A line ends at "\n" (so CRLF is one break).
// Built in one pass; each lookup costs a binary search and a scan of at most two blocks, however long
// the line, so a minified file with many findings on its one line stays linear.
class LineIndex final
{
public:
    explicit LineIndex(const QByteArray &text);
    TextPosition position(qsizetype offset) const;
    qsizetype lineStart(int line) const; // offset of the first byte of a 1-based line
    int lineCount() const { return int(m_lineStarts.size()); }

private:
    static constexpr qsizetype BlockBytes = 256;
    // UTF-8 continuation bytes (those that start no code point) before `offset`.
    qsizetype continuationBytesBefore(qsizetype offset) const;

    QByteArray m_text;
    std::vector<qsizetype> m_lineStarts;
    std::vector<qsizetype> m_continuationsBeforeBlock; // [b]: continuation bytes before offset b * BlockBytes
};

} // namespace ocw
