// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/agentsnapshot.h"
#include "run/loadrun.h"

#include <QByteArray>
#include <QList>
#include <QPointF>

#include <array>
#include <deque>

namespace ocw {

// The quantities the dashboard charts, each a rate or level at one moment of a run.
enum class RunSeries {
    SpansGenerated,    // spans a second, over the last second
    SpansWritten,      // handed to the trace stream (the agent confirms delivery only when a stream ends)
    SpansDropped,
    SpansReceived,     // by the embedded agent, when the run targets it
    PointsGenerated,   // metric points a second
    PointsWritten,
    PointsDropped,
    PointsReceived,
    BytesUncompressed, // serialized bytes a second, before compression
    BytesWire,         // bytes a second on the agent's socket
    CompressionRatio,  // the two above, divided; held while nothing is written
    QueuedItems,       // spans and points waiting in the queue
    ConnectedPercent,  // share of the last second spent connected
    Count
};
QString runSeriesName(RunSeries series);  // "spans_written_per_s", ...: CSV headers
QString runSeriesLabel(RunSeries series); // "written", ...: chart legends

// A run's history for the live charts, fed with the snapshots of one run (about ten a second). It keeps
// `retentionSeconds` of samples and forgets older ones, so its memory is bounded however long the run.
// Rates are taken over the last second of cumulative counts, so batching does not make them saw-toothed.
class RunHistory final
{
public:
    struct Sample {
        double seconds = 0; // since the run started
        std::array<double, std::size_t(RunSeries::Count)> values{};
        bool paused = false;             // the load was paused
        std::uint64_t reconnections = 0; // so far: a CSV column, so that the events sit on their rows
    };
    struct Stretch {
        double from;
        double to;
    };

    explicit RunHistory(double retentionSeconds = 3600);

    // `agent` is null when the run targets another agent.
    void add(const RunSnapshot &run, const AgentSnapshot *agent);
    void clear();

    const std::deque<Sample> &samples() const { return m_samples; }
    double lastSeconds() const { return m_samples.empty() ? 0.0 : m_samples.back().seconds; }
    // When each reconnection succeeded (seconds since the start), within the retention.
    const std::deque<double> &reconnectionTimes() const { return m_reconnectionTimes; }
    std::uint64_t reconnections() const { return m_reconnections; }
    double retentionSeconds() const { return m_retention; }

    // The series between `from` and `to` seconds, at most two points (the lowest and the highest, in time
    // order) for each of `buckets` equal slices: what a chart `buckets` pixels wide can show.
    QList<QPointF> decimated(RunSeries series, double from, double to, int buckets) const;
    // The stretches between `from` and `to` seconds while the load was paused, for the charts' shading.
    QList<Stretch> pausedStretches(double from, double to) const;
    // Every sample kept, one row each under one header row, "seconds,<series>...,paused,reconnections", and
    // nothing else: pandas and spreadsheets read it as is.
    QByteArray toCsv() const;

private:
    struct Counts {
        double seconds = 0;
        std::array<double, std::size_t(RunSeries::Count)> totals{}; // cumulative, for the rate series
    };
    static Counts countsOf(const RunSnapshot &run, const AgentSnapshot *agent);

    double m_retention;
    std::deque<Sample> m_samples;
    std::deque<Counts> m_recentCounts; // the last second or so, for the rates
    std::deque<double> m_reconnectionTimes;
    std::uint64_t m_reconnections = 0;
    double m_lastRatio = 0;
};

} // namespace ocw
