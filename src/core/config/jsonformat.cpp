// SPDX-License-Identifier: Apache-2.0
#include "jsonformat.h"

namespace ocw {

JsonStyle JsonStyle::detect(const SourceJson &doc)
{
    JsonStyle style;
    const QByteArray &text = doc.source();
    const qsizetype newlines = text.count('\n');
    const qsizetype crlf = text.count("\r\n");
    if (newlines > 0 && crlf * 2 > newlines)
        style.lineEnd = "\r\n";

    // The smallest indentation of a line that starts with a key or a value is the unit.
    QByteArray unit;
    qsizetype lineStart = 0;
    for (int lines = 0; lineStart < text.size() && lines < 200; ++lines) {
        qsizetype i = lineStart;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        if (i > lineStart && i < text.size() && text[i] != '\n' && text[i] != '\r'
            && (unit.isEmpty() || i - lineStart < unit.size()))
            unit = text.mid(lineStart, i - lineStart);
        const qsizetype next = text.indexOf('\n', lineStart);
        if (next < 0)
            break;
        lineStart = next + 1;
    }
    if (!unit.isEmpty())
        style.indentUnit = unit;

    for (int i = 0; i < doc.nodeCount(); ++i) {
        const JsonNode &n = doc.node(i);
        if (n.keyEnd >= 0) {
            const QByteArray between = text.mid(n.keyEnd, n.start - n.keyEnd);
            if (!between.contains('\n'))
                style.keySeparator = between;
            break;
        }
    }
    return style;
}

QByteArray quoteJson(const QString &text)
{
    QByteArray out;
    const QByteArray utf8 = text.toUtf8();
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += QByteArray("\\u00") + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    out += '"';
    return out;
}

QByteArray formatJson(const SourceJson &doc, int node, const JsonStyle &style, const QByteArray &baseIndent)
{
    const JsonNode &n = doc.node(node);
    if (n.kind != JsonKind::Object && n.kind != JsonKind::Array)
        return doc.rawText(node);
    const bool object = n.kind == JsonKind::Object;
    if (n.childCount == 0)
        return object ? "{}" : "[]";
    const QByteArray inner = baseIndent + style.indentUnit;
    QByteArray out(object ? "{" : "[");
    for (int c = n.firstChild; c >= 0; c = doc.node(c).nextSibling) {
        out += style.lineEnd + inner;
        if (object)
            out += doc.source().mid(doc.node(c).keyStart, doc.node(c).keyEnd - doc.node(c).keyStart) + style.keySeparator;
        out += formatJson(doc, c, style, inner);
        if (doc.node(c).nextSibling >= 0)
            out += ',';
    }
    out += style.lineEnd + baseIndent + (object ? "}" : "]");
    return out;
}

} // namespace ocw
