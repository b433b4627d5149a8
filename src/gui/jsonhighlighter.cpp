// SPDX-License-Identifier: Apache-2.0
#include "jsonhighlighter.h"

#include <QGuiApplication>
#include <QPalette>

namespace ocw {

JsonHighlighter::JsonHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    m_key.setForeground(dark ? QColor(0x9c, 0xdc, 0xfe) : QColor(0x0b, 0x45, 0x8c));
    m_key.setFontWeight(QFont::DemiBold);
    m_commentKey.setForeground(dark ? QColor(0x6a, 0x99, 0x55) : QColor(0x3b, 0x7a, 0x2a));
    m_commentKey.setFontItalic(true);
    m_string.setForeground(dark ? QColor(0xce, 0x91, 0x78) : QColor(0xa3, 0x15, 0x15));
    m_number.setForeground(dark ? QColor(0xb5, 0xce, 0xa8) : QColor(0x09, 0x86, 0x58));
    m_literal.setForeground(dark ? QColor(0x56, 0x9c, 0xd6) : QColor(0x00, 0x00, 0xff));
}

void JsonHighlighter::highlightBlock(const QString &text)
{
    // A JSON string never spans lines, so each block is coloured on its own.
    const qsizetype size = text.size();
    qsizetype i = 0;
    while (i < size) {
        const QChar c = text[i];
        if (c == u'"') {
            qsizetype end = i + 1;
            while (end < size && text[end] != u'"')
                end += text[end] == u'\\' ? 2 : 1;
            end = std::min(end + 1, size);
            qsizetype next = end;
            while (next < size && text[next].isSpace())
                ++next;
            const bool isKey = next < size && text[next] == u':';
            const bool isComment = isKey && end - i > 2 && QStringLiteral("@$_#").contains(text[i + 1]);
            setFormat(int(i), int(end - i), isComment ? m_commentKey : isKey ? m_key : m_string);
            i = end;
        } else if (c == u'-' || c.isDigit()) {
            qsizetype end = i + 1;
            while (end < size && (text[end].isDigit() || QStringLiteral(".eE+-").contains(text[end])))
                ++end;
            setFormat(int(i), int(end - i), m_number);
            i = end;
        } else if (c.isLetter()) {
            qsizetype end = i + 1;
            while (end < size && text[end].isLetter())
                ++end;
            setFormat(int(i), int(end - i), m_literal);
            i = end;
        } else {
            ++i;
        }
    }
}

} // namespace ocw
