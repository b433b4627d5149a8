// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "metricshape.h"
#include "rateshape.h"
#include "traceshape.h"

#include "config/diagnostic.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace ocw {

// A saved load: how fast (a rate shape over time), what traces, for how long, from which seed.
// The file format is JSON, versioned; docs/profiles.md describes it.
struct LoadProfile {
    static constexpr int FormatVersion = 1;

    QString name;
    QString description;
    std::uint64_t seed = 1;
    double durationSeconds = 0; // 0: until stopped
    enum class RateUnit { Traces, Spans };
    RateUnit rateUnit = RateUnit::Traces;
    RateShape rate;
    TraceShape traces;
    std::vector<MetricSpec> metrics; // empty: the gateway's HTTP views
    double metricIntervalSeconds = 0; // how often metrics are reported; 0: the config's reporting_period
};

struct LoadProfileResult {
    std::optional<LoadProfile> profile; // set when there is no error
    Diagnostics diagnostics;            // errors and warnings, with line, column and pointer
};

LoadProfileResult parseLoadProfile(const QByteArray &json);
// A rate shape as the profile's `rate.shape` array, on one line; parseLoadProfile reads it back unchanged.
QByteArray rateShapeJson(const RateShape &shape);

// The load of a run given no profile: KrakenD's traces at `spansPerSecond`, and the gateway's HTTP views.
LoadProfile defaultLoadProfile(double spansPerSecond);
// The metrics krakend-opencensus reports by default (ochttp's server views), for profiles that define none.
std::vector<MetricSpec> gatewayViews();

} // namespace ocw
