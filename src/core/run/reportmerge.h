// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ocw {

// One run report and where it came from (a file, "-" for stdin, with the report's place in it).
struct NamedReport {
    QString source;
    QJsonObject report;
};

// The run reports in `bytes`: one, or several back to back (the output of N pods' logs, say). Lines
// outside a report (the progress lines `kubectl logs` interleaves) are skipped; a report begins with a
// line that starts with "{". Returns the reports, or nullopt and `error` naming the source and the place.
std::optional<QList<NamedReport>> readRunReports(const QByteArray &bytes, const QString &source, QString *error);

// The reports of one load's shards as one report: counts and bytes are the sums, the time span runs from
// the first shard's start to the last one's stop and the rates are over it, and the accounting is checked
// again on the sums. Refuses (nullopt and `error`) reports of different loads (profile, its file, rate or
// seed), of different shard counts, or the same shard twice.
std::optional<QJsonObject> mergeRunReports(const QList<NamedReport> &reports, QString *error);

} // namespace ocw
