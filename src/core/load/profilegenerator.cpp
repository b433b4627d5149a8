// SPDX-License-Identifier: Apache-2.0
#include "profilegenerator.h"

#include <cmath>

namespace ocw {

ProfileGenerator::ProfileGenerator(const LoadProfile &profile, std::uint64_t seed, std::int64_t baseNanos, SpanWireForm form)
    : m_profile(profile), m_base(baseNanos), m_schedule(profile.rate),
      m_traceGenerator(std::make_unique<TraceGenerator>(profile.traces, seed, form))
{
}

std::pair<std::size_t, bool> ProfileGenerator::appendOne(EncodedSpans &out)
{
    // With a rate in spans, the schedule counts spans; a trace is due when its first span is.
    const std::uint64_t item = m_profile.rateUnit == LoadProfile::RateUnit::Spans ? m_spans : m_traces;
    const auto at = std::int64_t(std::llround(m_schedule.timeOf(item) * 1e9));
    bool keep = m_shard.owns(m_traces) && (!m_keep || m_keep(m_traces));
    if (keep && m_admit)
        keep = m_admit(m_traceGenerator->nextTraceSpans());
    const std::size_t spans = keep ? m_traceGenerator->appendTrace(out, m_base + at) : m_traceGenerator->skipTrace();
    ++m_traces;
    m_spans += spans;
    return {spans, keep};
}

std::size_t ProfileGenerator::appendDue(EncodedSpans &out, double seconds, std::size_t maxSpans)
{
    if (m_profile.durationSeconds > 0)
        seconds = std::min(seconds, m_profile.durationSeconds);
    const std::uint64_t due = m_schedule.dueBy(seconds);
    std::size_t appended = 0;
    std::size_t made = 0;
    while (made < maxSpans) {
        const std::uint64_t done = m_profile.rateUnit == LoadProfile::RateUnit::Spans ? m_spans : m_traces;
        if (done >= due)
            break;
        const auto [spans, kept] = appendOne(out);
        made += spans;
        appended += kept ? spans : 0;
    }
    return appended;
}

std::size_t ProfileGenerator::appendNext(EncodedSpans &out, std::size_t traces)
{
    constexpr double kGiveUpSeconds = 86400;
    std::size_t appended = 0;
    for (std::size_t i = 0; i < traces; ++i) {
        // Advance the schedule just far enough for the next item, so its virtual time is known.
        const std::uint64_t next = (m_profile.rateUnit == LoadProfile::RateUnit::Spans ? m_spans : m_traces) + 1;
        const double limit = m_cursor + kGiveUpSeconds;
        while (m_schedule.dueBy(m_cursor) < next && m_cursor < limit)
            m_cursor += RateSchedule::TickSeconds;
        if (m_schedule.dueBy(m_cursor) < next)
            break;
        const auto [spans, kept] = appendOne(out);
        appended += kept ? spans : 0;
    }
    return appended;
}

bool ProfileGenerator::finished(double seconds) const
{
    return m_profile.durationSeconds > 0 && seconds >= m_profile.durationSeconds;
}

} // namespace ocw
