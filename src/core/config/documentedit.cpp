// SPDX-License-Identifier: Apache-2.0
#include "documentedit.h"

#include "jsonformat.h"
#include "jsonpointer.h"

namespace ocw {

namespace {

EditResult failed(const QString &message)
{
    return EditResult{std::nullopt, message};
}

// The white space that starts the line holding `offset`.
QByteArray lineIndent(const QByteArray &text, qsizetype offset)
{
    const qsizetype lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    qsizetype i = lineStart;
    while (i < offset && (text[i] == ' ' || text[i] == '\t'))
        ++i;
    return text.mid(lineStart, i - lineStart);
}

bool sameLine(const QByteArray &text, qsizetype from, qsizetype to)
{
    return text.indexOf('\n', from) < 0 || text.indexOf('\n', from) >= to;
}

qsizetype memberStart(const JsonNode &n)
{
    return n.keyStart >= 0 ? n.keyStart : n.start;
}

// How many objects and arrays enclose `node`.
int enclosingContainers(const SourceJson &doc, int node)
{
    int count = 0;
    for (int p = doc.node(node).parent; p >= 0; p = doc.node(p).parent)
        ++count;
    return count;
}

// A value that parses alone may still nest too deep below `enclosing` containers: the edited document would
// then no longer parse. `json` is known to be valid JSON, so a failure here is its depth.
std::optional<QString> tooDeepBelow(const QByteArray &json, int enclosing, const QString &where)
{
    if (SourceJson::parse(json, SourceJson::DefaultMaxDepth - enclosing).isValid())
        return std::nullopt;
    return QStringLiteral("the value would nest deeper than %1 levels at %2").arg(SourceJson::DefaultMaxDepth).arg(where);
}

} // namespace

EditResult setValueEdit(const SourceJson &doc, const QString &pointer, const QByteArray &jsonValue)
{
    if (!doc.isValid())
        return failed(QStringLiteral("the document is not valid JSON; fix its syntax first"));
    const SourceJson value = SourceJson::parse(jsonValue);
    if (!value.isValid())
        return failed(QStringLiteral("the value is not JSON (%1); quote strings, e.g. '\"5s\"'").arg(value.error()->message));
    const auto tokens = JsonPointer::split(pointer);
    if (!tokens)
        return failed(QStringLiteral("\"%1\" is not a JSON pointer").arg(pointer));
    if (tokens->isEmpty())
        return failed(QStringLiteral("the pointer names the whole document; name a value inside it"));

    const QByteArray &text = doc.source();
    const JsonStyle style = JsonStyle::detect(doc);

    // Walk down as far as the document goes.
    int current = doc.root();
    qsizetype depth = 0;
    for (; depth < tokens->size(); ++depth) {
        const JsonNode &n = doc.node(current);
        int next = -1;
        if (n.kind == JsonKind::Object)
            next = doc.member(current, (*tokens)[depth].toStdString());
        else if (n.kind == JsonKind::Array)
            next = doc.find(JsonPointer::join(tokens->mid(0, depth + 1)));
        else
            return failed(QStringLiteral("%1 is %2, which holds no \"%3\"")
                              .arg(doc.pointer(current).isEmpty() ? QStringLiteral("the document") : doc.pointer(current),
                                   jsonKindName(n.kind), (*tokens)[depth]));
        if (next < 0)
            break;
        current = next;
    }

    if (depth == tokens->size()) {
        if (const auto tooDeep = tooDeepBelow(jsonValue, enclosingContainers(doc, current), pointer))
            return failed(*tooDeep);
        const JsonNode &target = doc.node(current);
        const QByteArray indent = lineIndent(text, memberStart(target));
        return EditResult{TextEdit{target.start, target.end - target.start, formatJson(value, value.root(), style, indent)}, {}};
    }

    const JsonNode &parent = doc.node(current);
    if (parent.kind != JsonKind::Object)
        return failed(QStringLiteral("%1 has no element %2").arg(doc.pointer(current), (*tokens)[depth]));

    // The new member's value: the given value wrapped in an object per missing level below it.
    QByteArray nested = jsonValue.trimmed();
    for (qsizetype i = tokens->size() - 1; i > depth; --i)
        nested = '{' + quoteJson((*tokens)[i]) + ':' + nested + '}';
    const SourceJson nestedDoc = SourceJson::parse(nested);
    if (!nestedDoc.isValid()) // the levels the pointer adds nest too deep
        return failed(QStringLiteral("%1 levels would be added below %2: %3")
                          .arg(tokens->size() - depth)
                          .arg(doc.pointer(current).isEmpty() ? QStringLiteral("the document") : doc.pointer(current),
                               nestedDoc.error()->message));
    if (const auto tooDeep = tooDeepBelow(nested, enclosingContainers(doc, current) + 1, pointer))
        return failed(*tooDeep);
    const QByteArray key = quoteJson((*tokens)[depth]);

    const QByteArray parentIndent = lineIndent(text, memberStart(parent));
    if (parent.childCount == 0) {
        const QByteArray inner = parentIndent + style.indentUnit;
        const QByteArray member = style.lineEnd + inner + key + style.keySeparator
                                + formatJson(nestedDoc, nestedDoc.root(), style, inner) + style.lineEnd + parentIndent;
        return EditResult{TextEdit{parent.start + 1, parent.end - parent.start - 2, member}, {}};
    }
    const JsonNode &first = doc.node(parent.firstChild);
    const JsonNode &last = doc.node(parent.lastChild);
    if (sameLine(text, parent.start, first.keyStart)) {
        // A one-line object stays on one line.
        const QByteArray member = ", " + key + style.keySeparator + formatJson(nestedDoc, nestedDoc.root(), style, parentIndent);
        return EditResult{TextEdit{last.end, 0, member}, {}};
    }
    const QByteArray inner = lineIndent(text, first.keyStart);
    const QByteArray member = ',' + style.lineEnd + inner + key + style.keySeparator
                            + formatJson(nestedDoc, nestedDoc.root(), style, inner);
    return EditResult{TextEdit{last.end, 0, member}, {}};
}

EditResult removeValueEdit(const SourceJson &doc, const QString &pointer)
{
    if (!doc.isValid())
        return failed(QStringLiteral("the document is not valid JSON; fix its syntax first"));
    const int target = doc.find(pointer);
    if (target < 0)
        return failed(QStringLiteral("nothing at %1").arg(pointer));
    const JsonNode &n = doc.node(target);
    if (n.parent < 0)
        return failed(QStringLiteral("the pointer names the whole document; name a value inside it"));
    if (n.previousSibling >= 0) {
        const qsizetype from = doc.node(n.previousSibling).end;
        return EditResult{TextEdit{from, n.end - from, {}}, {}};
    }
    if (n.nextSibling >= 0) {
        const qsizetype from = memberStart(n);
        return EditResult{TextEdit{from, memberStart(doc.node(n.nextSibling)) - from, {}}, {}};
    }
    const JsonNode &parent = doc.node(n.parent);
    return EditResult{TextEdit{parent.start + 1, parent.end - parent.start - 2, {}}, {}};
}

} // namespace ocw
