// SPDX-License-Identifier: Apache-2.0
#include "reportmerge.h"

#include "loadrun.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <set>

namespace ocw {

namespace {

// Counters that add up across shards.
constexpr const char *kSummed[] = {
    "spans_generated", "spans_sent", "spans_unconfirmed", "spans_in_flight", "spans_dropped", "spans_queued_at_stop",
    "spans_written", "points_generated", "points_sent", "points_unconfirmed", "points_in_flight", "points_dropped",
    "points_queued_at_stop", "points_written", "traces_sampled_out", "behind_schedule", "requests_sent",
    "bytes_uncompressed", "bytes_wire", "connection_attempts", "reconnection_attempts", "reconnections", "stream_failures",
    "connections",
};
constexpr const char *kSummedByReason[] = {"dropped_by_reason", "points_dropped_by_reason"};

qint64 count(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toInteger();
}

QString describeLoad(const QJsonObject &load)
{
    return QString::fromUtf8(QJsonDocument(load).toJson(QJsonDocument::Compact));
}

} // namespace

std::optional<QList<NamedReport>> readRunReports(const QByteArray &bytes, const QString &source, QString *error)
{
    QList<NamedReport> reports;
    qsizetype line = 1;
    for (qsizetype at = 0; at < bytes.size();) {
        const qsizetype lineEnd = [&] { const qsizetype n = bytes.indexOf('\n', at); return n < 0 ? bytes.size() : n + 1; }();
        if (bytes.at(at) != '{') {
            at = lineEnd;
            ++line;
            continue;
        }
        // The report runs to its closing brace; what follows it is the next input.
        QJsonParseError parsed{};
        QJsonDocument document = QJsonDocument::fromJson(bytes.mid(at), &parsed);
        qsizetype length = bytes.size() - at;
        if (parsed.error == QJsonParseError::GarbageAtEnd) {
            length = parsed.offset;
            document = QJsonDocument::fromJson(bytes.mid(at, length), &parsed);
        }
        if (parsed.error != QJsonParseError::NoError || !document.isObject()) {
            *error = QStringLiteral("%1: line %2: not a run report: %3").arg(source).arg(line).arg(parsed.errorString());
            return std::nullopt;
        }
        const QJsonObject report = document.object();
        if (!report.contains(u"spans_generated") || !report.value(u"load").isObject()) {
            *error = QStringLiteral("%1: line %2: not a run report of this version (no \"spans_generated\" or \"load\")").arg(source).arg(line);
            return std::nullopt;
        }
        reports.append({QStringLiteral("%1 (line %2)").arg(source).arg(line), report});
        line += bytes.mid(at, length).count('\n');
        at += length;
    }
    if (reports.isEmpty()) {
        *error = QStringLiteral("%1: no run report in it").arg(source);
        return std::nullopt;
    }
    return reports;
}

std::optional<QJsonObject> mergeRunReports(const QList<NamedReport> &reports, QString *error)
{
    if (reports.isEmpty()) {
        *error = QStringLiteral("no reports to merge");
        return std::nullopt;
    }
    const NamedReport &first = reports.first();
    const QJsonObject load = first.report.value(u"load").toObject();
    const qint64 shardCount = first.report.value(u"shard").toObject().value(u"count").toInteger(1);
    std::set<qint64> shards;
    QJsonObject merged;
    QJsonObject byReason[std::size(kSummedByReason)];
    qint64 started = std::numeric_limits<qint64>::max();
    qint64 stopped = std::numeric_limits<qint64>::min();
    bool wireMeasured = true;
    QJsonArray perConnection; // every shard's connections, each named by its shard
    for (const NamedReport &named : reports) {
        const QJsonObject &r = named.report;
        if (r.value(u"load").toObject() != load) {
            *error = QStringLiteral("%1 is a report of another load than %2: %3, not %4; merge the shards of one load only")
                         .arg(named.source, first.source, describeLoad(r.value(u"load").toObject()), describeLoad(load));
            return std::nullopt;
        }
        const QJsonObject shard = r.value(u"shard").toObject();
        if (shard.value(u"count").toInteger(1) != shardCount) {
            *error = QStringLiteral("%1 is a shard of %2, %3 of %4: merge the shards of one split only")
                         .arg(named.source)
                         .arg(shard.value(u"count").toInteger(1))
                         .arg(first.source)
                         .arg(shardCount);
            return std::nullopt;
        }
        if (!shards.insert(shard.value(u"index").toInteger()).second) {
            *error = QStringLiteral("%1 is shard %2 again: each shard's report is merged once")
                         .arg(named.source)
                         .arg(shard.value(u"index").toInteger());
            return std::nullopt;
        }
        for (const char *key : kSummed)
            merged.insert(QLatin1String(key), merged.value(QLatin1String(key)).toInteger() + count(r, key));
        for (std::size_t i = 0; i < std::size(kSummedByReason); ++i) {
            const QJsonObject reasons = r.value(QLatin1String(kSummedByReason[i])).toObject();
            for (auto it = reasons.begin(); it != reasons.end(); ++it)
                byReason[i].insert(it.key(), byReason[i].value(it.key()).toInteger() + it.value().toInteger());
        }
        started = std::min(started, r.value(u"started_at_unix_ms").toInteger());
        stopped = std::max(stopped, r.value(u"stopped_at_unix_ms").toInteger());
        wireMeasured = wireMeasured && r.value(u"bytes_wire_measured").toBool();
        for (const QJsonValue &connection : r.value(u"per_connection").toArray()) {
            QJsonObject c = connection.toObject();
            c.insert(QStringLiteral("shard"), shard.value(u"index").toInteger());
            perConnection.append(c);
        }
    }
    merged.insert(QStringLiteral("per_connection"), perConnection);
    for (std::size_t i = 0; i < std::size(kSummedByReason); ++i)
        merged.insert(QLatin1String(kSummedByReason[i]), byReason[i]);

    const auto balanced = [&](const char *kind) {
        const QString k = QLatin1String(kind);
        const auto n = [&](const QString &suffix) { return merged.value(k + suffix).toInteger(); };
        return n(QStringLiteral("_generated"))
               == n(QStringLiteral("_queued_at_stop")) + n(QStringLiteral("_in_flight")) + n(QStringLiteral("_sent"))
                      + n(QStringLiteral("_unconfirmed")) + n(QStringLiteral("_dropped"));
    };
    const double seconds = double(stopped - started) / 1000.0;
    const double wire = double(count(merged, "bytes_wire"));
    QJsonArray shardList;
    for (const qint64 s : shards)
        shardList.append(s);
    QJsonArray missing;
    for (qint64 s = 0; s < shardCount; ++s)
        if (!shards.count(s))
            missing.append(s);
    merged.insert(QStringLiteral("load"), load);
    merged.insert(QStringLiteral("shard_count"), shardCount);
    merged.insert(QStringLiteral("shards_merged"), shardList);
    merged.insert(QStringLiteral("shards_missing"), missing);
    merged.insert(QStringLiteral("started_at_unix_ms"), started);
    merged.insert(QStringLiteral("stopped_at_unix_ms"), stopped);
    merged.insert(QStringLiteral("duration_s"), seconds);
    merged.insert(QStringLiteral("spans_per_second"), seconds > 0 ? double(count(merged, "spans_sent")) / seconds : 0.0);
    merged.insert(QStringLiteral("spans_written_per_second"), seconds > 0 ? double(count(merged, "spans_written")) / seconds : 0.0);
    merged.insert(QStringLiteral("compression_ratio"), wire > 0 ? double(count(merged, "bytes_uncompressed")) / wire : 0.0);
    merged.insert(QStringLiteral("bytes_wire_measured"), wireMeasured);
    merged.insert(QStringLiteral("accounting_balanced"), balanced("spans") && balanced("points"));
    merged.insert(QStringLiteral("delivery"), QLatin1String(DeliveryNote));
    return merged;
}

} // namespace ocw
