// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "config/configanalysis.h"
#include "config/diagnosticformat.h"
#include "config/documentedit.h"

namespace ocw::cli {

int runSet(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Write the result here instead of FILE."),
                                       QStringLiteral("OUT"));
    parser.addOption(outOption);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The krakend.json to edit."));
    parser.addPositionalArgument(QStringLiteral("POINTER=VALUE"),
                                 QStringLiteral("A JSON pointer (absolute, or relative to the module such as "
                                                "exporters/ocagent/address) and a JSON value: '\"5s\"', true, {\"k\":\"v\"}."),
                                 QStringLiteral("POINTER=VALUE..."));
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("Sets values in a config, changing only their bytes, then validates.\n"
                                                 "Exit code: 0 written; 1 a pointer cannot be set, the result has errors "
                                                 "or it could not be written (the file is then untouched); 2 usage error: "
                                                 "a value that is not JSON, an unreadable file."));
    if (early >= 0)
        return early;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2)
        return usageError(parser, QStringLiteral("name a FILE and at least one POINTER=VALUE"));

    const QString file = positional.first();
    const std::optional<QByteArray> bytes = readFileOrComplain(file);
    if (!bytes)
        return Usage;

    QByteArray edited = *bytes;
    ConfigAnalysis analysis = analyzeConfig(edited);
    if (!analysis.json.isValid()) {
        printDiagnostics(file, analysis.diagnostics);
        err() << "ocworkbench-cli: " << file << ": not valid JSON, nothing changed\n" << Qt::flush;
        return Failed;
    }
    for (const QString &assignment : positional.mid(1)) {
        const qsizetype equals = assignment.indexOf(u'=');
        // These messages never repeat the value: it may be a header's credential.
        if (equals < 0)
            return usageError(parser, QStringLiteral("an assignment has no '=': expected POINTER=VALUE"));
        const QString pointer = analysis.resolvePointer(assignment.left(equals));
        const QByteArray value = assignment.mid(equals + 1).toUtf8();
        if (!SourceJson::parse(value).isValid())
            return usageError(parser, QStringLiteral("the value for %1 is not JSON; a string needs quotes, e.g. %1='\"text\"'")
                                          .arg(assignment.left(equals)));
        const EditResult edit = setValueEdit(analysis.json, pointer, value);
        if (!edit.edit) {
            err() << "ocworkbench-cli: " << file << ": cannot set " << pointer << ": " << edit.error
                  << "; nothing changed\n" << Qt::flush;
            return Failed;
        }
        edited = edit.edit->applyTo(edited);
        analysis = ConfigAnalysis{}; // the old tree goes before the new one is built: both at once doubled the peak
        analysis = analyzeConfig(edited);
    }

    printDiagnostics(file, analysis.diagnostics);
    if (analysis.hasErrors()) {
        err() << "ocworkbench-cli: " << file << ": the result has errors, nothing written\n" << Qt::flush;
        return Failed;
    }
    const QString target = parser.isSet(outOption) ? parser.value(outOption) : file;
    if (!writeFileOrComplain(target, edited))
        return Failed;
    err() << "wrote " << target << '\n' << Qt::flush;
    return Ok;
}

} // namespace ocw::cli
