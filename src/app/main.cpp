// SPDX-License-Identifier: Apache-2.0
// ocworkbench: the desktop workbench.
#include "mainwindow.h"

#include "version.h"

#include <QApplication>
#include <QCommandLineParser>

int main(int argc, char *argv[])
{
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
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A krakend.json to open."), QStringLiteral("[FILE]"));
    parser.process(app);
    if (parser.isSet(version)) {
        fprintf(stdout, "%s\n", qPrintable(ocw::versionReport()));
        return 0;
    }

    ocw::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openFile(parser.positionalArguments().first());
    return app.exec();
}
