// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

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

int usageError(const QCommandLineParser &parser, const QString &message)
{
    err() << "ocworkbench-cli: " << message << "\n\n" << parser.helpText() << Qt::flush;
    return Usage;
}

} // namespace ocw::cli
