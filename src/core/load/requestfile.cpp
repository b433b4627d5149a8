// SPDX-License-Identifier: Apache-2.0
#include "requestfile.h"

#include "atomicfile.h"
#include "config/opencensusconfig.h"
#include "delimitedfile.h"
#include "metricgenerator.h"
#include "profilegenerator.h"
#include "version.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <memory>

namespace ocw {

namespace {

using opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest;
using opencensus::proto::agent::trace::v1::ExportTraceServiceRequest;

// Fixed, so that the same profile and seed give the same bytes on every run and machine.
constexpr std::int64_t kBaseNanos = 1735689600LL * 1000000000LL; // 2025-01-01T00:00:00Z

std::string deterministicBytes(const google::protobuf::Message &message)
{
    std::string bytes;
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&out);
    out.Trim();
    return bytes;
}

// The first message of a stream: Node and Resource only, as a run's exporter sends it.
template<typename Request>
std::string firstRequest(const LoadProfile &profile)
{
    using opencensus::proto::agent::common::v1::LibraryInfo;
    Request request;
    auto *node = request.mutable_node();
    node->mutable_identifier()->set_host_name("ocworkbench-generate");
    node->mutable_identifier()->mutable_start_timestamp()->set_seconds(kBaseNanos / 1000000000);
    node->mutable_library_info()->set_language(LibraryInfo::CPP);
    node->mutable_library_info()->set_exporter_version(QStringLiteral("ocworkbench-%1").arg(applicationVersion()).toStdString());
    node->mutable_service_info()->set_name(profile.name.isEmpty() ? "krakend" : profile.name.toStdString());
    request.mutable_resource()->set_type("krakend.gateway");
    return deterministicBytes(request);
}

// Writes requests into the file one at a time, in the file's format.
class RequestSink final
{
public:
    RequestSink(AtomicFileWriter &file, RequestFileFormat format, const google::protobuf::Descriptor *type)
        : m_file(file), m_format(format), m_type("type.googleapis.com/" + type->full_name())
    {
        if (m_format == RequestFileFormat::Json) {
            m_resolver.reset(google::protobuf::util::NewTypeResolverForDescriptorPool("type.googleapis.com",
                                                                                      google::protobuf::DescriptorPool::generated_pool()));
            m_json.add_whitespace = true;
            m_json.preserve_proto_field_names = true;
            m_file.write(std::string_view("[\n"));
        }
    }

    // False when the request could not be written (the file's error, or a request JSON cannot print).
    bool add(std::string_view request)
    {
        if (m_format == RequestFileFormat::Binary) {
            m_text.clear();
            appendDelimited(m_text, request);
            return written(m_file.write(m_text));
        }
        // From our deterministic bytes, so map entries keep their (sorted) order in the JSON too.
        m_text.clear();
        const auto status = google::protobuf::util::BinaryToJsonString(m_resolver.get(), m_type, std::string(request), &m_text, m_json);
        if (!status.ok()) {
            m_error = QStringLiteral("cannot print request %1 as JSON: %2").arg(m_requests).arg(QString::fromStdString(status.ToString()));
            return false;
        }
        const QByteArray trimmed = QByteArray::fromStdString(m_text).trimmed();
        return written((m_requests == 0 || m_file.write(std::string_view(",\n"))) && m_file.write(trimmed));
    }

    // Ends the file (the JSON array) and puts it in place.
    bool finish()
    {
        if (!m_error.isEmpty())
            return false;
        if (m_format == RequestFileFormat::Json)
            m_file.write(std::string_view("\n]\n")); // after the Node's request at least
        return m_file.commit();
    }

    std::size_t requests() const { return m_requests; }
    QString error() const { return m_error.isEmpty() ? m_file.error() : m_error; }

private:
    bool written(bool ok)
    {
        m_requests += ok ? 1 : 0;
        return ok;
    }

    AtomicFileWriter &m_file;
    const RequestFileFormat m_format;
    const std::string m_type;
    std::unique_ptr<google::protobuf::util::TypeResolver> m_resolver;
    google::protobuf::util::JsonPrintOptions m_json;
    std::string m_text; // the request being written, reused
    std::size_t m_requests = 0;
    QString m_error;
};

// The whole load's `count` batches are its first count × SpansPerRequest spans; the shard writes its
// traces' spans among them, cut where the whole load's last batch is cut.
QString traceRequests(RequestSink &sink, const RequestFileOptions &options)
{
    ProfileGenerator generator(options.profile, options.seed, kBaseNanos);
    generator.setShard(options.shard);
    const std::uint64_t limit = std::uint64_t(options.count) * SpansPerRequest;
    EncodedSpans pending;
    std::uint64_t traces = 0;
    std::uint64_t spans = 0;
    const auto writeBatch = [&](std::size_t n) {
        // The span records are the request's bytes: a request after the first carries no Node.
        const bool ok = sink.add(std::string_view(pending.data(), pending.bytesBetween(0, n)));
        spans += n;
        pending.dropFront(n);
        return ok;
    };
    while (generator.spans() < limit) {
        const std::uint64_t tracesBefore = generator.traces();
        const std::size_t pendingBefore = pending.count();
        generator.appendNext(pending, 1);
        if (generator.traces() == tracesBefore)
            break; // the rate leaves nothing more to make
        if (generator.spans() > limit && pending.count() > pendingBefore)
            pending.truncate(pending.count() - std::size_t(generator.spans() - limit));
        traces += pending.count() > pendingBefore ? 1 : 0;
        while (pending.count() >= SpansPerRequest)
            if (!writeBatch(SpansPerRequest))
                return {}; // the sink keeps the error
    }
    if (!pending.empty() && !writeBatch(pending.count()))
        return {}; // the sink keeps the error
    return QStringLiteral("%1 traces, %2 spans").arg(traces).arg(spans);
}

QString metricRequests(RequestSink &sink, const RequestFileOptions &options)
{
    const LoadProfile &profile = options.profile;
    const double interval = profile.metricIntervalSeconds > 0 ? profile.metricIntervalSeconds
                                                              : double(OpenCensusConfig::DefaultReportingPeriod.count());
    if (options.shard.index != 0)
        return QStringLiteral("no metric reports: shard 0 writes them all");
    MetricGenerator generator(profile.metrics.empty() ? gatewayViews() : profile.metrics, options.seed, kBaseNanos);
    std::size_t points = 0;
    for (std::size_t i = 1; i <= options.count; ++i) {
        const double elapsed = interval * double(i);
        ExportMetricsServiceRequest request;
        for (auto &metric : generator.report(elapsed, kBaseNanos + std::int64_t(elapsed * 1e9))) {
            for (const auto &series : metric.timeseries())
                points += std::size_t(series.points_size());
            *request.add_metrics() = std::move(metric);
        }
        if (!sink.add(deterministicBytes(request)))
            return {}; // the sink keeps the error
    }
    return QStringLiteral("%1 series, %2 points every %3 s").arg(generator.seriesCount()).arg(points).arg(interval);
}

} // namespace

RequestFileResult writeRequestFile(const QString &path, const RequestFileOptions &options)
{
    AtomicFileWriter file(path);
    const bool metrics = options.kind == RequestKind::Metrics;
    RequestSink sink(file, options.format,
                     metrics ? ExportMetricsServiceRequest::descriptor() : ExportTraceServiceRequest::descriptor());
    RequestFileResult result;
    if (sink.add(metrics ? firstRequest<ExportMetricsServiceRequest>(options.profile) : firstRequest<ExportTraceServiceRequest>(options.profile)))
        result.summary = metrics ? metricRequests(sink, options) : traceRequests(sink, options);
    if (!sink.finish()) {
        result.error = sink.error();
        return result;
    }
    result.requests = sink.requests();
    result.bytes = file.bytesWritten();
    return result;
}

} // namespace ocw
