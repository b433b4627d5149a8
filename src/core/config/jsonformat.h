// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sourcejson.h"

#include <QByteArray>

namespace ocw {

// How a document lays itself out, so that text we insert looks like the text around it.
struct JsonStyle {
    QByteArray indentUnit = "  ";
    QByteArray lineEnd = "\n";
    QByteArray keySeparator = ": ";

    static JsonStyle detect(const SourceJson &doc);
};

// A value written out with `style`; nested lines start with `baseIndent`. Scalars keep their source
// text exactly (escapes and number literals as written).
QByteArray formatJson(const SourceJson &doc, int node, const JsonStyle &style, const QByteArray &baseIndent = {});
// A JSON string literal for `text`.
QByteArray quoteJson(const QString &text);

} // namespace ocw
