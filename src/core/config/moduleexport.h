// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "configanalysis.h"

namespace ocw {

// The module as an `extra_config` snippet: {"<namespace>": {...}}, two-space indented, keys in the
// document's order, values as written. Requires a found module.
QByteArray exportModuleSnippet(const ConfigAnalysis &analysis, ModuleNamespace ns);

} // namespace ocw
