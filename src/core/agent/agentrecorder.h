// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agentsnapshot.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

namespace ocw {

// Counts and checks what the agent receives; called from gRPC's server threads, read by anyone.
// Checks: the Node on each stream's first message, trace ids of 16 bytes and span ids of 8, end not
// before start, parents inside their trace, metric labels matching their keys, distribution counts
// matching their buckets. Keeps a bounded window of recent spans and metrics for the views.
class AgentRecorder final
{
public:
    static constexpr std::size_t RecentSpans = 2000;
    static constexpr std::size_t RecentMetrics = 500;
    static constexpr std::size_t TrackedTraces = 20000; // traces whose parent links are still checked

    enum class StreamKind { Trace, Metrics, Config };

    void streamOpened(StreamKind kind, const std::multimap<std::string, std::string> &metadata);
    void streamClosed();
    void rejected();
    void faultInjected();

    // `node` is the stream's current Node: the first message's, unless a later one replaces it.
    void traceRequest(const opencensus::proto::agent::trace::v1::ExportTraceServiceRequest &request, bool firstOnStream,
                      std::string &streamService);
    void metricsRequest(const opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest &request,
                        bool firstOnStream);
    void configMessage(const opencensus::proto::agent::trace::v1::CurrentLibraryConfig &message, bool firstOnStream);

    AgentSnapshot snapshot() const;
    QList<ReceivedSpan> recentSpans() const;
    QList<ReceivedMetric> recentMetrics() const;
    // Checks the parent links of every trace still tracked; for the final summary, when no more spans come.
    void checkRemainingTraces();
    // The value of metadata `key` on the last stream that had it: for tests that check headers arrive.
    std::string lastHeaderValue(const std::string &key) const;

private:
    struct TraceLinks {
        std::set<std::string> spanIds;
        std::vector<std::string> parentIds;
    };
    void violation(const char *name, std::uint64_t count = 1);
    void noteNode(const opencensus::proto::agent::common::v1::Node &node);
    void checkLinks(const TraceLinks &links);

    mutable std::mutex m_mutex;
    AgentSnapshot m_stats;
    std::map<std::string, std::string> m_lastHeaders;
    std::deque<ReceivedSpan> m_recentSpans;
    std::deque<ReceivedMetric> m_recentMetrics;
    std::unordered_map<std::string, TraceLinks> m_traces;
    std::deque<std::string> m_traceOrder;
};

} // namespace ocw
