// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diagnostic.h"

#include <QJsonArray>
#include <QJsonObject>

namespace ocw {

// "FILE:LINE:COL: error: [OCW203] message (at /json/pointer)", the form compilers and editors read.
QString formatDiagnosticLine(const QString &file, const Diagnostic &diagnostic);
// {file, severity, rule, line, column, pointer, message}
QJsonObject diagnosticToJson(const QString &file, const Diagnostic &diagnostic);

} // namespace ocw
