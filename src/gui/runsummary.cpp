// SPDX-License-Identifier: Apache-2.0
#include "runsummary.h"

#include "chartunits.h"

#include "run/quantityformat.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QTreeWidget>

namespace ocw {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RunSummary", text);
}

const QColor kPassed(40, 140, 70);
const QColor kFailed(200, 40, 40);

std::uint64_t count(const QJsonObject &report, const QString &key)
{
    return std::uint64_t(std::max<qint64>(0, report.value(key).toInteger()));
}

// "1,234 (0.12 %)": a count and its share of `whole`.
QString countWithShare(std::uint64_t part, std::uint64_t whole)
{
    if (whole == 0)
        return formatCount(part);
    return tr("%1 (%2 %)").arg(formatCount(part), QLocale().toString(100.0 * double(part) / double(whole), 'f', part == 0 ? 0 : 2));
}

QString seconds(double s)
{
    return QLocale().toString(s, 'f', 1) + QStringLiteral(" s");
}

class Writer
{
public:
    explicit Writer(QTreeWidget *tree) : m_tree(tree) {}

    void section(const QString &title)
    {
        m_section = new QTreeWidgetItem(m_tree, {title});
        QFont bold = m_section->font(0);
        bold.setBold(true);
        m_section->setFont(0, bold);
        m_section->setFirstColumnSpanned(true);
    }

    QTreeWidgetItem *row(const QString &key, const QString &label, const QString &value, const QString &details = QString())
    {
        auto *item = new QTreeWidgetItem(m_section, {label, value, details});
        item->setData(0, Qt::UserRole, key);
        for (int c = 0; c < 3; ++c)
            item->setToolTip(c, item->text(c));
        return item;
    }

private:
    QTreeWidget *m_tree;
    QTreeWidgetItem *m_section = nullptr;
};

void showDelivery(Writer &w, const QJsonObject &report, const QString &prefix, const QString &noun, const QString &reasonsKey)
{
    const auto k = [&](const char *suffix) -> QString { return prefix + QLatin1String(suffix); };
    const std::uint64_t generated = count(report, k("_generated"));
    w.row(k("_generated"), tr("generated"), tr("%1 %2").arg(formatCount(generated), noun));
    w.row(k("_sent"), tr("sent"), countWithShare(count(report, k("_sent")), generated),
          tr("written to streams the agent closed cleanly after reading them"));
    if (const std::uint64_t inFlight = count(report, k("_in_flight")))
        w.row(k("_in_flight"), tr("in flight at the end"), countWithShare(inFlight, generated));
    w.row(k("_unconfirmed"), tr("lost or unconfirmed"), countWithShare(count(report, k("_unconfirmed")), generated),
          tr("written to streams that broke first: the agent may or may not have read them"));
    w.row(k("_dropped"), tr("dropped"), countWithShare(count(report, k("_dropped")), generated), tr("never written"));
    const QJsonObject reasons = report.value(reasonsKey).toObject();
    for (auto it = reasons.begin(); it != reasons.end(); ++it) {
        if (it.value().toInteger() > 0)
            w.row(reasonsKey + u'.' + it.key(), tr("    dropped: %1").arg(QString(it.key()).replace(u'_', u' ')),
                  countWithShare(std::uint64_t(it.value().toInteger()), generated));
    }
    if (const std::uint64_t queued = count(report, k("_queued_at_stop")))
        w.row(k("_queued_at_stop"), tr("queued at the stop"), countWithShare(queued, generated));
}

} // namespace

void showRunSummary(QTreeWidget *tree, const QJsonObject &report, const QJsonArray &thresholdResults)
{
    tree->clear();
    if (report.isEmpty())
        return;
    Writer w(tree);
    const double duration = report.value(u"duration_s").toDouble();
    const QJsonObject options = report.value(u"options").toObject();

    w.section(tr("Run"));
    const QDateTime started = QDateTime::fromMSecsSinceEpoch(report.value(u"started_at_unix_ms").toInteger());
    w.row(QStringLiteral("duration_s"), tr("duration"), seconds(duration),
          tr("started %1").arg(QLocale().toString(started, QLocale::ShortFormat)));
    w.row(QStringLiteral("options.address"), tr("target"), options.value(u"address").toString(),
          tr("%1, %2").arg(options.value(u"insecure").toBool() ? tr("plaintext") : tr("TLS"),
                           options.value(u"gzip").toBool() ? tr("gzip") : tr("no compression")));
    const QJsonObject drain = report.value(u"drain").toObject();
    w.row(QStringLiteral("drain.outcome"), tr("stop"), drain.value(u"outcome").toString().replace(u'_', u' '),
          tr("drained in %1 of at most %2").arg(seconds(drain.value(u"seconds").toDouble()),
                                                seconds(double(drain.value(u"timeout_ms").toInteger()) / 1000.0)));

    w.section(tr("Spans"));
    showDelivery(w, report, QStringLiteral("spans"), tr("spans"), QStringLiteral("dropped_by_reason"));
    if (report.contains(u"agent"))
        w.row(QStringLiteral("agent.spans"), tr("received by the agent"), formatCount(count(report.value(u"agent").toObject(), QStringLiteral("spans"))));
    w.section(tr("Metric points"));
    showDelivery(w, report, QStringLiteral("points"), tr("points"), QStringLiteral("points_dropped_by_reason"));

    w.section(tr("Rates"));
    w.row(QStringLiteral("spans_per_second"), tr("spans sent"), formatChartValue(report.value(u"spans_per_second").toDouble(), ChartUnit::PerSecond));
    w.row(QStringLiteral("spans_written_per_second"), tr("spans written"),
          formatChartValue(report.value(u"spans_written_per_second").toDouble(), ChartUnit::PerSecond));
    if (duration > 0)
        w.row(QStringLiteral("bytes_wire"), tr("bytes on the wire"),
              formatChartValue(report.value(u"bytes_wire").toDouble() / duration, ChartUnit::BytesPerSecond),
              tr("%1 in all").arg(formatMegabytes(count(report, QStringLiteral("bytes_wire")))));

    w.section(tr("Connection"));
    w.row(QStringLiteral("reconnections"), tr("reconnections"), formatCount(count(report, QStringLiteral("reconnections"))),
          tr("of %1 attempts; %2 broken streams")
              .arg(formatCount(count(report, QStringLiteral("reconnection_attempts"))), formatCount(count(report, QStringLiteral("stream_failures")))));
    const double connected = report.value(u"connected_seconds").toDouble();
    const double total = connected + report.value(u"waiting_seconds").toDouble() + report.value(u"connecting_seconds").toDouble();
    w.row(QStringLiteral("connected_seconds"), tr("time connected"),
          total > 0 ? tr("%1 %").arg(QLocale().toString(100.0 * connected / total, 'f', 1)) : tr("never"),
          tr("%1 of %2").arg(seconds(connected), seconds(total)));
    w.row(QStringLiteral("compression_ratio"), tr("compression"),
          report.value(u"bytes_wire_measured").toBool() ? formatChartValue(report.value(u"compression_ratio").toDouble(), ChartUnit::Ratio)
                                                         : tr("not measured"),
          tr("%1 serialized, %2 on the wire")
              .arg(formatMegabytes(count(report, QStringLiteral("bytes_uncompressed"))), formatMegabytes(count(report, QStringLiteral("bytes_wire")))));
    if (const QString error = report.value(u"last_error").toString(); !error.isEmpty())
        w.row(QStringLiteral("last_error"), tr("last error"), tr("as gRPC said it:"), error); // too long for the values' column
    const QJsonArray perConnection = report.value(u"per_connection").toArray();
    if (perConnection.size() > 1) {
        w.section(tr("Connections"));
        for (const QJsonValue &v : perConnection) {
            const QJsonObject c = v.toObject();
            w.row(QStringLiteral("per_connection"), tr("connection %1").arg(c.value(u"connection").toInteger()),
                  tr("%1 spans sent").arg(formatCount(count(c, QStringLiteral("spans_sent")))),
                  tr("%1 generated, %2 dropped, %3 unconfirmed; %4 reconnections; %5")
                      .arg(formatCount(count(c, QStringLiteral("spans_generated"))), formatCount(count(c, QStringLiteral("spans_dropped"))),
                           formatCount(count(c, QStringLiteral("spans_unconfirmed"))), formatCount(count(c, QStringLiteral("reconnections"))),
                           c.value(u"accounting_balanced").toBool() ? tr("balanced") : tr("NOT balanced")));
        }
    }

    if (!thresholdResults.isEmpty()) {
        w.section(tr("Thresholds"));
        for (const QJsonValue &v : thresholdResults) {
            const QJsonObject r = v.toObject();
            const bool passed = r.value(u"passed").toBool();
            const QJsonValue value = r.value(u"value");
            QTreeWidgetItem *item = w.row(QStringLiteral("threshold"), (passed ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) + r.value(u"expr").toString(),
                                          value.isDouble() ? QLocale().toString(value.toDouble(), 'g', 6) : tr("not in the report"),
                                          passed ? tr("passed") : tr("failed"));
            for (int c = 0; c < 3; ++c)
                item->setForeground(c, passed ? kPassed : kFailed);
        }
    }
    tree->expandAll();
}

ThresholdList parseThresholdLines(const QString &text)
{
    ThresholdList list;
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (lines.at(i).trimmed().isEmpty())
            continue;
        ThresholdParse parsed = parseThreshold(lines.at(i));
        if (parsed.threshold)
            list.thresholds.push_back(std::move(*parsed.threshold));
        else
            list.problems.append(tr("Line %1: %2").arg(i + 1).arg(parsed.error));
    }
    return list;
}

QString thresholdVerdict(const QJsonArray &thresholdResults)
{
    if (thresholdResults.isEmpty())
        return tr("No thresholds set: add pass/fail conditions on the right.");
    qsizetype failed = 0;
    for (const QJsonValue &v : thresholdResults)
        failed += v.toObject().value(u"passed").toBool() ? 0 : 1;
    if (failed == 0)
        return QStringLiteral("<b style='color:%1'>✓ %2</b>").arg(kPassed.name(), tr("All %1 thresholds passed").arg(thresholdResults.size()));
    return QStringLiteral("<b style='color:%1'>✗ %2</b>")
        .arg(kFailed.name(), tr("%1 of %2 thresholds failed").arg(failed).arg(thresholdResults.size()));
}

} // namespace ocw
