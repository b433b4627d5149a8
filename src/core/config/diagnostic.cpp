// SPDX-License-Identifier: Apache-2.0
#include "diagnostic.h"

#include <algorithm>

namespace ocw {

QString severityName(Severity severity)
{
    return severity == Severity::Error ? QStringLiteral("error") : QStringLiteral("warning");
}

bool hasErrors(const Diagnostics &diagnostics)
{
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic &d) { return d.isError(); });
}

} // namespace ocw
