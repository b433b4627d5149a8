// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/configanalysis.h"
#include "run/loadrun.h"

namespace ocw {

struct RunOptionsResult {
    std::optional<RunOptions> options;
    QString error; // why not: the config has errors, no ocagent exporter, a TLS file cannot be read, ...
};

// A run exactly as the config says: the ocagent exporter's options, the module's sample_rate and
// reporting_period, and the module (header values masked) for the report. The load is KrakenD's at
// `spansPerSecond` until a profile is set. Shared by `ocworkbench-cli run`, the demo and the run page.
RunOptionsResult runOptionsFromConfig(const ConfigAnalysis &analysis, const RunSettings &settings, double spansPerSecond);

// The krakend.json the demo runs when none is given: the bundled example, KrakenD 2.x.
QByteArray demoConfig();
inline constexpr double DemoSpansPerSecond = 3000;

} // namespace ocw
