// SPDX-License-Identifier: Apache-2.0
#include "exportersnapshot.h"

#include <algorithm>
#include <array>

namespace ocw {

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Idle:
        return QStringLiteral("idle");
    case ConnectionState::Connecting:
        return QStringLiteral("connecting");
    case ConnectionState::Connected:
        return QStringLiteral("connected");
    case ConnectionState::Waiting:
        return QStringLiteral("waiting");
    case ConnectionState::Stopped:
        return QStringLiteral("stopped");
    case ConnectionState::Count:
        break;
    }
    return QString();
}

QString breakageName(Breakage breakage)
{
    static constexpr std::array<const char *, std::size_t(Breakage::Count)> names{"starting", "unreachable", "trace_stream",
                                                                                  "metrics_stream", "config_stream"};
    return QString::fromLatin1(names[std::size_t(breakage)]);
}

QString drainOutcomeName(DrainOutcome outcome)
{
    switch (outcome) {
    case DrainOutcome::NotStopped:
        return QStringLiteral("not_stopped");
    case DrainOutcome::Clean:
        return QStringLiteral("clean");
    case DrainOutcome::Deadline:
        return QStringLiteral("deadline");
    case DrainOutcome::Broken:
        return QStringLiteral("broken");
    case DrainOutcome::NotConnected:
        return QStringLiteral("not_connected");
    }
    return QString();
}

namespace {

// The drain outcome that says the least was settled: what a combined drain must report.
int drainSeverity(DrainOutcome outcome)
{
    switch (outcome) {
    case DrainOutcome::Clean:
        return 0;
    case DrainOutcome::NotStopped:
        return 1;
    case DrainOutcome::NotConnected:
        return 2;
    case DrainOutcome::Broken:
        return 3;
    case DrainOutcome::Deadline:
        return 4;
    }
    return 0;
}

} // namespace

ExporterSnapshot ExporterSnapshot::combined(const std::vector<ExporterSnapshot> &connections)
{
    if (connections.size() == 1)
        return connections.front();
    ExporterSnapshot total;
    if (connections.empty())
        return total;
    total.state = ConnectionState::Connected;
    total.wireMeasured = true;
    total.sampler = connections.front().sampler;
    total.drain = connections.front().drain;
    for (const ExporterSnapshot &c : connections) {
        if (total.state == ConnectionState::Connected && c.state != ConnectionState::Connected)
            total.state = c.state;
        for (std::size_t i = 0; i < total.secondsIn.size(); ++i)
            total.secondsIn[i] += c.secondsIn[i] / double(connections.size());
        total.connectionAttempts += c.connectionAttempts;
        total.connections += c.connections;
        total.reconnectionAttempts += c.reconnectionAttempts;
        total.reconnections += c.reconnections;
        total.streamFailures += c.streamFailures;
        total.requestsSent += c.requestsSent;
        total.bytesUncompressed += c.bytesUncompressed;
        total.bytesWire += c.bytesWire;
        total.wireMeasured = total.wireMeasured && c.wireMeasured; // a sum with an unmeasured part is no measurement
        total.spans += c.spans;
        total.points += c.points;
        total.queueBytes += c.queueBytes;
        if (!c.lastError.isEmpty())
            total.lastError = c.lastError;
        total.samplerUpdates += c.samplerUpdates;
        total.attempts.append(c.attempts);
        for (std::size_t i = 0; i < total.outageCosts.size(); ++i) {
            total.outageCosts[i].outages += c.outageCosts[i].outages;
            total.outageCosts[i].spans += c.outageCosts[i].spans;
            total.outageCosts[i].points += c.outageCosts[i].points;
        }
        total.healthyTraceStreamsClosed += c.healthyTraceStreamsClosed;
        total.unauthenticatedStreams += c.unauthenticatedStreams;
        if (drainSeverity(c.drain) > drainSeverity(total.drain))
            total.drain = c.drain;
        total.drainSeconds = std::max(total.drainSeconds, c.drainSeconds);
    }
    std::stable_sort(total.attempts.begin(), total.attempts.end(),
                     [](const ConnectionAttempt &a, const ConnectionAttempt &b) { return a.startedAt < b.startedAt; });
    if (total.attempts.size() > MaxAttemptsKept)
        total.attempts.remove(0, total.attempts.size() - MaxAttemptsKept);
    return total;
}

} // namespace ocw
