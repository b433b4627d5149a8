// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "config/configfile.h"
#include "config/diagnosticformat.h"
#include "load/shard.h"

#include <atomic>
#include <charconv>
#include <cmath>
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

namespace {

// `text` as a T: a finite number for double; for whole numbers, digits only (std::from_chars, no sign for quint64).
template<typename T>
std::optional<T> parseNumber(const QString &text)
{
    if constexpr (std::is_floating_point_v<T>) {
        bool ok = false;
        const T parsed = text.toDouble(&ok);
        return ok && std::isfinite(parsed) ? std::optional<T>(parsed) : std::nullopt;
    } else {
        const std::string utf8 = text.toStdString();
        T parsed = 0;
        const auto [end, ec] = std::from_chars(utf8.data(), utf8.data() + utf8.size(), parsed);
        return ec == std::errc() && end == utf8.data() + utf8.size() ? std::optional<T>(parsed) : std::nullopt;
    }
}

template<typename T>
QString formatBound(T bound)
{
    if constexpr (std::is_floating_point_v<T>)
        return QString::number(bound, 'g', 17);
    else
        return QString::number(bound);
}

} // namespace

template<typename T>
bool readNumberOrComplain(const QCommandLineParser &parser, const QCommandLineOption &option, T min, T max,
                          const QString &what, T &value)
{
    if (!parser.isSet(option) && option.defaultValues().isEmpty())
        return true;
    const QString text = parser.value(option);
    const std::optional<T> parsed = parseNumber<T>(text);
    if (parsed && *parsed >= min && *parsed <= max) {
        value = *parsed;
        return true;
    }
    usageError(parser, QStringLiteral("--%1 takes %2 from %3 to %4, not \"%5\"")
                           .arg(option.names().constLast(), what, formatBound(min), formatBound(max), text));
    return false;
}

template bool readNumberOrComplain<double>(const QCommandLineParser &, const QCommandLineOption &, double, double,
                                           const QString &, double &);
template bool readNumberOrComplain<qint64>(const QCommandLineParser &, const QCommandLineOption &, qint64, qint64,
                                           const QString &, qint64 &);
template bool readNumberOrComplain<quint64>(const QCommandLineParser &, const QCommandLineOption &, quint64, quint64,
                                            const QString &, quint64 &);

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

QString shardUsage(const QString &value)
{
    return QStringLiteral("--shard takes I/N, whole numbers with 0 <= I < N <= %1, not \"%2\"").arg(Shard::MaxCount).arg(value);
}

int usageError(const QCommandLineParser &parser, const QString &message)
{
    err() << "ocworkbench-cli: " << message << "\n\n" << parser.helpText() << Qt::flush;
    return Usage;
}

} // namespace ocw::cli
