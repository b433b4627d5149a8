// SPDX-License-Identifier: Apache-2.0
#include "moduleexport.h"

#include "jsonformat.h"

namespace ocw {

QByteArray exportModuleSnippet(const ConfigAnalysis &analysis, ModuleNamespace ns)
{
    const JsonStyle style; // a snippet has no surroundings to match: two spaces and LF
    return "{\n  " + quoteJson(namespaceKey(ns)) + ": "
         + formatJson(analysis.json, analysis.module.node, style, style.indentUnit) + "\n}\n";
}

} // namespace ocw
