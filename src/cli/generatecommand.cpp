// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "config/diagnosticformat.h"
#include "config/opencensusconfig.h"
#include "load/delimitedfile.h"
#include "load/metricgenerator.h"
#include "load/profilegenerator.h"
#include "version.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"


#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/type_resolver_util.h>

#include <limits>
#include <memory>

namespace ocw::cli {

namespace {

using opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest;
using opencensus::proto::agent::trace::v1::ExportTraceServiceRequest;

// Fixed, so that the same profile and seed give the same bytes on every run and machine.
constexpr std::int64_t kBaseNanos = 1735689600LL * 1000000000LL; // 2025-01-01T00:00:00Z
constexpr std::size_t kSpansPerRequest = 300;                    // as the exporter's batches

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

struct Generated {
    std::vector<std::string> requests;
    QString summary;
};

Generated traceRequests(const LoadProfile &profile, std::uint64_t seed, std::size_t count)
{
    ProfileGenerator generator(profile, seed, kBaseNanos);
    Generated result{{firstRequest<ExportTraceServiceRequest>(profile)}, {}};
    EncodedSpans pending;
    std::size_t taken = 0; // records of `pending` already written
    while (result.requests.size() < count + 1) {
        while (pending.count() - taken < kSpansPerRequest)
            if (generator.appendNext(pending, 1) == 0)
                break;
        const std::size_t n = std::min(kSpansPerRequest, pending.count() - taken);
        if (n == 0)
            break; // the rate leaves nothing more to make
        // The span records are the request's bytes: a request after the first carries no Node.
        result.requests.emplace_back(pending.data() + pending.end(taken), pending.bytesBetween(taken, taken + n));
        taken += n;
    }
    result.summary = QStringLiteral("%1 traces, %2 spans").arg(generator.traces()).arg(taken);
    return result;
}

// One report a request, every metric_interval_s of virtual time (else KrakenD's default reporting period).
Generated metricRequests(const LoadProfile &profile, std::uint64_t seed, std::size_t count)
{
    const double interval = profile.metricIntervalSeconds > 0
                                ? profile.metricIntervalSeconds
                                : double(OpenCensusConfig::DefaultReportingPeriod.count());
    MetricGenerator generator(profile.metrics.empty() ? gatewayViews() : profile.metrics, seed, kBaseNanos);
    Generated result{{firstRequest<ExportMetricsServiceRequest>(profile)}, {}};
    std::size_t points = 0;
    for (std::size_t i = 1; i <= count; ++i) {
        const double elapsed = interval * double(i);
        ExportMetricsServiceRequest request;
        for (auto &metric : generator.report(elapsed, kBaseNanos + std::int64_t(elapsed * 1e9))) {
            for (const auto &series : metric.timeseries())
                points += std::size_t(series.points_size());
            *request.add_metrics() = std::move(metric);
        }
        result.requests.push_back(deterministicBytes(request));
    }
    result.summary = QStringLiteral("%1 series, %2 points every %3 s").arg(generator.seriesCount()).arg(points).arg(interval);
    return result;
}

} // namespace

int runGenerate(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption profileOption(QStringLiteral("profile"), QStringLiteral("The load profile."), QStringLiteral("FILE"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed (default: the profile's)."), QStringLiteral("N"));
    const QCommandLineOption count(QStringLiteral("count"), QStringLiteral("How many requests to write after the first (Node) one."),
                                   QStringLiteral("N"));
    const QCommandLineOption kind(QStringLiteral("kind"),
                                  QStringLiteral("traces (ExportTraceServiceRequest, batches of up to 300 spans) or metrics "
                                                 "(ExportMetricsServiceRequest, one report each); default: traces, or metrics "
                                                 "when the profile makes no traces."),
                                  QStringLiteral("traces|metrics"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Where to write them."), QStringLiteral("FILE"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("json (an array, protobuf's JSON mapping) or binary (length-delimited); default json."),
                                    QStringLiteral("json|binary"), QStringLiteral("json"));
    parser.addOptions({profileOption, seed, count, outOption, format, kind});
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("Writes the requests a run of the profile would send on one stream: first the "
                                                 "Node and Resource, then the spans or the metric reports. The same profile and "
                                                 "seed give byte-identical output.\nExit code: 0 written, 1 the profile has errors or FILE could not "
                                                 "be written, 2 usage error or unreadable profile."));
    if (early >= 0)
        return early;
    if (!parser.isSet(profileOption) || !parser.isSet(count) || !parser.isSet(outOption))
        return usageError(parser, QStringLiteral("--profile, --count and --out are required"));
    const QString formatName = parser.value(format);
    if (formatName != u"json" && formatName != u"binary")
        return usageError(parser, QStringLiteral("--format takes json or binary, not \"%1\"").arg(formatName));
    const QString kindName = parser.value(kind);
    if (parser.isSet(kind) && kindName != u"traces" && kindName != u"metrics")
        return usageError(parser, QStringLiteral("--kind takes traces or metrics, not \"%1\"").arg(kindName));
    quint64 requests = 0;
    quint64 givenSeed = 0;
    if (!readNumberOrComplain(parser, count, quint64(1), quint64(10000000), QStringLiteral("a number of requests"), requests)
        || !readNumberOrComplain(parser, seed, quint64(0), std::numeric_limits<quint64>::max(), QStringLiteral("a whole number"), givenSeed))
        return Usage;

    const QString file = parser.value(profileOption);
    const std::optional<QByteArray> bytes = readFileOrComplain(file);
    if (!bytes)
        return Usage;
    const LoadProfileResult parsed = parseLoadProfile(*bytes);
    printDiagnostics(file, parsed.diagnostics);
    if (!parsed.profile) {
        err() << "ocworkbench-cli: " << file << ": the profile has errors, nothing generated\n" << Qt::flush;
        return Failed;
    }
    const std::uint64_t seedValue = parser.isSet(seed) ? givenSeed : parsed.profile->seed;

    const bool metrics = parser.isSet(kind) ? kindName == u"metrics" : parsed.profile->rate.peak() <= 0;
    const Generated generated = metrics ? metricRequests(*parsed.profile, seedValue, requests)
                                        : traceRequests(*parsed.profile, seedValue, requests);
    const std::vector<std::string> &encoded = generated.requests;
    const std::string requestType = std::string("type.googleapis.com/")
                                    + (metrics ? ExportMetricsServiceRequest::descriptor()->full_name()
                                               : ExportTraceServiceRequest::descriptor()->full_name());

    QByteArray output;
    if (formatName == u"binary") {
        std::string delimited;
        for (const std::string &request : encoded)
            appendDelimited(delimited, request);
        output = QByteArray::fromStdString(delimited);
    } else {
        // From our deterministic bytes, so map entries keep their (sorted) order in the JSON too.
        const std::unique_ptr<google::protobuf::util::TypeResolver> resolver(google::protobuf::util::NewTypeResolverForDescriptorPool(
            "type.googleapis.com", google::protobuf::DescriptorPool::generated_pool()));
        google::protobuf::util::JsonPrintOptions options;
        options.add_whitespace = true;
        options.preserve_proto_field_names = true;
        output = "[\n";
        for (std::size_t i = 0; i < encoded.size(); ++i) {
            std::string json;
            const auto status = google::protobuf::util::BinaryToJsonString(resolver.get(), requestType, encoded[i], &json, options);
            if (!status.ok()) {
                err() << "ocworkbench-cli: cannot print request " << i << " as JSON: " << QString::fromStdString(status.ToString())
                      << '\n' << Qt::flush;
                return Failed;
            }
            output += QByteArray::fromStdString(json).trimmed() + (i + 1 < encoded.size() ? ",\n" : "\n");
        }
        output += "]\n";
    }
    if (!writeFileOrComplain(parser.value(outOption), output))
        return Failed;
    err() << QStringLiteral("generate: %1 %2 requests, %3, %4 bytes to %5\n")
                 .arg(encoded.size())
                 .arg(metrics ? u"metrics" : u"trace")
                 .arg(generated.summary)
                 .arg(output.size())
                 .arg(parser.value(outOption))
          << Qt::flush;
    return Ok;
}

} // namespace ocw::cli
