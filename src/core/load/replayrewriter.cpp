// SPDX-License-Identifier: Apache-2.0
#include "replayrewriter.h"

#include "unixnanos.h"

#include <algorithm>
#include <limits>

namespace ocw {

namespace {

using google::protobuf::Timestamp;

void setUnixNanos(Timestamp &t, std::int64_t nanos)
{
    // Timestamp's nanos are never negative, also before 1970.
    std::int64_t seconds = nanos / 1000000000;
    std::int64_t rest = nanos % 1000000000;
    if (rest < 0) {
        rest += 1000000000;
        --seconds;
    }
    t.set_seconds(seconds);
    t.set_nanos(std::int32_t(rest));
}

void shift(Timestamp &t, std::int64_t byNanos)
{
    setUnixNanos(t, saturatingAdd(unixNanos(t), byNanos));
}

bool allZero(const std::string &id)
{
    return std::all_of(id.begin(), id.end(), [](char byte) { return byte == 0; });
}

} // namespace

ReplayIds::ReplayIds(std::uint64_t seed) : m_random(seed) {}

void ReplayIds::startPass()
{
    m_traceIds.clear();
    m_spanIds.clear();
}

const std::string &ReplayIds::fresh(std::unordered_map<std::string, std::string> &ids, const std::string &recorded)
{
    const auto [entry, inserted] = ids.try_emplace(recorded);
    if (inserted) {
        std::string &id = entry->second;
        id.resize(recorded.size());
        // An all-zero id is invalid (and, as a parent, would read as a root).
        while (!id.empty() && allZero(id))
            for (std::size_t i = 0; i < id.size(); i += 8) {
                const std::uint64_t bits = m_random.next();
                std::copy_n(reinterpret_cast<const char *>(&bits), std::min<std::size_t>(8, id.size() - i), id.begin() + std::ptrdiff_t(i));
            }
    }
    return entry->second;
}

void ReplayIds::rewrite(opencensus::proto::trace::v1::Span &span)
{
    if (!span.trace_id().empty())
        span.set_trace_id(fresh(m_traceIds, span.trace_id()));
    if (!span.span_id().empty())
        span.set_span_id(fresh(m_spanIds, span.span_id()));
    if (!allZero(span.parent_span_id())) // a root's parent, empty or zeros, stays
        span.set_parent_span_id(fresh(m_spanIds, span.parent_span_id()));
    if (!span.has_links())
        return;
    for (auto &link : *span.mutable_links()->mutable_link()) {
        if (!link.trace_id().empty())
            link.set_trace_id(fresh(m_traceIds, link.trace_id()));
        if (!link.span_id().empty())
            link.set_span_id(fresh(m_spanIds, link.span_id()));
    }
}

std::int64_t ReplayTimes::mapMoment(std::int64_t recordedNanos) const
{
    if (recordedNanos < recordingOrigin)
        return saturatingAdd(recordedNanos, saturatingSub(passOrigin, recordingOrigin)); // before the recording began: its distance is kept
    return saturatingAdd(passOrigin, clampToNanos(double(saturatingSub(recordedNanos, recordingOrigin)) / speed));
}

void ReplayTimes::rewrite(opencensus::proto::trace::v1::Span &span) const
{
    if (span.has_start_time())
        shift(*span.mutable_start_time(), shiftNanos);
    if (span.has_end_time())
        shift(*span.mutable_end_time(), shiftNanos);
    if (span.has_time_events())
        for (auto &event : *span.mutable_time_events()->mutable_time_event())
            if (event.has_time())
                shift(*event.mutable_time(), shiftNanos);
}

void ReplayTimes::rewrite(opencensus::proto::metrics::v1::Metric &metric) const
{
    for (auto &series : *metric.mutable_timeseries()) {
        std::int64_t firstPoint = std::numeric_limits<std::int64_t>::max();
        for (auto &point : *series.mutable_points()) {
            if (point.has_timestamp()) {
                shift(*point.mutable_timestamp(), shiftNanos);
                firstPoint = std::min(firstPoint, unixNanos(point.timestamp()));
            }
            if (point.has_distribution_value())
                for (auto &bucket : *point.mutable_distribution_value()->mutable_buckets())
                    if (bucket.has_exemplar() && bucket.exemplar().has_timestamp())
                        shift(*bucket.mutable_exemplar()->mutable_timestamp(), shiftNanos);
        }
        if (series.has_start_timestamp())
            setUnixNanos(*series.mutable_start_timestamp(), std::min(mapMoment(unixNanos(series.start_timestamp())), firstPoint));
    }
}

} // namespace ocw
