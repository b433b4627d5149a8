// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "load/requestfile.h"

#include <limits>

namespace ocw::cli {

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
    const QCommandLineOption shard(QStringLiteral("shard"),
                                   QStringLiteral("Write shard I of N (0 <= I < N): the traces of the --count requests whose index "
                                                  "modulo N is I, at the times they have there; shard 0 writes the metric reports. "
                                                  "The N shards' files hold the unsharded file's traces exactly once."),
                                   QStringLiteral("I/N"));
    parser.addOptions({profileOption, seed, count, outOption, format, kind, shard});
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("Writes the requests a run of the profile would send on one stream: first the "
                                                 "Node and Resource, then the spans or the metric reports. The same profile and "
                                                 "seed give byte-identical output.\nExit code: 0 written, 1 the profile has errors or FILE could not "
                                                 "be written, 2 usage error or unreadable profile."));
    if (early >= 0)
        return early;
    if (!parser.isSet(profileOption) || !parser.isSet(count) || !parser.isSet(outOption))
        return usageError(parser, QStringLiteral("--profile, --count and --out are required"));
    RequestFileOptions options;
    const QString formatName = parser.value(format);
    if (formatName != u"json" && formatName != u"binary")
        return usageError(parser, QStringLiteral("--format takes json or binary, not \"%1\"").arg(formatName));
    options.format = formatName == u"json" ? RequestFileFormat::Json : RequestFileFormat::Binary;
    const QString kindName = parser.value(kind);
    if (parser.isSet(kind) && kindName != u"traces" && kindName != u"metrics")
        return usageError(parser, QStringLiteral("--kind takes traces or metrics, not \"%1\"").arg(kindName));
    if (parser.isSet(shard)) {
        const std::optional<Shard> parsedShard = Shard::parse(parser.value(shard));
        if (!parsedShard)
            return usageError(parser, shardUsage(parser.value(shard)));
        options.shard = *parsedShard;
    }
    quint64 requests = 0;
    quint64 givenSeed = 0;
    if (!readNumberOrComplain(parser, count, quint64(1), quint64(10000000), QStringLiteral("a number of requests"), requests)
        || !readNumberOrComplain(parser, seed, quint64(0), std::numeric_limits<quint64>::max(), QStringLiteral("a whole number"), givenSeed))
        return Usage;
    options.count = std::size_t(requests);

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
    options.profile = *parsed.profile;
    options.seed = parser.isSet(seed) ? givenSeed : parsed.profile->seed;
    const bool metrics = parser.isSet(kind) ? kindName == u"metrics" : parsed.profile->rate.peak() <= 0;
    options.kind = metrics ? RequestKind::Metrics : RequestKind::Traces;

    const QString outFile = parser.value(outOption);
    const RequestFileResult written = writeRequestFile(outFile, options);
    if (!written.error.isEmpty()) {
        err() << "ocworkbench-cli: " << written.error << '\n' << Qt::flush;
        return Failed;
    }
    err() << QStringLiteral("generate: %1 %2 requests%3, %4, %5 bytes to %6\n")
                 .arg(written.requests)
                 .arg(metrics ? u"metrics" : u"trace")
                 .arg(options.shard.isWhole() ? QString() : QStringLiteral(" (shard %1)").arg(options.shard.display()))
                 .arg(written.summary)
                 .arg(written.bytes)
                 .arg(outFile)
          << Qt::flush;
    return Ok;
}

} // namespace ocw::cli
