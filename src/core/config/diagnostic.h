// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "textedit.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace ocw {

enum class Severity { Error, Warning };

// A mechanical repair of one problem (the key meant, quotes dropped, a port added): one byte-range edit that
// leaves every other byte of the file as it was.
struct QuickFix {
    QString title; // "Replace with \"sample_rate\""
    TextEdit edit;

    bool operator==(const QuickFix &) const = default;
};

// One problem found in a config file: what, where (line, column, JSON pointer) and which rule.
struct Diagnostic {
    Severity severity = Severity::Error;
    QString rule;      // "OCW203"
    int line = 1;      // 1-based
    int column = 1;    // 1-based, in characters
    qsizetype offset = 0; // byte offset of the same place, for editors
    QString pointer;   // JSON pointer of the offending value ("" is the whole document)
    QString message;   // what is wrong and what is expected
    std::optional<QuickFix> fix; // set where the repair is mechanical

    bool isError() const { return severity == Severity::Error; }
    bool operator==(const Diagnostic &) const = default;
};

using Diagnostics = QList<Diagnostic>;

QString severityName(Severity severity);
bool hasErrors(const Diagnostics &diagnostics);

} // namespace ocw

Q_DECLARE_METATYPE(ocw::Diagnostic)
