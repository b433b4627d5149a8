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
enum ExitCode { Ok = 0, Failed = 1, Usage = 2 };

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
// Parses a whole number of seconds for `option`; -1 when absent, -2 (after printing) when invalid.
double secondsOption(const QCommandLineParser &parser, const QCommandLineOption &option);

int runValidate(const QStringList &arguments);
int runAgent(const QStringList &arguments);
int runRun(const QStringList &arguments);
int runDemo(const QStringList &arguments);
int runBench(const QStringList &arguments);
int runGenerate(const QStringList &arguments);
int runSet(const QStringList &arguments);
int runExport(const QStringList &arguments);

} // namespace ocw::cli
