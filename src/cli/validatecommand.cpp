// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "config/configanalysis.h"
#include "config/configfile.h"
#include "config/diagnosticformat.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ocw::cli {

int runValidate(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("Output format: text (default) or json."),
                                    QStringLiteral("text|json"), QStringLiteral("text"));
    parser.addOption(format);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("krakend.json files or bare module objects."),
                                 QStringLiteral("FILE..."));
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("Validates the OpenCensus module and its ocagent exporter.\n"
                                                 "Exit code: 0 no errors (warnings allowed), 1 errors found, "
                                                 "2 usage error or unreadable file."));
    if (early >= 0)
        return early;
    const QString formatName = parser.value(format);
    if (formatName != u"text" && formatName != u"json")
        return usageError(parser, QStringLiteral("--format takes text or json, not \"%1\"").arg(formatName));
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return usageError(parser, QStringLiteral("name at least one FILE to validate"));

    bool unreadable = false;
    int errors = 0;
    int warnings = 0;
    QJsonArray json;
    for (const QString &file : files) {
        const ConfigFile::ReadResult read = ConfigFile::read(file);
        if (!read.ok()) {
            err() << "ocworkbench-cli: " << read.error << '\n';
            unreadable = true;
            continue;
        }
        const ConfigAnalysis analysis = analyzeConfig(read.bytes);
        for (const Diagnostic &d : analysis.diagnostics) {
            (d.isError() ? errors : warnings) += 1;
            if (formatName == u"json")
                json.append(diagnosticToJson(file, d));
            else
                out() << formatDiagnosticLine(file, d) << '\n';
        }
    }
    if (formatName == u"json")
        out() << QJsonDocument(json).toJson(QJsonDocument::Indented);
    out().flush();
    err() << QStringLiteral("%1 file(s) checked: %2 error(s), %3 warning(s)\n").arg(files.size()).arg(errors).arg(warnings)
          << Qt::flush;
    if (unreadable)
        return Usage;
    return errors > 0 ? Failed : Ok;
}

} // namespace ocw::cli
