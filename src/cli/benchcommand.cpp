// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "run/exporterbench.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ocw::cli {

int runBench(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Length of each throughput phase (default 5)."),
                                     QStringLiteral("S"), QStringLiteral("5"));
    const QCommandLineOption outage(QStringLiteral("outage-seconds"),
                                    QStringLiteral("Length of the agent outage for the memory check (default 60; 0 skips it)."),
                                    QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the results as JSON."));
    parser.addOptions({seconds, outage, json});
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("Measures the exporter against the embedded agent on loopback: spans per "
                                                 "second with gzip off and on, each against a raw gRPC ceiling measured in "
                                                 "the same run and against itself without counting wire bytes, and resident "
                                                 "memory through an agent outage at full rate."));
    if (early >= 0)
        return early;
    double phase = 0;
    double outageSeconds = 0;
    if (!readNumberOrComplain(parser, seconds, 0.001, MaxOptionSeconds, QStringLiteral("seconds"), phase)
        || !readNumberOrComplain(parser, outage, 0.0, MaxOptionSeconds, QStringLiteral("seconds"), outageSeconds))
        return Usage;

    QJsonObject results;
    QJsonArray throughput;
    for (const bool gzip : {false, true}) {
        QString error;
        const std::optional<ThroughputResult> t = measureThroughput(gzip, phase, &error);
        if (!t) {
            err() << "ocworkbench-cli: " << error << '\n' << Qt::flush;
            return Failed;
        }
        throughput.append(t->toJson());
        err() << QStringLiteral("bench: gzip %1: raw ceiling %2 spans/s; exporter offered 1.1x %3 spans/s (ratio %4), "
                                "--rate max %5 spans/s (ratio %6); counting wire bytes costs: counted / uncounted %7 (median of %8 pairs)\n")
                     .arg(gzip ? QStringLiteral("on ") : QStringLiteral("off"))
                     .arg(t->ceilingSpansPerSecond, 0, 'f', 0)
                     .arg(t->exporterSpansPerSecond, 0, 'f', 0)
                     .arg(t->ratio(), 0, 'f', 3)
                     .arg(t->closedLoopSpansPerSecond, 0, 'f', 0)
                     .arg(t->closedLoopRatio(), 0, 'f', 3)
                     .arg(t->wireCountingRatio, 0, 'f', 3)
                     .arg(t->wireCountingRatios.size())
              << Qt::flush;
    }
    results.insert(QStringLiteral("throughput"), throughput);

    if (outageSeconds > 0) {
        const OutageResult o = measureOutage(outageSeconds, [](int second, qint64 rss, std::uint64_t dropped) {
            err() << QStringLiteral("bench: outage %1 s, resident %2 MiB, dropped %3 spans\n").arg(second).arg(double(rss) / 1024.0, 0, 'f', 1).arg(dropped)
                  << Qt::flush;
        });
        results.insert(QStringLiteral("outage"), o.toJson());
        err() << QStringLiteral("bench: outage of %1 s: resident %2 MiB after 5 s, %3 MiB at the end (x%4); %5 spans dropped, "
                                "accounting %6\n")
                     .arg(outageSeconds)
                     .arg(double(o.residentKiBAfterFill) / 1024.0, 0, 'f', 1)
                     .arg(double(o.residentKiBEnd) / 1024.0, 0, 'f', 1)
                     .arg(o.growthAfterFill(), 0, 'f', 3)
                     .arg(o.spansDropped)
                     .arg(o.balanced ? QStringLiteral("balanced") : QStringLiteral("NOT balanced"))
              << Qt::flush;
    }
    if (parser.isSet(json))
        out() << QJsonDocument(results).toJson() << Qt::flush;
    return Ok;
}

} // namespace ocw::cli
