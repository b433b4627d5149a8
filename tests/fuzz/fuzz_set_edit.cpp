// SPDX-License-Identifier: Apache-2.0
// `set`'s edit path. Input: POINTER '\n' VALUE '\n' DOCUMENT. After any edit, every byte outside the edited
// value is unchanged, and the result parses with the value set at the pointer.
#include "fuzzcheck.h"

#include "config/configanalysis.h"
#include "config/documentedit.h"

#include <algorithm>
#include <cstdint>

namespace {

using ocw::JsonKind;
using ocw::SourceJson;

// The same JSON value: kinds, literals, decoded strings, and members in order.
bool sameValue(const SourceJson &a, int x, const SourceJson &b, int y)
{
    const ocw::JsonNode &n = a.node(x);
    const ocw::JsonNode &m = b.node(y);
    if (n.kind != m.kind)
        return false;
    switch (n.kind) {
    case JsonKind::Null:
        return true;
    case JsonKind::Bool:
        return n.boolValue == m.boolValue;
    case JsonKind::Number:
        return a.rawText(x) == b.rawText(y);
    case JsonKind::String:
        return a.stringValue(x) == b.stringValue(y);
    case JsonKind::Object:
    case JsonKind::Array:
        break;
    }
    if (n.childCount != m.childCount)
        return false;
    for (int i = n.firstChild, j = m.firstChild; i >= 0; i = a.node(i).nextSibling, j = b.node(j).nextSibling) {
        if (a.node(i).key != b.node(j).key || !sameValue(a, i, b, j))
            return false;
    }
    return true;
}

bool whiteSpace(const QByteArray &bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype pointerEnd = input.indexOf('\n');
    const qsizetype valueEnd = pointerEnd < 0 ? -1 : input.indexOf('\n', pointerEnd + 1);
    if (valueEnd < 0)
        return 0;
    const QString pointer = QString::fromUtf8(input.left(pointerEnd));
    const QByteArray value = input.mid(pointerEnd + 1, valueEnd - pointerEnd - 1);
    const QByteArray document = input.mid(valueEnd + 1);

    // As `set` does: a document that does not parse, or a value that is not JSON, is refused before any edit.
    const ocw::ConfigAnalysis analysis = ocw::analyzeConfig(document);
    const SourceJson valueJson = SourceJson::parse(value);
    if (!analysis.json.isValid() || !valueJson.isValid())
        return 0;
    const QString absolute = analysis.resolvePointer(pointer);
    const ocw::EditResult result = ocw::setValueEdit(analysis.json, absolute, value);
    if (!result.edit)
        return 0;

    const ocw::TextEdit &edit = *result.edit;
    OCW_FUZZ_CHECK(edit.offset >= 0 && edit.length >= 0 && edit.offset + edit.length <= document.size());
    // The replaced bytes are the old value, or white space inside the object that gains a member.
    const int old = analysis.json.find(absolute);
    if (old >= 0)
        OCW_FUZZ_CHECK(edit.offset == analysis.json.node(old).start && edit.length == analysis.json.node(old).end - edit.offset);
    else
        OCW_FUZZ_CHECK(whiteSpace(document.mid(edit.offset, edit.length)));

    const QByteArray edited = edit.applyTo(document);
    OCW_FUZZ_CHECK(edited.startsWith(document.left(edit.offset)));
    OCW_FUZZ_CHECK(edited.endsWith(document.mid(edit.offset + edit.length)));
    const SourceJson after = SourceJson::parse(edited);
    OCW_FUZZ_CHECK(after.isValid());
    const int set = after.find(absolute);
    OCW_FUZZ_CHECK(set >= 0 && sameValue(after, set, valueJson, valueJson.root()));
    return 0;
}
