// SPDX-License-Identifier: Apache-2.0
#include "recording.h"

#include "delimitedfile.h"
#include "exporter/telemetryqueue.h"
#include "unixnanos.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include "nativepath.h"
#include "regularfile.h"

#include <unistd.h>

#include <limits>
#include <optional>
#include <tuple>

namespace ocw {

namespace {

using opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest;
using opencensus::proto::agent::trace::v1::ExportTraceServiceRequest;

constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::max();

std::optional<std::string> readWhole(const QString &path, QString &error)
{
    QFile file;
    if (const QString problem = openRegularFile(path, file, QStringLiteral("recording file")); !problem.isEmpty()) {
        error = problem;
        return std::nullopt;
    }
    return file.readAll().toStdString();
}

// Spans, and the earliest start (kNoTime when none has one).
void measure(const ExportTraceServiceRequest &request, RecordedRequest &out, std::int64_t &earliest)
{
    out.spans = std::size_t(request.spans_size());
    for (const auto &span : request.spans())
        if (span.has_start_time())
            earliest = std::min(earliest, unixNanos(span.start_time()));
}

// Points, and the earliest point timestamp.
void measure(const ExportMetricsServiceRequest &request, RecordedRequest &out, std::int64_t &earliest)
{
    for (const auto &metric : request.metrics()) {
        out.points += pointCount(metric);
        for (const auto &series : metric.timeseries())
            for (const auto &point : series.points())
                if (point.has_timestamp())
                    earliest = std::min(earliest, unixNanos(point.timestamp()));
    }
}

// Every message of `bytes` (the contents of `path`) parsed as a `Request`; each request's recordedNanos is
// its earliest timestamp, or kNoTime. False, with `error` naming the file and the offset, at the first
// message that is not one.
template<typename Request>
bool readRequests(const QString &path, std::string_view bytes, RecordedKind kind, const QString &expected,
                  std::vector<RecordedRequest> &out, QString &error)
{
    const DelimitedRecords split = splitDelimited(bytes);
    if (!split.error.isEmpty()) {
        error = QStringLiteral("%1: %2").arg(displayPath(path), split.error);
        return false;
    }
    Request request;
    for (const DelimitedRecords::Record &record : split.records) {
        if (!request.ParseFromArray(record.bytes.data(), int(record.bytes.size()))) {
            error = QStringLiteral("%1: the message at offset %2 (request %3) is not %4")
                        .arg(displayPath(path))
                        .arg(record.offset)
                        .arg(out.size() + 1)
                        .arg(expected);
            return false;
        }
        RecordedRequest recorded;
        recorded.kind = kind;
        recorded.begin = std::size_t(record.bytes.data() - bytes.data());
        recorded.size = record.bytes.size();
        recorded.recordedNanos = kNoTime;
        measure(request, recorded, recorded.recordedNanos);
        out.push_back(recorded);
    }
    return true;
}

// A `generate` file holds trace requests or metric requests, whose fields have the same numbers (node 1,
// spans or metrics 2, resource 3): the first entry tells them apart, a span's ids having fixed sizes.
RecordedKind kindOfUntimed(std::string_view bytes)
{
    const DelimitedRecords split = splitDelimited(bytes);
    ExportTraceServiceRequest request;
    for (const DelimitedRecords::Record &record : split.records) {
        if (!request.ParseFromArray(record.bytes.data(), int(record.bytes.size())))
            return RecordedKind::Metrics;
        if (request.spans_size() == 0)
            continue;
        const auto &span = request.spans(0);
        return span.trace_id().size() == 16 && span.span_id().size() == 8 ? RecordedKind::Trace : RecordedKind::Metrics;
    }
    return RecordedKind::Trace;
}

// Puts the requests of both files in the order of FILE.times, with its receive times.
bool applyTimes(const RecordingLayout &layout, std::string_view text, std::vector<RecordedRequest> &traces,
                std::vector<RecordedRequest> &metrics, std::vector<RecordedRequest> &ordered, QString &error)
{
    const QString &path = layout.times;
    std::size_t traceLines = 0;
    std::size_t metricLines = 0;
    std::size_t lineNumber = 0;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        ++lineNumber;
        if (line.empty() || line.front() == '#')
            continue;
        const std::optional<TimesEntry> entry = parseTimesLine(line);
        if (!entry) {
            error = QStringLiteral("%1: line %2 is not \"<unix nanoseconds> <trace|metrics> <stream>\": \"%3\"")
                        .arg(displayPath(path))
                        .arg(lineNumber)
                        .arg(QString::fromUtf8(line.data(), qsizetype(line.size())));
            return false;
        }
        const bool trace = entry->kind == RecordedKind::Trace;
        std::size_t &index = trace ? traceLines : metricLines;
        std::vector<RecordedRequest> &requests = trace ? traces : metrics;
        if (index < requests.size()) {
            requests[index].recordedNanos = entry->receivedNanos;
            ordered.push_back(requests[index]);
        }
        ++index;
    }
    for (const auto &[lines, requests, file, kind] :
         {std::tuple{traceLines, traces.size(), layout.traces, "trace"}, std::tuple{metricLines, metrics.size(), layout.metrics, "metrics"}}) {
        if (lines != requests) {
            error = QStringLiteral("%1: %2 lines for %3 requests, but %4 holds %5 requests: they are not from the same recording")
                        .arg(displayPath(path))
                        .arg(lines)
                        .arg(QLatin1String(kind))
                        .arg(file)
                        .arg(requests);
            return false;
        }
    }
    return true;
}

} // namespace

std::string_view Recording::bytesOf(const RecordedRequest &request) const
{
    return std::string_view(request.kind == RecordedKind::Trace ? m_traceBytes : m_metricBytes).substr(request.begin, request.size);
}

Recording::Loaded Recording::load(const QString &file)
{
    const RecordingLayout layout = RecordingLayout::of(file);
    QString error;
    Files files;
    std::optional<std::string> traces = readWhole(layout.traces, error);
    if (!traces)
        return Loaded{nullptr, error};
    files.traces = std::move(*traces);
    if (::access(nativePath(layout.times).constData(), F_OK) == 0) {
        files.metrics = readWhole(layout.metrics, error);
        if (!files.metrics)
            return Loaded{nullptr, error};
        files.times = readWhole(layout.times, error);
        if (!files.times)
            return Loaded{nullptr, error};
    }
    return parse(file, std::move(files));
}

Recording::Loaded Recording::parse(const QString &file, Files files)
{
    auto recording = std::make_shared<Recording>();
    recording->file = file;
    const RecordingLayout layout = RecordingLayout::of(file);
    recording->timed = files.times.has_value();
    QString error;
    const auto fail = [&] { return Loaded{nullptr, error}; };

    recording->m_traceBytes = std::move(files.traces);
    std::vector<RecordedRequest> traceRequests;
    std::vector<RecordedRequest> metricRequests;
    std::vector<RecordedRequest> ordered;
    if (recording->timed) {
        recording->m_metricBytes = std::move(files.metrics).value_or(std::string());
        const std::optional<std::string> &times = files.times;
        if (!readRequests<ExportTraceServiceRequest>(layout.traces, recording->m_traceBytes, RecordedKind::Trace,
                                                        QStringLiteral("an ExportTraceServiceRequest"), traceRequests, error)
            || !readRequests<ExportMetricsServiceRequest>(layout.metrics, recording->m_metricBytes, RecordedKind::Metrics,
                                                          QStringLiteral("an ExportMetricsServiceRequest"), metricRequests, error)
            || !applyTimes(layout, *times, traceRequests, metricRequests, ordered, error))
            return fail();
    } else {
        const QString expected = QStringLiteral("an ExportTraceServiceRequest or an ExportMetricsServiceRequest");
        bool ok = false;
        if (kindOfUntimed(recording->m_traceBytes) == RecordedKind::Trace) {
            ok = readRequests<ExportTraceServiceRequest>(file, recording->m_traceBytes, RecordedKind::Trace, expected, ordered, error);
        } else {
            recording->m_metricBytes = std::move(recording->m_traceBytes);
            ok = readRequests<ExportMetricsServiceRequest>(file, recording->m_metricBytes, RecordedKind::Metrics, expected, ordered,
                                                           error);
        }
        if (!ok)
            return fail();
    }

    std::int64_t previous = kNoTime;
    for (RecordedRequest &request : ordered) {
        if (request.spans == 0 && request.points == 0) {
            ++recording->requestsWithoutData;
            continue;
        }
        // A request without a timestamp goes with the one before it.
        if (request.recordedNanos == kNoTime)
            request.recordedNanos = previous == kNoTime ? 0 : previous;
        previous = request.recordedNanos;
        recording->spans += request.spans;
        recording->points += request.points;
        recording->requests.push_back(request);
    }
    if (recording->requests.empty()) {
        error = QStringLiteral("%1: the recording holds no spans and no metric points (%2 requests with neither): nothing to replay")
                    .arg(file)
                    .arg(recording->requestsWithoutData);
        return fail();
    }
    return Loaded{std::move(recording), QString()};
}

} // namespace ocw
