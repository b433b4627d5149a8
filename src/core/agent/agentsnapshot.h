// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agentlimits.h"
#include "tapsnapshot.h"

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <array>
#include <cstdint>

namespace ocw {

// A process that sent a Node to the agent.
struct NodeSummary {
    QString serviceName;
    QString hostName;
    quint32 pid = 0;
    qint64 startUnixNanos = 0; // the process start: with host and pid, what tells one sender from another
    QString language;
    QString exporterVersion;
    bool operator==(const NodeSummary &) const = default;
};

// One metric as the agent's views show it.
struct ReceivedMetric {
    QString name;
    QString type;
    int timeSeries = 0;
    int points = 0;
    QString lastValue;
};

// Known habits of real senders: counted as observations, not violations. Each name's meaning and
// sender is in quirkDescription() and docs/architecture.md.
namespace Quirks {
inline constexpr char RootParentAllZero[] = "root_parent_all_zero";
inline constexpr char NodeHostNameEmpty[] = "node_host_name_empty";
inline constexpr char LabelValuesFewerThanKeys[] = "label_values_fewer_than_keys";
inline constexpr char StreamWithoutRequiredHeader[] = "stream_without_required_header";
} // namespace Quirks

// What a quirk is and which sender does it, in a sentence or two; empty for an unknown name.
QString quirkDescription(const QString &name);

// Why the agent refused a message or a stream: each ends its stream with a status, and is counted.
enum class Refusal {
    OversizedOnWire,       // a message larger than AgentOptions::maxMessageBytes as it arrived (RESOURCE_EXHAUSTED)
    OversizedDecompressed, // a compressed message that expands past maxDecompressedBytes (RESOURCE_EXHAUSTED)
    Malformed,             // not an encoding of its message, or broken compressed data (INVALID_ARGUMENT)
    StreamsOverLimit,      // a stream opened while maxStreams were open (RESOURCE_EXHAUSTED)
    Count
};
// As the summary names it: "oversized_on_wire", ...
const char *refusalName(Refusal reason);

// The descriptor types a metric can have, as the summary names them (MetricDescriptor.Type, lower case).
const QStringList &metricTypeNames();

// What the embedded agent has received and checked so far.
struct AgentSnapshot {
    quint16 port = 0;
    bool listening = false;
    AgentLimits limits;                        // as the agent was started with
    std::uint64_t streamsOpen = 0;
    std::uint64_t streamsTotal = 0;
    std::uint64_t traceStreams = 0;
    std::uint64_t metricStreams = 0;
    std::uint64_t configStreams = 0;
    std::uint64_t rejectedUnauthenticated = 0; // streams refused for a missing or wrong header
    std::array<std::uint64_t, std::size_t(Refusal::Count)> refused{}; // by Refusal
    std::uint64_t requests = 0;                // Export messages, first messages included
    std::uint64_t spans = 0;
    std::uint64_t traces = 0;                  // distinct trace ids
    std::uint64_t tracesCheckedEarly = 0;      // parent links checked before the trace was quiet, to keep the
                                               // tracked window within AgentRecorder::TrackedTraces and TrackedSpans
    std::uint64_t metrics = 0;
    std::uint64_t timeSeries = 0;
    std::uint64_t points = 0;
    std::uint64_t bytesReceived = 0;           // serialized size of the messages
    std::uint64_t configMessages = 0;          // CurrentLibraryConfig messages from exporters
    std::uint64_t samplerEchoes = 0;           // of which echo an applied sampler
    std::uint64_t faultsInjected = 0;          // stream closes and refusal windows
    QMap<QString, std::uint64_t> violations;   // check name -> count
    QMap<QString, std::uint64_t> quirks;       // quirk name (Quirks::) -> count
    QMap<QString, std::uint64_t> metricsByType; // metricTypeNames() entry, or "unspecified" -> metrics
    QList<NodeSummary> nodes;                  // distinct, the first AgentRecorder::ListedNodes
    std::uint64_t nodesNotListed = 0;          // messages whose Node was new once the list was full
    QStringList headerNames;                   // metadata keys seen on streams (values are never kept here), the first
                                               // AgentRecorder::ListedHeaderNames
    std::uint64_t headerNamesNotListed = 0;    // metadata keys seen once the list was full
    ForwardSnapshot forward;                   // agent --forward
    RecordingSnapshot recording;               // agent --record

    std::uint64_t violationCount() const;
    std::uint64_t quirkCount() const;
    std::uint64_t refusedCount() const;
    QMap<QString, std::uint64_t> refusedByName() const; // refusalName() -> count, the reasons that happened
};

} // namespace ocw

Q_DECLARE_METATYPE(ocw::AgentSnapshot)
