// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace ocw {

enum class Severity { Error, Warning };

// One problem found in a config file: what, where (line, column, JSON pointer) and which rule.
struct Diagnostic {
    Severity severity = Severity::Error;
    QString rule;      // "OCW203"
    int line = 1;      // 1-based
    int column = 1;    // 1-based, in characters
    qsizetype offset = 0; // byte offset of the same place, for editors
    QString pointer;   // JSON pointer of the offending value ("" is the whole document)
    QString message;   // what is wrong and what is expected

    bool isError() const { return severity == Severity::Error; }
};

using Diagnostics = QList<Diagnostic>;

QString severityName(Severity severity);
bool hasErrors(const Diagnostics &diagnostics);

} // namespace ocw

Q_DECLARE_METATYPE(ocw::Diagnostic)
