// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "receivedspan.h"

#include <QFlags>

#include <deque>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ocw {

// Why a trace is kept: it is among the newest, the slowest (by its root span's duration) or the latest erroring.
enum class KeptFor { Newest = 1, Slowest = 2, Erroring = 4 };
Q_DECLARE_FLAGS(KeptReasons, KeptFor)
Q_DECLARE_OPERATORS_FOR_FLAGS(KeptReasons)

// A trace as the store keeps it: its spans in arrival order, as many as fit in its share of the store.
struct KeptTrace {
    QByteArray id; // hex
    QList<ReceivedSpan> spans;
    qint64 startNanos = 0; // of the kept spans
    qint64 endNanos = 0;
    qint64 rootDurationNanos = -1; // -1 until the root span arrives
    QString rootName;
    int errorSpans = 0;
    std::uint64_t spansNotKept = 0; // past the trace's share
    std::uint64_t version = 0;      // changes whenever the trace does, so a view can skip what it already shows
    KeptReasons keptFor;

    bool rootSeen() const { return rootDurationNanos >= 0; }
    // The root's duration, or the kept spans' extent while the root has not come.
    qint64 durationNanos() const { return rootSeen() ? rootDurationNanos : endNanos - startNanos; }
    QString service() const { return spans.isEmpty() ? QString() : spans.first().serviceName; }
};

// The traces the Agent page inspects, in three bounded sets merged without duplicates: the newest traces,
// the slowest by root duration, and the latest with an erroring span. A span is looked at whatever the rate
// (a hash lookup and a few comparisons unless its trace is kept or joins), so a slow or failed trace is
// caught even when only some new traces are admitted to the newest set.
//
// Memory bound: at most Newest + Slowest + Erroring = 150 traces, each holding at most TraceBytes (256 KiB)
// of spans by approximateBytes(), so MaxBytes = 37.5 MiB of span data whatever a sender does; spans past a
// trace's share are counted in spansNotKept. Not thread-safe: the AgentRecorder calls it under its lock.
class TraceStore final
{
public:
    static constexpr std::size_t Newest = 50;
    static constexpr std::size_t Slowest = 50;
    static constexpr std::size_t Erroring = 50;
    static constexpr std::size_t TraceBytes = 256 * 1024;
    static constexpr std::size_t MaxBytes = (Newest + Slowest + Erroring) * TraceBytes;

    // `admitNew`: a trace not yet kept may join the newest set (the caller paces this at high rates).
    void add(const opencensus::proto::trace::v1::Span &span, const std::string &service, bool rootByZeroParent, bool admitNew);

    QList<KeptTrace> traces() const;
    std::size_t traceCount() const { return m_traces.size(); }
    std::size_t keptBytes() const { return m_bytes; }

private:
    struct Entry {
        KeptTrace trace;
        std::size_t bytes = 0;
    };
    using Traces = std::unordered_map<std::string, Entry>; // by the trace id's bytes

    void append(Entry &entry, ReceivedSpan span);
    // Puts the trace into the slowest or the erroring set if it now belongs there.
    void rank(Traces::iterator it, bool justErred);
    void drop(const std::string &traceId, KeptFor reason);
    // The shortest root duration that still makes the slowest set, or -1 while it has room.
    qint64 slowestThreshold() const;

    Traces m_traces;
    std::deque<std::string> m_newest;                     // oldest first
    std::vector<std::pair<qint64, std::string>> m_slowest; // by root duration, shortest first
    std::deque<std::string> m_erroring;                   // by the time of their last erroring span, oldest first
    std::size_t m_bytes = 0;
    std::uint64_t m_version = 0;
};

} // namespace ocw
