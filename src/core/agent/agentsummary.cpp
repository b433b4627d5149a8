// SPDX-License-Identifier: Apache-2.0
#include "agentsummary.h"

#include "agentrecorder.h"

#include <QJsonArray>

namespace ocw {

namespace {

QJsonObject countsJson(const QMap<QString, std::uint64_t> &counts, QJsonObject into = {})
{
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        into.insert(it.key(), qint64(it.value()));
    return into;
}

QJsonObject forwardCountsJson(const ForwardCounts &c)
{
    QJsonObject reasons;
    for (std::size_t i = 0; i < std::size_t(ForwardDrop::Count); ++i)
        reasons.insert(forwardDropName(ForwardDrop(i)), qint64(c.droppedBy[i]));
    return QJsonObject{{QStringLiteral("received"), qint64(c.received)},
                       {QStringLiteral("forwarded"), qint64(c.forwarded)},
                       {QStringLiteral("confirmed"), qint64(c.confirmed)},
                       {QStringLiteral("unconfirmed"), qint64(c.unconfirmed)},
                       {QStringLiteral("in_flight"), qint64(c.inFlight())},
                       {QStringLiteral("buffered"), qint64(c.buffered())},
                       {QStringLiteral("dropped"), qint64(c.dropped())},
                       {QStringLiteral("dropped_by_reason"), reasons}};
}

QJsonObject forwardJson(const ForwardSnapshot &f)
{
    return QJsonObject{{QStringLiteral("upstream"), f.upstream},
                       {QStringLiteral("tls"), f.tls},
                       {QStringLiteral("delivery"), QLatin1String(ForwardDeliveryNote)},
                       {QStringLiteral("requests"), forwardCountsJson(f.requests)},
                       {QStringLiteral("spans"), forwardCountsJson(f.spans)},
                       {QStringLiteral("points"), forwardCountsJson(f.points)},
                       {QStringLiteral("upstream_streams"), qint64(f.upstreamStreams)},
                       {QStringLiteral("nodes_resent"), qint64(f.nodesResent)},
                       {QStringLiteral("upstream_errors"), qint64(f.upstreamErrors)},
                       {QStringLiteral("last_upstream_error"), f.lastUpstreamError}};
}

QJsonObject recordingJson(const RecordingSnapshot &r)
{
    return QJsonObject{{QStringLiteral("file"), r.file},
                       {QStringLiteral("requests"), qint64(r.requests)},
                       {QStringLiteral("spans"), qint64(r.spans)},
                       {QStringLiteral("points"), qint64(r.points)},
                       {QStringLiteral("bytes"), qint64(r.bytes)},
                       {QStringLiteral("not_recorded"),
                        QJsonObject{{QStringLiteral("queue_full"), qint64(r.requestsQueueFull)},
                                    {QStringLiteral("after_write_error"), qint64(r.requestsAfterError)},
                                    {QStringLiteral("spans"), qint64(r.spansNotRecorded)},
                                    {QStringLiteral("points"), qint64(r.pointsNotRecorded)}}},
                       {QStringLiteral("error"), r.error}};
}

// What the agent takes and keeps at most, so that a summary says where its lists and checks stop.
QJsonObject limitsJson(const AgentLimits &l)
{
    return QJsonObject{{QStringLiteral("max_message_bytes"), qint64(l.maxMessageBytes)},
                       {QStringLiteral("max_decompressed_bytes"), qint64(l.maxDecompressedBytes)},
                       {QStringLiteral("max_streams"), qint64(l.maxStreams)},
                       {QStringLiteral("max_threads"), l.maxThreads},
                       {QStringLiteral("max_buffered_bytes"), qint64(l.maxBufferedBytes)},
                       {QStringLiteral("nodes_listed"), qint64(AgentRecorder::ListedNodes)},
                       {QStringLiteral("header_names_listed"), qint64(AgentRecorder::ListedHeaderNames)},
                       {QStringLiteral("traces_tracked_for_parent_checks"), qint64(AgentRecorder::TrackedTraces)},
                       {QStringLiteral("spans_tracked_for_parent_checks"), qint64(AgentRecorder::TrackedSpans)},
                       {QStringLiteral("traces_kept"), qint64(TraceStore::Newest + TraceStore::Slowest + TraceStore::Erroring)},
                       {QStringLiteral("trace_bytes_kept"), qint64(TraceStore::MaxBytes)},
                       {QStringLiteral("recent_metrics_kept"), qint64(AgentRecorder::RecentMetrics)}};
}

// Every reason is named, zero included.
QJsonObject refusedJson(const AgentSnapshot &s)
{
    QJsonObject refused;
    for (std::size_t i = 0; i < std::size_t(Refusal::Count); ++i)
        refused.insert(QLatin1String(refusalName(Refusal(i))), qint64(s.refused[i]));
    return refused;
}

} // namespace

QJsonObject agentSummaryJson(const AgentSnapshot &s, double durationSeconds)
{
    // Every type is named, zero included, so that a type that never came is visible at a glance.
    QJsonObject metricsByType;
    for (const QString &type : metricTypeNames())
        metricsByType.insert(type, 0);
    QJsonArray nodes;
    for (const NodeSummary &n : s.nodes)
        nodes.append(QJsonObject{{QStringLiteral("service_name"), n.serviceName},
                                 {QStringLiteral("host_name"), n.hostName},
                                 {QStringLiteral("pid"), qint64(n.pid)},
                                 {QStringLiteral("start_unix_ns"), QString::number(n.startUnixNanos)},
                                 {QStringLiteral("language"), n.language},
                                 {QStringLiteral("exporter_version"), n.exporterVersion}});
    QJsonObject summary{{QStringLiteral("port"), int(s.port)},
                       {QStringLiteral("duration_s"), durationSeconds},
                       {QStringLiteral("streams_total"), qint64(s.streamsTotal)},
                       {QStringLiteral("trace_streams"), qint64(s.traceStreams)},
                       {QStringLiteral("metric_streams"), qint64(s.metricStreams)},
                       {QStringLiteral("config_streams"), qint64(s.configStreams)},
                       {QStringLiteral("rejected_unauthenticated"), qint64(s.rejectedUnauthenticated)},
                       {QStringLiteral("refused"), refusedJson(s)},
                       {QStringLiteral("refused_total"), qint64(s.refusedCount())},
                       {QStringLiteral("requests"), qint64(s.requests)},
                       {QStringLiteral("spans"), qint64(s.spans)},
                       {QStringLiteral("traces"), qint64(s.traces)},
                       {QStringLiteral("traces_checked_early"), qint64(s.tracesCheckedEarly)},
                       {QStringLiteral("metrics"), qint64(s.metrics)},
                       {QStringLiteral("metrics_by_type"), countsJson(s.metricsByType, metricsByType)},
                       {QStringLiteral("time_series"), qint64(s.timeSeries)},
                       {QStringLiteral("points"), qint64(s.points)},
                       {QStringLiteral("bytes_received"), qint64(s.bytesReceived)},
                       {QStringLiteral("config_messages"), qint64(s.configMessages)},
                       {QStringLiteral("sampler_echoes"), qint64(s.samplerEchoes)},
                       {QStringLiteral("faults_injected"), qint64(s.faultsInjected)},
                       {QStringLiteral("violations"), countsJson(s.violations)},
                       {QStringLiteral("violations_total"), qint64(s.violationCount())},
                       {QStringLiteral("quirks"), countsJson(s.quirks)},
                       {QStringLiteral("quirks_total"), qint64(s.quirkCount())},
                       {QStringLiteral("nodes"), nodes},
                       {QStringLiteral("nodes_not_listed"), qint64(s.nodesNotListed)},
                       {QStringLiteral("header_names"), QJsonArray::fromStringList(s.headerNames)},
                       {QStringLiteral("header_names_not_listed"), qint64(s.headerNamesNotListed)},
                       {QStringLiteral("limits"), limitsJson(s.limits)}};
    if (s.forward.enabled)
        summary.insert(QStringLiteral("forward"), forwardJson(s.forward));
    if (s.recording.enabled)
        summary.insert(QStringLiteral("record"), recordingJson(s.recording));
    return summary;
}

} // namespace ocw
