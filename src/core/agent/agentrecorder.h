// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agentsnapshot.h"
#include "sendermetadata.h"
#include "tracestore.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ocw {

// Counts and checks what the agent receives; called from gRPC's server threads, read by anyone.
// Checks: the Node on each stream's first message, trace ids of 16 bytes and span ids of 8, end not
// before start, parents inside their trace, no more label values than label keys, distribution counts
// matching their buckets. What real senders are known to do (the Go exporter's all-zero root parents, say)
// is counted as a quirk, not a violation. Keeps the newest, slowest and erroring traces (TraceStore) and a
// bounded window of recent metrics for the views.
class AgentRecorder final
{
public:
    static constexpr std::size_t RecentMetrics = 500;
    static constexpr std::size_t TrackedTraces = 20000; // traces whose parent links are still checked
    // Spans of those traces (16 bytes each: the span id and the parent id), so that a sender that never ends a
    // trace cannot grow the agent without bound.
    static constexpr std::size_t TrackedSpans = 1000000;
    // Distinct Nodes and header names listed; more are counted (nodesNotListed, headerNamesNotListed), so a sender
    // that makes up a new one per message cannot grow the agent without bound.
    static constexpr std::size_t ListedNodes = 1000;
    static constexpr std::size_t ListedHeaderNames = 64;
    // A trace is complete, and its parent links checked, once none of its spans has come for this long. The
    // Go exporter sends its spans every 2 s, each when it ends, so one trace can arrive over a few seconds.
    static constexpr auto DefaultTraceQuietPeriod = std::chrono::seconds(10);

    explicit AgentRecorder(std::chrono::milliseconds traceQuietPeriod = DefaultTraceQuietPeriod);

    enum class StreamKind { Trace, Metrics, Config };

    // `metadata`: what the sender put on the stream (senderMetadata()).
    void streamOpened(StreamKind kind, const SenderMetadata &metadata);
    void streamClosed();
    // A stream refused for its header; `headerMissing`: it carried none of that name (not just a wrong value).
    void rejected(bool headerMissing);
    // A message or a stream refused for a limit or a malformed message.
    void refused(Refusal reason);
    void faultInjected();

    // `node` is the stream's current Node: the first message's, unless a later one replaces it.
    void traceRequest(const opencensus::proto::agent::trace::v1::ExportTraceServiceRequest &request, bool firstOnStream,
                      std::string &streamService);
    void metricsRequest(const opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest &request,
                        bool firstOnStream);
    void configMessage(const opencensus::proto::agent::trace::v1::CurrentLibraryConfig &message, bool firstOnStream);

    AgentSnapshot snapshot() const;
    // The traces kept for inspection (TraceStore): copies that share their spans' data until the store changes.
    QList<KeptTrace> keptTraces() const;
    QList<ReceivedMetric> recentMetrics() const;
    // Checks the parent links of every trace still tracked; for the final summary, when no more spans come.
    // Before that, a trace is checked when it has been quiet for the quiet period or leaves the tracked window.
    void checkRemainingTraces();
    // The value of metadata `key` on the last stream that had it: for tests that check headers arrive.
    std::string lastHeaderValue(const std::string &key) const;

    // New traces join the newest set with whole requests at most this often: enough for the views, cheap at any
    // rate. Slow and erroring traces join whenever they come.
    static constexpr auto NewTraceInterval = std::chrono::milliseconds(20);

private:
    // Ids as integers: a hot path at hundreds of thousands of spans a second.
    struct TraceKey {
        std::uint64_t high = 0;
        std::uint64_t low = 0;
        bool operator==(const TraceKey &) const = default;
    };
    struct TraceKeyHash {
        std::size_t operator()(const TraceKey &k) const { return std::size_t(k.high ^ (k.low * 0x9E3779B97F4A7C15ULL)); }
    };
    using Clock = std::chrono::steady_clock;
    struct TraceLinks {
        std::vector<std::uint64_t> spanIds;
        std::vector<std::uint64_t> parentIds;
        Clock::time_point lastSpanAt{};
    };
    // A tracked trace, in the order traces are looked at for ageing: by `since`, roughly (see ageTraces).
    struct TraceAge {
        TraceKey key;
        Clock::time_point since;
    };
    void violation(const char *name, std::uint64_t count = 1);
    void quirk(const char *name, std::uint64_t count = 1);
    void noteNode(const opencensus::proto::agent::common::v1::Node &node);
    void checkLinks(TraceLinks &links);
    void ageTraces(Clock::time_point now);

    mutable std::mutex m_mutex;
    AgentSnapshot m_stats;
    std::map<std::string, std::string> m_lastHeaders; // of the listed header names only
    std::unordered_set<std::string> m_nodeKeys;       // of the listed Nodes: a lookup that does not grow with time
    TraceStore m_traceStore;
    std::deque<ReceivedMetric> m_recentMetrics;
    const std::chrono::milliseconds m_traceQuietPeriod;
    std::unordered_map<TraceKey, TraceLinks, TraceKeyHash> m_traces;
    std::deque<TraceAge> m_traceOrder;
    std::size_t m_trackedSpans = 0; // in m_traces
    Clock::time_point m_lastNewTraces{};
};

} // namespace ocw
