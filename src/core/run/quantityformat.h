// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <cstdint>

namespace ocw {

// How the workbench writes quantities for people (progress lines, counters, summaries), in the user's
// locale: one place, so that the CLI and every page agree.
QString formatCount(std::uint64_t count);      // "1,234,567"
QString formatMegabytes(std::uint64_t bytes);  // "12.35 MB"

} // namespace ocw
