// SPDX-License-Identifier: Apache-2.0
// ocworkbench-cli: the workbench's core, headless, for CI pipelines and scripts.
#include "clicommand.h"

#include "nativepath.h"
#include "version.h"

#include <QCoreApplication>

#include <array>
#include <csignal>

using namespace ocw::cli;

namespace {

constexpr std::array kCommands{
    Command{"validate", "Check configs; print problems with line, column and JSON pointer", runValidate},
    Command{"set", "Set values in a config, changing only their bytes", runSet},
    Command{"export", "Print the validated module as a v1 or v2 extra_config snippet", runExport},
    Command{"run", "Stream load to an OpenCensus agent as the config's ocagent exporter says", runRun},
    Command{"demo", "Stream KrakenD load to an agent inside the process, with faults on a cycle: the demo, headless", runDemo},
    Command{"agent", "Run an OpenCensus agent that counts and checks what it receives", runAgent},
    Command{"generate", "Write the requests a load profile makes, as JSON or binary", runGenerate},
    Command{"merge-reports", "Merge the run reports of one load's shards (run --shard I/N) into one", runMergeReports},
    Command{"bench", "Measure exporter throughput against a raw gRPC ceiling, and memory in an outage", runBench},
};

void printUsage(QTextStream &stream)
{
    stream << "Usage: ocworkbench-cli COMMAND [OPTIONS] ...\n\nCommands:\n";
    for (const Command &c : kCommands)
        stream << "  " << QString::fromUtf8(c.name).leftJustified(15) << QString::fromUtf8(c.summary) << '\n';
    stream << "\nRun 'ocworkbench-cli COMMAND --help' for a command's options.\n"
              "  --version   Print the versions of OC Workbench, Qt, gRPC and protobuf.\n"
              "  --help      Show this help.\n"
           << Qt::flush;
}

} // namespace

int main(int argc, char *argv[])
{
    // Past a file-size limit (ulimit -f) a write then fails with EFBIG, and the command reports the file and
    // the reason, instead of the process dying of SIGXFSZ with a half-written output.
    std::signal(SIGXFSZ, SIG_IGN);
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("OC Workbench"));
    QCoreApplication::setApplicationName(QStringLiteral("ocworkbench-cli"));
    QCoreApplication::setApplicationVersion(ocw::applicationVersion());

    // From argv's own bytes, not QCoreApplication::arguments(): Qt decodes a file name that is not valid
    // UTF-8 lossily, and the file could not be found again.
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << ocw::pathFromNative(QByteArray(argv[i]));
    if (args.size() < 2) {
        printUsage(err());
        return Usage;
    }
    const QString first = args.at(1);
    if (first == u"--version" || first == u"-v") {
        out() << ocw::versionReport() << '\n' << Qt::flush;
        return Ok;
    }
    if (first == u"--help" || first == u"-h" || first == u"help") {
        printUsage(out());
        return Ok;
    }
    for (const Command &c : kCommands) {
        if (first == QLatin1String(c.name)) {
            QStringList rest = args.mid(2);
            rest.prepend(QStringLiteral("ocworkbench-cli ") + first);
            return c.run(rest);
        }
    }
    err() << "ocworkbench-cli: unknown command \"" << first << "\"\n\n";
    printUsage(err());
    return Usage;
}
