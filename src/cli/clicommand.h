// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "atomicfile.h"

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace ocw {
struct Diagnostic;
}

namespace ocw::cli {

// Exit codes every command shares; scripts rely on them.
enum ExitCode { Ok = 0, Failed = 1, Usage = 2, ThresholdsFailed = 3 };

QTextStream &out();
QTextStream &err();

// One sub-command: `ocworkbench-cli NAME ...`.
struct Command {
    const char *name;
    const char *summary;
    int (*run)(const QStringList &arguments); // arguments[0] is "ocworkbench-cli NAME"
};

// Parses `arguments` with `parser`, handling --help. Returns -1 to go on, or the exit code to stop with.
int parseOrExit(QCommandLineParser &parser, const QStringList &arguments, const QString &description);
int usageError(const QCommandLineParser &parser, const QString &message);
// Reads a config file; on failure prints why (the file and the reason) and returns nullopt.
std::optional<QByteArray> readFileOrComplain(const QString &file);
// Writes a command's output file whole or not at all; on failure prints the file and the reason and
// returns false, and the command exits Failed.
bool writeFileOrComplain(const QString &file, const QByteArray &bytes, FileReaders readers = FileReaders::Default);
// Prints a file's problems on stderr, one "FILE:LINE:COL: ..." line each.
void printDiagnostics(const QString &file, const QList<Diagnostic> &diagnostics);

// SIGINT and SIGTERM end long-running commands cleanly: after this, stopSignals() counts them.
void installStopSignals();
int stopSignals();
// Reads a numeric option into `value`, leaving it as it is when the option is absent (and has no default).
// Every numeric option goes through here, so that none takes NaN, infinity, a value that overflows where it
// is used, or text: a value outside [min, max] prints a usage error naming `what` and the range, and returns
// false (exit with Usage then). T is double, qint64 or quint64; a whole-number T takes no fraction or exponent.
template<typename T>
bool readNumberOrComplain(const QCommandLineParser &parser, const QCommandLineOption &option, T min, T max,
                          const QString &what, T &value);
// The usage error of a --shard value that is not I/N.
QString shardUsage(const QString &value);
// The longest duration an option takes: a year, far below what milliseconds in 64 bits hold.
inline constexpr double MaxOptionSeconds = 365.0 * 24 * 3600;

int runValidate(const QStringList &arguments);
int runAgent(const QStringList &arguments);
int runRun(const QStringList &arguments);
int runDemo(const QStringList &arguments);
int runBench(const QStringList &arguments);
int runGenerate(const QStringList &arguments);
int runSet(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runMergeReports(const QStringList &arguments);

} // namespace ocw::cli
