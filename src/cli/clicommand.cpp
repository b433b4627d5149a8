// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "config/configfile.h"
#include "config/diagnosticformat.h"

#include <atomic>
#include <csignal>
#include <cstdio>

namespace ocw::cli {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int parseOrExit(QCommandLineParser &parser, const QStringList &arguments, const QString &description)
{
    parser.setApplicationDescription(description);
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(arguments))
        return usageError(parser, parser.errorText());
    if (parser.isSet(help)) {
        out() << parser.helpText() << Qt::flush;
        return Ok;
    }
    return -1;
}

namespace {
std::atomic<int> g_stopSignals{0};
extern "C" void onStopSignal(int)
{
    ++g_stopSignals;
}
} // namespace

void installStopSignals()
{
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
}

int stopSignals()
{
    return g_stopSignals;
}

double secondsOption(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    if (!parser.isSet(option))
        return -1;
    bool ok = false;
    const double seconds = parser.value(option).toDouble(&ok);
    if (!ok || seconds <= 0) {
        err() << "ocworkbench-cli: --" << option.names().constLast() << " takes a number of seconds above 0, not \""
              << parser.value(option) << "\"\n" << Qt::flush;
        return -2;
    }
    return seconds;
}

std::optional<QByteArray> readFileOrComplain(const QString &file)
{
    ConfigFile::ReadResult read = ConfigFile::read(file);
    if (read.ok())
        return std::move(read.bytes);
    err() << "ocworkbench-cli: " << read.error << '\n' << Qt::flush;
    return std::nullopt;
}

bool writeFileOrComplain(const QString &file, const QByteArray &bytes, FileReaders readers)
{
    const QString error = writeFileAtomically(file, bytes, readers);
    if (!error.isEmpty())
        err() << "ocworkbench-cli: " << error << '\n' << Qt::flush;
    return error.isEmpty();
}

void printDiagnostics(const QString &file, const QList<Diagnostic> &diagnostics)
{
    for (const Diagnostic &d : diagnostics)
        err() << formatDiagnosticLine(file, d) << '\n';
    err().flush();
}

int usageError(const QCommandLineParser &parser, const QString &message)
{
    err() << "ocworkbench-cli: " << message << "\n\n" << parser.helpText() << Qt::flush;
    return Usage;
}

} // namespace ocw::cli
