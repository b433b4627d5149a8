// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sourcejson.h"
#include "textedit.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace ocw {

struct EditResult {
    std::optional<TextEdit> edit;
    QString error; // what is wrong when there is no edit
};

// Sets the value at `pointer` to `jsonValue` (JSON text). An existing value is replaced in place; a
// missing one is inserted with the objects leading to it, laid out like the document around it.
EditResult setValueEdit(const SourceJson &doc, const QString &pointer, const QByteArray &jsonValue);
// Removes the member or element at `pointer` with its comma, leaving the rest untouched.
EditResult removeValueEdit(const SourceJson &doc, const QString &pointer);

} // namespace ocw
