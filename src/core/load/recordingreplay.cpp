// SPDX-License-Identifier: Apache-2.0
#include "recordingreplay.h"

#include "unixnanos.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <algorithm>
#include <limits>

namespace ocw {

namespace {

using opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest;
using opencensus::proto::agent::trace::v1::ExportTraceServiceRequest;

constexpr std::chrono::nanoseconds kSingleRequestGap = std::chrono::seconds(1);

} // namespace

RecordingReplay::RecordingReplay(ReplayOptions options)
    : m_options(std::move(options)), m_recording(*m_options.recording), m_ids(m_options.idSeed)
{
    const auto [first, last] = std::minmax_element(m_recording.requests.begin(), m_recording.requests.end(),
                                                   [](const RecordedRequest &a, const RecordedRequest &b) {
                                                       return a.recordedNanos < b.recordedNanos;
                                                   });
    m_origin = first->recordedNanos;
    const std::int64_t span = saturatingSub(last->recordedNanos, m_origin);
    const std::size_t gaps = m_recording.requests.size() - 1;
    const std::int64_t gap = gaps > 0 && span > 0 ? span / std::int64_t(gaps) : kSingleRequestGap.count();
    m_passLength = std::chrono::nanoseconds(clampToNanos((double(span) + double(gap)) / m_options.speed));
}

std::chrono::nanoseconds RecordingReplay::dueInPass(std::size_t index) const
{
    return std::chrono::nanoseconds(clampToNanos(double(saturatingSub(m_recording.requests[index].recordedNanos, m_origin)) / m_options.speed));
}

std::optional<std::chrono::nanoseconds> RecordingReplay::nextDue() const
{
    if (!m_options.loop && m_passes > 0)
        return std::nullopt;
    std::int64_t passStart = 0; // held at the 64-bit limit for a pass as long as a hostile recording can make it
    if (__builtin_mul_overflow(m_passLength.count(), std::int64_t(m_passes), &passStart))
        passStart = std::numeric_limits<std::int64_t>::max();
    return std::chrono::nanoseconds(saturatingAdd(passStart, dueInPass(m_next).count()));
}

void RecordingReplay::takeNext(std::int64_t sendNanos, EncodedSpans &spans, std::vector<Metric> &metrics)
{
    const RecordedRequest &request = m_recording.requests[m_next];
    if (m_next == 0) {
        m_ids.startPass();
        m_passOrigin = saturatingSub(sendNanos, dueInPass(0).count());
    }
    const ReplayTimes times{saturatingSub(sendNanos, request.recordedNanos), m_origin, m_passOrigin, m_options.speed};
    const std::string_view bytes = m_recording.bytesOf(request);
    // The recording was checked when loaded: every message parses.
    if (request.kind == RecordedKind::Trace) {
        ExportTraceServiceRequest message;
        message.ParseFromArray(bytes.data(), int(bytes.size()));
        for (auto &span : *message.mutable_spans()) {
            m_ids.rewrite(span);
            times.rewrite(span);
            spans.append(span);
        }
    } else {
        ExportMetricsServiceRequest message;
        message.ParseFromArray(bytes.data(), int(bytes.size()));
        for (auto &metric : *message.mutable_metrics()) {
            times.rewrite(metric);
            metrics.push_back(std::move(metric));
        }
    }
    ++m_taken;
    if (++m_next == m_recording.requests.size()) {
        m_next = 0;
        ++m_passes;
    }
}

} // namespace ocw
