// SPDX-License-Identifier: Apache-2.0
#include "agentrecorder.h"

#include "unixnanos.h"

#include <algorithm>

namespace ocw {

namespace {

std::uint64_t idBits(const std::string &bytes, std::size_t from)
{
    std::uint64_t v = 0;
    for (std::size_t i = from; i < std::min(bytes.size(), from + 8); ++i)
        v = (v << 8) | static_cast<unsigned char>(bytes[i]);
    return v;
}

// Exact, whatever the seconds: no conversion to nanoseconds, which saturates far from now.
bool before(const google::protobuf::Timestamp &a, const google::protobuf::Timestamp &b)
{
    return std::pair(a.seconds(), a.nanos()) < std::pair(b.seconds(), b.nanos());
}

QString metricTypeName(opencensus::proto::metrics::v1::MetricDescriptor::Type type)
{
    return QString::fromStdString(opencensus::proto::metrics::v1::MetricDescriptor::Type_Name(type)).toLower();
}

QString pointValue(const opencensus::proto::metrics::v1::Point &p)
{
    if (p.has_distribution_value())
        return QStringLiteral("count %1, sum %2").arg(p.distribution_value().count()).arg(p.distribution_value().sum());
    if (p.has_summary_value())
        return QStringLiteral("count %1").arg(p.summary_value().count().value());
    if (p.value_case() == opencensus::proto::metrics::v1::Point::kInt64Value)
        return QString::number(p.int64_value());
    return QString::number(p.double_value());
}

} // namespace

AgentRecorder::AgentRecorder(std::chrono::milliseconds traceQuietPeriod)
    : m_traceQuietPeriod(traceQuietPeriod)
{
}

void AgentRecorder::streamOpened(StreamKind kind, const SenderMetadata &metadata)
{
    const std::lock_guard lock(m_mutex);
    ++m_stats.streamsOpen;
    ++m_stats.streamsTotal;
    switch (kind) {
    case StreamKind::Trace:
        ++m_stats.traceStreams;
        break;
    case StreamKind::Metrics:
        ++m_stats.metricStreams;
        break;
    case StreamKind::Config:
        ++m_stats.configStreams;
        break;
    }
    for (const auto &[key, value] : metadata) {
        const auto listed = m_lastHeaders.find(key);
        if (listed != m_lastHeaders.end()) {
            listed->second = value;
        } else if (m_lastHeaders.size() < ListedHeaderNames) {
            m_lastHeaders.emplace(key, value);
            m_stats.headerNames.append(QString::fromStdString(key));
        } else {
            ++m_stats.headerNamesNotListed;
        }
    }
}

void AgentRecorder::streamClosed()
{
    const std::lock_guard lock(m_mutex);
    --m_stats.streamsOpen;
}

void AgentRecorder::rejected(bool headerMissing)
{
    const std::lock_guard lock(m_mutex);
    ++m_stats.rejectedUnauthenticated;
    if (headerMissing)
        quirk(Quirks::StreamWithoutRequiredHeader);
}

void AgentRecorder::refused(Refusal reason)
{
    const std::lock_guard lock(m_mutex);
    ++m_stats.refused[std::size_t(reason)];
}

void AgentRecorder::faultInjected()
{
    const std::lock_guard lock(m_mutex);
    ++m_stats.faultsInjected;
}

void AgentRecorder::violation(const char *name, std::uint64_t count)
{
    m_stats.violations[QString::fromLatin1(name)] += count;
}

void AgentRecorder::quirk(const char *name, std::uint64_t count)
{
    m_stats.quirks[QString::fromLatin1(name)] += count;
}

void AgentRecorder::noteNode(const opencensus::proto::agent::common::v1::Node &node)
{
    if (node.identifier().host_name().empty())
        quirk(Quirks::NodeHostNameEmpty);
    const std::string &language = opencensus::proto::agent::common::v1::LibraryInfo::Language_Name(node.library_info().language());
    std::string key = node.service_info().name();
    for (const std::string *part : {&node.identifier().host_name(), &language, &node.library_info().exporter_version()})
        key.append(1, '\0').append(*part);
    const qint64 startUnixNanos = unixNanos(node.identifier().start_timestamp()); // saturated: a sender may send any value
    key.append(1, '\0').append(std::to_string(node.identifier().pid()));
    key.append(1, '\0').append(std::to_string(startUnixNanos));
    if (m_nodeKeys.contains(key))
        return;
    if (m_nodeKeys.size() >= ListedNodes) {
        ++m_stats.nodesNotListed;
        return;
    }
    m_nodeKeys.insert(std::move(key));
    m_stats.nodes.append(NodeSummary{QString::fromStdString(node.service_info().name()),
                                     QString::fromStdString(node.identifier().host_name()), node.identifier().pid(),
                                     startUnixNanos, QString::fromStdString(language), QString::fromStdString(node.library_info().exporter_version())});
}

void AgentRecorder::checkLinks(TraceLinks &links)
{
    // Sorted once, then searched: a trace of 300,000 spans is checked in n log n, not n squared.
    std::sort(links.spanIds.begin(), links.spanIds.end());
    for (const std::uint64_t parent : links.parentIds) {
        if (!std::binary_search(links.spanIds.begin(), links.spanIds.end(), parent))
            violation("parent_not_in_trace");
    }
}

void AgentRecorder::ageTraces(Clock::time_point now)
{
    // Oldest first. A trace that is still receiving spans goes to the back, stamped with its last span, so it
    // neither holds up the quiet traces behind it nor is checked before it has been quiet itself.
    while (!m_traceOrder.empty()) {
        const TraceAge oldest = m_traceOrder.front();
        const bool full = m_traceOrder.size() > TrackedTraces || m_trackedSpans > TrackedSpans;
        if (!full && now - oldest.since < m_traceQuietPeriod)
            break;
        m_traceOrder.pop_front();
        const auto it = m_traces.find(oldest.key);
        if (!full && now - it->second.lastSpanAt < m_traceQuietPeriod) {
            m_traceOrder.push_back(TraceAge{oldest.key, it->second.lastSpanAt});
            continue;
        }
        if (now - it->second.lastSpanAt < m_traceQuietPeriod)
            ++m_stats.tracesCheckedEarly; // evicted to keep the window: a parent still to come is reported missing
        checkLinks(it->second);
        m_trackedSpans -= it->second.spanIds.size();
        m_traces.erase(it);
    }
}

void AgentRecorder::traceRequest(const opencensus::proto::agent::trace::v1::ExportTraceServiceRequest &request,
                                 bool firstOnStream, std::string &streamService)
{
    const std::lock_guard lock(m_mutex);
    ++m_stats.requests;
    m_stats.bytesReceived += request.ByteSizeLong();
    if (request.has_node()) {
        noteNode(request.node());
        streamService = request.node().service_info().name();
    } else if (firstOnStream) {
        violation("node_missing_on_first_message");
    }
    m_stats.spans += std::uint64_t(request.spans_size());
    const auto now = Clock::now();
    const bool admitNew = now - m_lastNewTraces >= NewTraceInterval;
    if (admitNew)
        m_lastNewTraces = now;
    std::uint64_t zeroParents = 0; // counted once per request: every KrakenD trace has one
    for (const auto &span : request.spans()) {
        if (span.trace_id().size() != 16)
            violation("trace_id_not_16_bytes");
        if (span.span_id().size() != 8)
            violation("span_id_not_8_bytes");
        const std::string &parent = span.parent_span_id();
        if (!parent.empty() && parent.size() != 8)
            violation("parent_span_id_not_8_bytes");
        if (before(span.end_time(), span.start_time()))
            violation("end_before_start");
        if (span.name().value().empty())
            violation("span_name_empty");

        const TraceKey key{idBits(span.trace_id(), 0), idBits(span.trace_id(), 8)};
        const auto [it, isNew] = m_traces.try_emplace(key);
        if (isNew) {
            ++m_stats.traces;
            m_traceOrder.push_back(TraceAge{key, now});
        }
        it->second.spanIds.push_back(idBits(span.span_id(), 0));
        ++m_trackedSpans;
        it->second.lastSpanAt = now;
        const std::uint64_t parentId = idBits(parent, 0);
        const bool zeroParent = parent.size() == 8 && parentId == 0; // a root, as the Go exporter writes it
        if (zeroParent)
            ++zeroParents;
        else if (!parent.empty())
            it->second.parentIds.push_back(parentId);

        m_traceStore.add(span, streamService, zeroParent, admitNew);
    }
    if (zeroParents > 0)
        quirk(Quirks::RootParentAllZero, zeroParents);
    ageTraces(now);
}

void AgentRecorder::metricsRequest(const opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest &request,
                                   bool firstOnStream)
{
    const std::lock_guard lock(m_mutex);
    ++m_stats.requests;
    m_stats.bytesReceived += request.ByteSizeLong();
    if (request.has_node())
        noteNode(request.node());
    else if (firstOnStream)
        violation("node_missing_on_first_message");
    // Metrics come on their own streams, often when no span does: they age the traces too, for live counts.
    ageTraces(Clock::now());
    for (const auto &metric : request.metrics()) {
        ++m_stats.metrics;
        const auto &descriptor = metric.metric_descriptor();
        const QString type = metricTypeName(descriptor.type());
        ++m_stats.metricsByType[type.isEmpty() ? QStringLiteral("unknown") : type];
        if (descriptor.name().empty())
            violation("metric_name_empty");
        int points = 0;
        QString last;
        for (const auto &series : metric.timeseries()) {
            ++m_stats.timeSeries;
            if (series.label_values_size() < descriptor.label_keys_size())
                quirk(Quirks::LabelValuesFewerThanKeys);
            else if (series.label_values_size() > descriptor.label_keys_size())
                violation("label_values_more_than_keys");
            for (const auto &point : series.points()) {
                ++points;
                if (point.has_distribution_value()) {
                    std::int64_t inBuckets = 0;
                    for (const auto &bucket : point.distribution_value().buckets())
                        inBuckets += bucket.count();
                    if (point.distribution_value().buckets_size() > 0 && inBuckets != point.distribution_value().count())
                        violation("distribution_count_not_bucket_sum");
                }
                last = pointValue(point);
            }
        }
        m_stats.points += std::uint64_t(points);
        m_recentMetrics.push_back(ReceivedMetric{QString::fromStdString(descriptor.name()), type,
                                                 metric.timeseries_size(), points, last});
        if (m_recentMetrics.size() > RecentMetrics)
            m_recentMetrics.pop_front();
    }
}

void AgentRecorder::configMessage(const opencensus::proto::agent::trace::v1::CurrentLibraryConfig &message, bool firstOnStream)
{
    const std::lock_guard lock(m_mutex);
    ++m_stats.configMessages;
    if (message.has_node())
        noteNode(message.node());
    else if (firstOnStream)
        violation("node_missing_on_first_message");
    if (message.has_config() && message.config().sampler_case() != opencensus::proto::trace::v1::TraceConfig::SAMPLER_NOT_SET)
        ++m_stats.samplerEchoes;
}

void AgentRecorder::checkRemainingTraces()
{
    const std::lock_guard lock(m_mutex);
    for (auto &[id, links] : m_traces)
        checkLinks(links);
    m_traces.clear();
    m_traceOrder.clear();
    m_trackedSpans = 0;
}

AgentSnapshot AgentRecorder::snapshot() const
{
    const std::lock_guard lock(m_mutex);
    return m_stats;
}

QList<KeptTrace> AgentRecorder::keptTraces() const
{
    const std::lock_guard lock(m_mutex);
    return m_traceStore.traces();
}

QList<ReceivedMetric> AgentRecorder::recentMetrics() const
{
    const std::lock_guard lock(m_mutex);
    return QList<ReceivedMetric>(m_recentMetrics.begin(), m_recentMetrics.end());
}

std::string AgentRecorder::lastHeaderValue(const std::string &key) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_lastHeaders.find(key);
    return it == m_lastHeaders.end() ? std::string() : it->second;
}

} // namespace ocw
