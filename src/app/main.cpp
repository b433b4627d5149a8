// SPDX-License-Identifier: Apache-2.0
// ocworkbench: the desktop workbench.
#include "mainwindow.h"

#include "version.h"

#include <QApplication>
#include <QCommandLineParser>

#include <csignal>
#include <cstdio>

int main(int argc, char *argv[])
{
    // Answered before QApplication exists, so that it works over ssh with no display.
    for (int i = 1; i < argc; ++i) {
        if (qstrcmp(argv[i], "--version") == 0 || qstrcmp(argv[i], "-v") == 0) {
            std::fprintf(stdout, "%s\n", qPrintable(ocw::versionReport()));
            return 0;
        }
    }

    // Past a file-size limit (ulimit -f) a save then fails with EFBIG and says so in a dialog, instead of the
    // process dying of SIGXFSZ.
    std::signal(SIGXFSZ, SIG_IGN);
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("OC Workbench"));
    QApplication::setApplicationName(QStringLiteral("ocworkbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("OC Workbench"));
    QApplication::setApplicationVersion(ocw::applicationVersion());
    QApplication::setDesktopFileName(QStringLiteral("io.github.ocworkbench.OCWorkbench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Workbench for KrakenD's OpenCensus ocagent exporter."));
    parser.addHelpOption();
    const QCommandLineOption version(QStringList{QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Print the versions of OC Workbench, Qt, gRPC and protobuf."));
    parser.addOption(version);
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Start the demo: the KrakenD gateway preset streams to the embedded agent, "
                                                 "whose faults come on a cycle, with the live charts on the Run page."));
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A krakend.json to open."), QStringLiteral("[FILE]"));
    parser.process(app);

    ocw::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openFile(parser.positionalArguments().first());
    if (parser.isSet(demo))
        window.startDemo();
    return app.exec();
}
