// SPDX-License-Identifier: Apache-2.0
#include "diagnosticformat.h"

#include <QJsonObject>

namespace ocw {

QString formatDiagnosticLine(const QString &file, const Diagnostic &d)
{
    return QStringLiteral("%1:%2:%3: %4: [%5] %6 (at %7)")
        .arg(file)
        .arg(d.line)
        .arg(d.column)
        .arg(severityName(d.severity), d.rule, d.message, d.pointer);
}

QJsonObject diagnosticToJson(const QString &file, const Diagnostic &d)
{
    return QJsonObject{{QStringLiteral("file"), file},
                       {QStringLiteral("severity"), severityName(d.severity)},
                       {QStringLiteral("rule"), d.rule},
                       {QStringLiteral("line"), d.line},
                       {QStringLiteral("column"), d.column},
                       {QStringLiteral("pointer"), d.pointer},
                       {QStringLiteral("message"), d.message}};
}

} // namespace ocw
