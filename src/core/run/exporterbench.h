// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace ocw {

// The exporter measured against the embedded agent on loopback (`ocworkbench-cli bench`, and any caller
// that wants the figures). Each function blocks for the time it measures.

struct ThroughputResult {
    bool gzip = false;
    double ceilingSpansPerSecond = 0;  // 300-span requests serialized beforehand, on a bare stream
    double exporterSpansPerSecond = 0; // a LoadRun offered 1.1 × the ceiling, as the agent counted
    double closedLoopSpansPerSecond = 0; // a LoadRun as fast as it drains (run --rate max), as the agent counted
    double wireCountingRatio = 0;      // median of counted ÷ uncounted wire bytes runs
    std::vector<double> wireCountingRatios; // each pair's, sorted
    double ratio() const { return ceilingSpansPerSecond > 0 ? exporterSpansPerSecond / ceilingSpansPerSecond : 0; }
    double closedLoopRatio() const { return ceilingSpansPerSecond > 0 ? closedLoopSpansPerSecond / ceilingSpansPerSecond : 0; }
    QJsonObject toJson() const;
};

struct OutageResult {
    double seconds = 0;
    qint64 residentKiBStart = 0;
    qint64 residentKiBAfterFill = -1; // after 5 s, when the queue is full
    qint64 residentKiBEnd = 0;
    std::vector<qint64> residentKiBPerSecond;
    std::uint64_t spansGenerated = 0;
    std::uint64_t spansDropped = 0;
    std::uint64_t spansQueuedAtStop = 0;
    bool balanced = false;
    double growthAfterFill() const { return residentKiBAfterFill > 0 ? double(residentKiBEnd) / double(residentKiBAfterFill) : 0.0; }
    QJsonObject toJson() const;
};

// Throughput with gzip on or off for `seconds` a phase, against a fresh embedded agent; nullopt and
// `error` when the agent cannot start.
std::optional<ThroughputResult> measureThroughput(bool gzip, double seconds, QString *error);

// The agent down for `seconds` while the generator runs flat out: resident memory must stay flat once the
// queue is full. `progress` is called each second with the resident memory and the spans dropped so far.
OutageResult measureOutage(double seconds, const std::function<void(int second, qint64 residentKiB, std::uint64_t dropped)> &progress);

// This process's resident memory, from /proc/self/status; -1 when unknown.
qint64 residentKiB();

} // namespace ocw
