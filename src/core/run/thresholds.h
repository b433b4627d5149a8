// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace ocw {

// A pass/fail condition on a run report, as k6's thresholds: `KEY OP NUMBER`, KEY a numeric report key (a
// dotted path reaches inside an object: `dropped_by_reason.queue_full`) or one of the ratios below, OP one of
// < <= > >= ==. A CI pipeline gates on a collector's capacity with them (`run --threshold`, exit status 3).
struct Threshold {
    enum class Comparison { Less, LessOrEqual, Greater, GreaterOrEqual, Equal };
    QString expression; // as written, without surrounding white space
    QString key;
    Comparison comparison = Comparison::LessOrEqual;
    double limit = 0;

    bool holdsFor(double value) const;
};

struct ThresholdParse {
    std::optional<Threshold> threshold;
    QString error; // what is wrong with the expression, when threshold is empty
};

ThresholdParse parseThreshold(const QString &expression);

// The ratios a threshold can name besides the report's own keys, each a share of what was generated (0 when
// nothing was): name and meaning, for --help and the docs.
struct DerivedRatio {
    const char *name;
    const char *numerator;
    const char *denominator;
};
const std::vector<DerivedRatio> &derivedRatios();

// The number `key` names in `report`: a derived ratio, or a number at its dotted path; nullopt when there is none.
std::optional<double> reportValue(const QJsonObject &report, const QString &key);

// Each threshold against `report`, as the report's "thresholds" array: {"expr", "value", "passed"}; a key the
// report lacks has value null and fails. `allPassed` says whether every one passed.
QJsonArray evaluateThresholds(const std::vector<Threshold> &thresholds, const QJsonObject &report, bool &allPassed);

} // namespace ocw
