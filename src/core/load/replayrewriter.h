// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "random.h"

#include "opencensus/proto/metrics/v1/metrics.pb.h"
#include "opencensus/proto/trace/v1/trace.pb.h"

#include <cstdint>
#include <string>
#include <unordered_map>

namespace ocw {

// Fresh trace and span ids for one pass of a replay. Every id of the recording maps to one fresh id
// wherever it appears (a span's own, its parent's, its links'), so each trace keeps its tree; ids met
// later in the pass map the same way. A root's parent id, empty or all zero bytes (KrakenD's Go exporter
// writes 8 zeros), stays as it is. Everything else of a span (names, attributes, status, kind) is untouched.
class ReplayIds final
{
public:
    explicit ReplayIds(std::uint64_t seed);
    // A new pass: no recorded id keeps the fresh id it had.
    void startPass();
    void rewrite(opencensus::proto::trace::v1::Span &span);

private:
    const std::string &fresh(std::unordered_map<std::string, std::string> &ids, const std::string &recorded);

    Random m_random;
    std::unordered_map<std::string, std::string> m_traceIds;
    std::unordered_map<std::string, std::string> m_spanIds;
};

// Where a replayed request's times go. Its own timestamps (span start and end, time events, metric points,
// exemplars) move by `shiftNanos`, which puts its recorded time on its send time: durations are kept.
// A cumulative series' start_timestamp is a moment of the recording instead: it maps the way send times do
// (its distance from the recording's first moment divided by the speed), so it stays the same from one
// report to the next, as a counter that has not been reset; at most its first point's time.
struct ReplayTimes {
    std::int64_t shiftNanos = 0;
    std::int64_t recordingOrigin = 0; // the recording's first request time (unix ns)
    std::int64_t passOrigin = 0;      // where that moment lands in this pass
    double speed = 1;

    std::int64_t mapMoment(std::int64_t recordedNanos) const;
    void rewrite(opencensus::proto::trace::v1::Span &span) const;
    void rewrite(opencensus::proto::metrics::v1::Metric &metric) const;
};

} // namespace ocw
