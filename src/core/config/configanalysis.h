// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diagnostic.h"
#include "opencensusconfig.h"
#include "sourcejson.h"

#include <optional>

namespace ocw {

// Where the OpenCensus module stands in the document.
struct ModuleLocation {
    int node = -1;       // the module object, or -1 when the file has none
    QString pointer;     // "/extra_config/telemetry~1opencensus"; "" for a bare module object
    std::optional<ModuleNamespace> ns; // nullopt for a bare module object
};

// A krakend.json (or a bare module object) read and checked: the tree with positions, every problem,
// and the typed module.
struct ConfigAnalysis {
    SourceJson json;
    Diagnostics diagnostics;
    ModuleLocation module;
    OpenCensusConfig config;

    bool moduleFound() const { return module.node >= 0; }
    bool hasErrors() const { return ocw::hasErrors(diagnostics); }
    // The namespace an export or an inserted module uses when the caller names none.
    ModuleNamespace preferredNamespace() const;
    // The absolute pointer of a module-relative one ("exporters/ocagent/address"); an absolute pointer
    // ("/...") is returned as it is. Where the module is absent, it lands where an insert would put it.
    QString resolvePointer(const QString &pointer) const;
};

ConfigAnalysis analyzeConfig(const QByteArray &bytes);

// The edit distance used for "did you mean" suggestions.
int editDistance(QStringView a, QStringView b);

} // namespace ocw
