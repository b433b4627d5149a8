// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "recording.h"
#include "replayrewriter.h"

#include "exporter/encodedspans.h"

#include <chrono>
#include <memory>
#include <optional>
#include <vector>

namespace ocw {

using Metric = opencensus::proto::metrics::v1::Metric;

// What `run --replay FILE [--speed X] [--loop]` sends.
struct ReplayOptions {
    std::shared_ptr<const Recording> recording;
    double speed = 1;         // the recorded spacing is divided by it; more than 0
    bool loop = false;        // start again after the last request, until the run is stopped
    std::uint64_t idSeed = 0; // of the fresh trace and span ids
};

// Sends a recording again, request by request, on the replay's own clock (from its start, pauses left out):
// request i is due at (t_i - t_0) / speed after its pass began, t being the recorded times. A pass lasts the
// recording's span plus one average gap between its requests (1 s when they were all at one moment), divided
// by the speed, so with `loop` the next pass's first request follows the last as the requests followed each other.
// Each request's spans get fresh ids (one mapping a pass: ReplayIds) and its times move to its send time
// (ReplayTimes). The recorded Node and Resource are not sent: the exporter sends its own, as configured.
//
// Not thread-safe: one thread (the run's generator) uses it.
class RecordingReplay final
{
public:
    explicit RecordingReplay(ReplayOptions options);

    // When the next request is due on the replay's clock; nullopt once every request was taken (never with loop).
    std::optional<std::chrono::nanoseconds> nextDue() const;
    // Rewrites the next request for sending at `sendNanos` (unix nanoseconds) and appends its spans, encoded,
    // to `spans` and its metrics to `metrics`.
    void takeNext(std::int64_t sendNanos, EncodedSpans &spans, std::vector<Metric> &metrics);

    std::chrono::nanoseconds passLength() const { return m_passLength; }
    std::uint64_t passesCompleted() const { return m_passes; }
    std::uint64_t requestsTaken() const { return m_taken; }

private:
    std::chrono::nanoseconds dueInPass(std::size_t index) const;

    const ReplayOptions m_options;
    const Recording &m_recording;
    std::int64_t m_origin = 0; // the earliest recorded time
    std::chrono::nanoseconds m_passLength{};
    ReplayIds m_ids;
    std::int64_t m_passOrigin = 0; // where m_origin lands in the current pass (unix ns)
    std::size_t m_next = 0;        // index of the next request in its pass
    std::uint64_t m_passes = 0;
    std::uint64_t m_taken = 0;
};

} // namespace ocw
