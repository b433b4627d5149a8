// SPDX-License-Identifier: Apache-2.0
#include "tracestore.h"

#include "unixnanos.h"

#include "opencensus/proto/trace/v1/trace.pb.h"

#include <algorithm>

namespace ocw {

namespace {

qint64 spanDuration(const opencensus::proto::trace::v1::Span &span)
{
    return std::max<qint64>(0, saturatingSub(unixNanos(span.end_time()), unixNanos(span.start_time())));
}

} // namespace

void TraceStore::add(const opencensus::proto::trace::v1::Span &span, const std::string &service, bool rootByZeroParent,
                     bool admitNew)
{
    const bool isRoot = rootByZeroParent || span.parent_span_id().empty();
    const bool failed = span.status().code() != 0;
    const qint64 rootDuration = isRoot ? spanDuration(span) : -1;
    auto it = m_traces.find(span.trace_id());
    if (it == m_traces.end()) {
        const bool joinsNewest = admitNew || m_newest.size() < Newest;
        if (!joinsNewest && !failed && !(isRoot && rootDuration > slowestThreshold()))
            return; // the common case at a high rate: nothing converted, nothing kept
        it = m_traces.try_emplace(span.trace_id()).first;
        it->second.trace.id = QByteArray::fromStdString(span.trace_id()).toHex();
        if (joinsNewest) {
            it->second.trace.keptFor |= KeptFor::Newest;
            m_newest.push_back(span.trace_id());
            if (m_newest.size() > Newest) {
                const std::string oldest = std::move(m_newest.front());
                m_newest.pop_front();
                drop(oldest, KeptFor::Newest); // another trace: `it` stays valid
            }
        }
    }
    ReceivedSpan received = receivedSpan(span, service, rootByZeroParent);
    if (isRoot) {
        it->second.trace.rootDurationNanos = rootDuration;
        it->second.trace.rootName = received.name;
    }
    append(it->second, std::move(received));
    rank(it, failed);
}

void TraceStore::append(Entry &entry, ReceivedSpan span)
{
    KeptTrace &trace = entry.trace;
    trace.version = ++m_version;
    trace.errorSpans += span.statusCode != 0;
    const std::size_t bytes = approximateBytes(span);
    if (entry.bytes + bytes > TraceBytes) {
        ++trace.spansNotKept;
        return;
    }
    if (trace.spans.isEmpty()) {
        trace.startNanos = span.startNanos;
        trace.endNanos = span.endNanos;
    }
    trace.startNanos = std::min(trace.startNanos, span.startNanos);
    trace.endNanos = std::max(trace.endNanos, span.endNanos);
    trace.spans.append(std::move(span));
    entry.bytes += bytes;
    m_bytes += bytes;
}

void TraceStore::rank(Traces::iterator it, bool justErred)
{
    KeptTrace &trace = it->second.trace;
    if (trace.rootSeen() && !(trace.keptFor & KeptFor::Slowest) && trace.rootDurationNanos > slowestThreshold()) {
        trace.keptFor |= KeptFor::Slowest;
        const std::pair<qint64, std::string> ranked{trace.rootDurationNanos, it->first};
        m_slowest.insert(std::upper_bound(m_slowest.begin(), m_slowest.end(), ranked,
                                          [](const auto &a, const auto &b) { return a.first < b.first; }),
                         ranked);
        if (m_slowest.size() > Slowest) {
            const std::string fastest = std::move(m_slowest.front().second);
            m_slowest.erase(m_slowest.begin());
            drop(fastest, KeptFor::Slowest);
        }
    }
    if (justErred) {
        if (trace.keptFor & KeptFor::Erroring)
            m_erroring.erase(std::find(m_erroring.begin(), m_erroring.end(), it->first));
        trace.keptFor |= KeptFor::Erroring;
        m_erroring.push_back(it->first);
        if (m_erroring.size() > Erroring) {
            const std::string oldest = std::move(m_erroring.front());
            m_erroring.pop_front();
            drop(oldest, KeptFor::Erroring);
        }
    }
}

void TraceStore::drop(const std::string &traceId, KeptFor reason)
{
    const auto it = m_traces.find(traceId);
    it->second.trace.keptFor &= ~KeptReasons(reason);
    it->second.trace.version = ++m_version;
    if (it->second.trace.keptFor)
        return;
    m_bytes -= it->second.bytes;
    m_traces.erase(it);
}

qint64 TraceStore::slowestThreshold() const
{
    return m_slowest.size() < Slowest ? -1 : m_slowest.front().first;
}

QList<KeptTrace> TraceStore::traces() const
{
    QList<KeptTrace> traces;
    traces.reserve(qsizetype(m_traces.size()));
    for (const auto &[id, entry] : m_traces)
        traces.append(entry.trace);
    return traces;
}

} // namespace ocw
