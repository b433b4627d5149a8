// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "run/reportmerge.h"

#include <QFile>
#include <QJsonDocument>

namespace ocw::cli {

int runMergeReports(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Write the merged report here (default: stdout)."),
                                       QStringLiteral("FILE"));
    parser.addOption(outOption);
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Run reports of one load's shards (run --shard I/N), one or several a file; - reads "
                                                "them from stdin (kubectl logs of every pod, say: lines outside the reports are skipped)."),
                                 QStringLiteral("FILE..."));
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("Merges the run reports of one load's shards into one: counts and bytes summed, rates "
                                                 "over the time from the first start to the last stop, the accounting checked again. "
                                                 "Reports of different loads (profile, rate or seed) or the same shard twice are "
                                                 "refused.\nExit code: 0 merged, 1 the reports cannot be merged or FILE could not be "
                                                 "written, 2 usage error or unreadable report."));
    if (early >= 0)
        return early;
    if (parser.positionalArguments().isEmpty())
        return usageError(parser, QStringLiteral("give the reports to merge (FILE..., or - for stdin)"));

    QList<NamedReport> reports;
    for (const QString &source : parser.positionalArguments()) {
        std::optional<QByteArray> bytes;
        if (source == u"-") {
            QFile in;
            if (in.open(stdin, QIODevice::ReadOnly))
                bytes = in.readAll();
        } else {
            bytes = readFileOrComplain(source);
        }
        if (!bytes)
            return Usage;
        QString error;
        const std::optional<QList<NamedReport>> read = readRunReports(*bytes, source == u"-" ? QStringLiteral("stdin") : source, &error);
        if (!read) {
            err() << "ocworkbench-cli: " << error << '\n' << Qt::flush;
            return Usage;
        }
        reports += *read;
    }
    QString error;
    const std::optional<QJsonObject> merged = mergeRunReports(reports, &error);
    if (!merged) {
        err() << "ocworkbench-cli: " << error << '\n' << Qt::flush;
        return Failed;
    }
    const QByteArray json = QJsonDocument(*merged).toJson();
    err() << "merge-reports: " << reports.size() << " reports, shards " << merged->value(u"shards_merged").toVariant().toStringList().join(u',')
          << " of " << merged->value(u"shard_count").toInteger() << (merged->value(u"accounting_balanced").toBool() ? ", accounting balanced" : ", accounting NOT balanced")
          << '\n' << Qt::flush;
    if (!parser.isSet(outOption)) {
        out() << json << Qt::flush;
        return Ok;
    }
    return writeFileOrComplain(parser.value(outOption), json, FileReaders::OwnerOnly) ? Ok : Failed;
}

} // namespace ocw::cli
