// SPDX-License-Identifier: Apache-2.0
#include "runhistory.h"

#include <algorithm>
#include <cmath>

namespace ocw {

namespace {

constexpr double kRateWindowSeconds = 1.0;

struct SeriesInfo {
    const char *name;
    const char *label;
};
constexpr std::array<SeriesInfo, std::size_t(RunSeries::Count)> kSeries{{
    {"spans_generated_per_s", "generated"},
    {"spans_written_per_s", "written"},
    {"spans_dropped_per_s", "dropped"},
    {"spans_received_per_s", "received by the agent"},
    {"points_generated_per_s", "generated"},
    {"points_written_per_s", "written"},
    {"points_dropped_per_s", "dropped"},
    {"points_received_per_s", "received by the agent"},
    {"bytes_uncompressed_per_s", "before compression"},
    {"bytes_wire_per_s", "on the wire"},
    {"compression_ratio", "compression ratio"},
    {"queued_items", "queued"},
    {"connected_percent", "connected"},
}};

std::size_t index(RunSeries s)
{
    return std::size_t(s);
}

} // namespace

QString runSeriesName(RunSeries series)
{
    return QString::fromLatin1(kSeries[index(series)].name);
}

QString runSeriesLabel(RunSeries series)
{
    return QString::fromLatin1(kSeries[index(series)].label);
}

RunHistory::RunHistory(double retentionSeconds)
    : m_retention(retentionSeconds)
{
}

RunHistory::Counts RunHistory::countsOf(const RunSnapshot &run, const AgentSnapshot *agent)
{
    const ExporterSnapshot &e = run.exporter;
    Counts c;
    c.seconds = run.elapsedSeconds;
    auto &t = c.totals;
    t[index(RunSeries::SpansGenerated)] = double(e.spans.generated);
    t[index(RunSeries::SpansWritten)] = double(e.spans.written);
    t[index(RunSeries::SpansDropped)] = double(e.spans.dropped());
    t[index(RunSeries::PointsGenerated)] = double(e.points.generated);
    t[index(RunSeries::PointsWritten)] = double(e.points.written);
    t[index(RunSeries::PointsDropped)] = double(e.points.dropped());
    if (agent) {
        t[index(RunSeries::SpansReceived)] = double(agent->spans);
        t[index(RunSeries::PointsReceived)] = double(agent->points);
    }
    t[index(RunSeries::BytesUncompressed)] = double(e.bytesUncompressed);
    t[index(RunSeries::BytesWire)] = double(e.bytesWire);
    t[index(RunSeries::ConnectedPercent)] = e.secondsIn[std::size_t(ConnectionState::Connected)];
    return c;
}

void RunHistory::add(const RunSnapshot &run, const AgentSnapshot *agent)
{
    if (!m_samples.empty() && run.elapsedSeconds <= m_samples.back().seconds)
        return; // a repeated snapshot (the final one after a stop, say) adds nothing
    const Counts now = countsOf(run, agent);
    m_recentCounts.push_back(now);
    // The oldest count at least a second old anchors the rates; keep just enough to find it next time.
    while (m_recentCounts.size() > 2 && now.seconds - m_recentCounts[1].seconds >= kRateWindowSeconds)
        m_recentCounts.pop_front();
    const Counts &then = m_recentCounts.front();
    const double span = now.seconds - then.seconds;

    Sample sample;
    sample.seconds = now.seconds;
    for (RunSeries s : {RunSeries::SpansGenerated, RunSeries::SpansWritten, RunSeries::SpansDropped, RunSeries::SpansReceived,
                        RunSeries::PointsGenerated, RunSeries::PointsWritten, RunSeries::PointsDropped, RunSeries::PointsReceived,
                        RunSeries::BytesUncompressed, RunSeries::BytesWire}) {
        sample.values[index(s)] = span > 0 ? (now.totals[index(s)] - then.totals[index(s)]) / span : 0.0;
    }
    const double wire = now.totals[index(RunSeries::BytesWire)] - then.totals[index(RunSeries::BytesWire)];
    const double uncompressed = now.totals[index(RunSeries::BytesUncompressed)] - then.totals[index(RunSeries::BytesUncompressed)];
    // Connection attempts put bytes on the wire with no message in them: no ratio to tell then.
    if (wire > 0 && uncompressed > 0)
        m_lastRatio = uncompressed / wire;
    sample.values[index(RunSeries::CompressionRatio)] = m_lastRatio;
    sample.values[index(RunSeries::QueuedItems)] = double(run.exporter.spans.queued + run.exporter.points.queued);
    sample.values[index(RunSeries::ConnectedPercent)] =
        span > 0 ? std::clamp(100.0 * (now.totals[index(RunSeries::ConnectedPercent)] - then.totals[index(RunSeries::ConnectedPercent)]) / span,
                              0.0, 100.0)
                 : (run.exporter.state == ConnectionState::Connected ? 100.0 : 0.0);
    sample.paused = run.paused;
    if (run.exporter.reconnections > m_reconnections) {
        m_reconnections = run.exporter.reconnections;
        m_reconnectionTimes.push_back(now.seconds);
    }
    sample.reconnections = m_reconnections;
    m_samples.push_back(sample);
    const double oldest = now.seconds - m_retention;
    while (!m_samples.empty() && m_samples.front().seconds < oldest)
        m_samples.pop_front();
    while (!m_reconnectionTimes.empty() && m_reconnectionTimes.front() < oldest)
        m_reconnectionTimes.pop_front();
}

void RunHistory::clear()
{
    m_samples.clear();
    m_recentCounts.clear();
    m_reconnectionTimes.clear();
    m_reconnections = 0;
    m_lastRatio = 0;
}

QList<QPointF> RunHistory::decimated(RunSeries series, double from, double to, int buckets) const
{
    QList<QPointF> points;
    if (buckets <= 0 || to <= from)
        return points;
    const auto first = std::lower_bound(m_samples.begin(), m_samples.end(), from,
                                        [](const Sample &s, double t) { return s.seconds < t; });
    const double width = (to - from) / buckets;
    const std::size_t v = index(series);
    // The last bucket also holds the sample at exactly `to`.
    const auto bucketOf = [&](double seconds) { return std::min(buckets - 1, int((seconds - from) / width)); };
    auto it = first;
    while (it != m_samples.end() && it->seconds <= to) {
        // One slice: its lowest and highest samples, in the order they came.
        const int bucket = bucketOf(it->seconds);
        auto low = it;
        auto high = it;
        for (++it; it != m_samples.end() && it->seconds <= to && bucketOf(it->seconds) == bucket; ++it) {
            if (it->values[v] < low->values[v])
                low = it;
            if (it->values[v] > high->values[v])
                high = it;
        }
        const auto earlier = low->seconds <= high->seconds ? low : high;
        const auto later = earlier == low ? high : low;
        points.append(QPointF(earlier->seconds, earlier->values[v]));
        if (later != earlier)
            points.append(QPointF(later->seconds, later->values[v]));
    }
    return points;
}

QList<RunHistory::Stretch> RunHistory::pausedStretches(double from, double to) const
{
    // A stretch runs from its first paused sample to the first sample after it (or the last one).
    QList<Stretch> stretches;
    auto it = std::lower_bound(m_samples.begin(), m_samples.end(), from, [](const Sample &s, double t) { return s.seconds < t; });
    if (it != m_samples.begin())
        --it; // a stretch that began before `from`
    while (it != m_samples.end() && it->seconds <= to) {
        if (!it->paused) {
            ++it;
            continue;
        }
        const double start = it->seconds;
        while (it != m_samples.end() && it->paused)
            ++it;
        const double end = it != m_samples.end() ? it->seconds : m_samples.back().seconds;
        stretches.append({std::max(start, from), std::min(end, to)});
    }
    return stretches;
}

QByteArray RunHistory::toCsv() const
{
    QByteArray csv = "seconds";
    for (std::size_t i = 0; i < kSeries.size(); ++i)
        csv += ',' + QByteArray(kSeries[i].name);
    csv += ",paused,reconnections\n";
    for (const Sample &s : m_samples) {
        csv += QByteArray::number(s.seconds, 'f', 3);
        for (double value : s.values)
            csv += ',' + QByteArray::number(value, 'g', 10);
        csv += ',' + QByteArray::number(s.paused ? 1 : 0) + ',' + QByteArray::number(s.reconnections) + '\n';
    }
    return csv;
}

} // namespace ocw
