// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "run/thresholds.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <vector>

class QTreeWidget;

namespace ocw {

// The Last report tab's summary, as k6 ends a test: what was generated, sent, dropped (by reason), lost or
// unconfirmed, reconnections, time connected, compression and rates, then each threshold green or red.
// Each row's key (Qt::UserRole of column 0) is the report key it shows, so tests and users can tell them.
void showRunSummary(QTreeWidget *tree, const QJsonObject &report, const QJsonArray &thresholdResults);

// The user's thresholds, one expression a line (blank lines skipped), parsed with the CLI's parser.
struct ThresholdList {
    std::vector<Threshold> thresholds;
    QStringList problems; // one sentence per line that is not KEY OP NUMBER, naming the line
};
ThresholdList parseThresholdLines(const QString &text);

// One line for the top of the summary: how many thresholds passed or failed, as rich text.
QString thresholdVerdict(const QJsonArray &thresholdResults);

} // namespace ocw
