// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "config/configanalysis.h"
#include "config/diagnosticformat.h"
#include "config/moduleexport.h"

namespace ocw::cli {

int runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption nsOption(QStringLiteral("namespace"),
                                      QStringLiteral("v1 (github_com/devopsfaith/krakend-opencensus, KrakenD 1.x) or v2 "
                                                     "(telemetry/opencensus, KrakenD 2.x); default: the file's own."),
                                      QStringLiteral("v1|v2"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Write the snippet here instead of stdout."),
                                       QStringLiteral("OUT"));
    parser.addOption(nsOption);
    parser.addOption(outOption);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The krakend.json holding the module."));
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("Prints the validated OpenCensus module as an extra_config snippet.\n"
                                                 "Exit code: 0 written, 1 the config has errors or OUT could not be written, 2 usage error."));
    if (early >= 0)
        return early;
    if (parser.positionalArguments().size() != 1)
        return usageError(parser, QStringLiteral("name exactly one FILE"));
    const QString nsName = parser.value(nsOption);
    if (parser.isSet(nsOption) && nsName != u"v1" && nsName != u"v2")
        return usageError(parser, QStringLiteral("--namespace takes v1 or v2, not \"%1\"").arg(nsName));

    const QString file = parser.positionalArguments().first();
    const std::optional<QByteArray> bytes = readFileOrComplain(file);
    if (!bytes)
        return Usage;
    const ConfigAnalysis analysis = analyzeConfig(*bytes);
    printDiagnostics(file, analysis.diagnostics);
    if (analysis.hasErrors() || !analysis.moduleFound()) {
        err() << "ocworkbench-cli: " << file << ": the module has errors, nothing exported\n" << Qt::flush;
        return Failed;
    }
    const ModuleNamespace ns = !parser.isSet(nsOption) ? analysis.preferredNamespace()
                             : nsName == u"v1"         ? ModuleNamespace::V1
                                                       : ModuleNamespace::V2;
    const QByteArray snippet = exportModuleSnippet(analysis, ns);
    if (parser.isSet(outOption)) {
        return writeFileOrComplain(parser.value(outOption), snippet) ? Ok : Failed;
    }
    out() << QString::fromUtf8(snippet) << Qt::flush;
    return Ok;
}

} // namespace ocw::cli
