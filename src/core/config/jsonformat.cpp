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

namespace {

// Appends `node`, formatted, to `out`. One buffer for the whole value: returning each level's text for its
// parent to append copied a deep value once per level, cubic in its depth (a 773-level `set` took 11 s in
// the fuzzer's sanitizer build).
void appendJson(const SourceJson &doc, int node, const JsonStyle &style, const QByteArray &baseIndent, QByteArray &out)
{
    const JsonNode &n = doc.node(node);
    if (n.kind != JsonKind::Object && n.kind != JsonKind::Array) {
        out += doc.rawText(node);
        return;
    }
    const bool object = n.kind == JsonKind::Object;
    if (n.childCount == 0) {
        out += object ? "{}" : "[]";
        return;
    }
    const QByteArray inner = baseIndent + style.indentUnit;
    out += object ? '{' : '[';
    for (int c = n.firstChild; c >= 0; c = doc.node(c).nextSibling) {
        out += style.lineEnd;
        out += inner;
        if (object) {
            const JsonNode &member = doc.node(c);
            out.append(doc.source().constData() + member.keyStart, member.keyEnd - member.keyStart);
            out += style.keySeparator;
        }
        appendJson(doc, c, style, inner, out);
        if (doc.node(c).nextSibling >= 0)
            out += ',';
    }
    out += style.lineEnd;
    out += baseIndent;
    out += object ? '}' : ']';
}

} // namespace

QByteArray formatJson(const SourceJson &doc, int node, const JsonStyle &style, const QByteArray &baseIndent)
{
    QByteArray out;
    appendJson(doc, node, style, baseIndent, out);
    return out;
}

} // namespace ocw
