// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "loadprofile.h"
#include "shard.h"
#include "tracegenerator.h"

#include <functional>
#include <memory>

namespace ocw {

// Turns a profile into spans on the profile's own clock: trace i falls due when the rate shape's integral
// reaches i (1 ms grid), and its timestamps are that virtual time after `baseNanos`. So the same profile
// and seed give the same spans whatever the machine's speed; only the base time differs between runs.
class ProfileGenerator final
{
public:
    ProfileGenerator(const LoadProfile &profile, std::uint64_t seed, std::int64_t baseNanos, SpanWireForm form = SpanWireForm::Proto);

    // Decides per trace, by its index in the whole load, whether it is kept (sampling). A trace left out is
    // passed over unmade; the kept ones are the same whatever is sampled around them.
    void setKeep(std::function<bool(std::uint64_t trace)> keep) { m_keep = std::move(keep); }
    // Keeps only the shard's traces. The others are passed over: with a rate in spans the schedule needs
    // every trace's span count, which costs only the trace's structure draws (see TraceGenerator). A shard's
    // traces are byte for byte those of the whole load, at the same times.
    void setShard(Shard shard) { m_shard = shard; }
    // Asked before a kept trace is made, with its span count: false passes over it unmade (the callee counts
    // it, e.g. as dropped for a full queue), so that what could only be dropped costs no encoding.
    void setAdmit(std::function<bool(std::size_t spans)> admit) { m_admit = std::move(admit); }
    // Appends the traces due by `seconds` of virtual time, whole ones, until `maxSpans` spans were made
    // (kept or not); returns the spans appended.
    std::size_t appendDue(EncodedSpans &out, double seconds, std::size_t maxSpans);
    // Appends the next `traces` traces regardless of wall time (for `generate`); stops early when the
    // rate leaves nothing due for a whole day of virtual time.
    std::size_t appendNext(EncodedSpans &out, std::size_t traces);
    bool finished(double seconds) const;
    // Traces and spans made, the shards' and the sampled-out included: the schedule's position.
    std::uint64_t traces() const { return m_traces; }
    std::uint64_t spans() const { return m_spans; }

private:
    // Makes the next trace, or passes over it; returns its span count, and whether it was appended.
    std::pair<std::size_t, bool> appendOne(EncodedSpans &out);

    const LoadProfile m_profile;
    const std::int64_t m_base;
    RateSchedule m_schedule;
    std::unique_ptr<TraceGenerator> m_traceGenerator; // large (its arena block): on the heap
    std::function<bool(std::uint64_t)> m_keep;
    std::function<bool(std::size_t)> m_admit;
    Shard m_shard;
    double m_cursor = 0; // appendNext's virtual time
    std::uint64_t m_traces = 0;
    std::uint64_t m_spans = 0;
};

} // namespace ocw
