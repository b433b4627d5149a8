// SPDX-License-Identifier: Apache-2.0
#include "thresholds.h"

#include <QRegularExpression>

#include <array>
#include <cmath>

namespace ocw {

namespace {

struct ComparisonName {
    const char *symbol;
    Threshold::Comparison comparison;
};

// Two-character operators first, so that "<=" is not read as "<" followed by "=".
constexpr std::array kComparisons{
    ComparisonName{"<=", Threshold::Comparison::LessOrEqual}, ComparisonName{">=", Threshold::Comparison::GreaterOrEqual},
    ComparisonName{"==", Threshold::Comparison::Equal},       ComparisonName{"<", Threshold::Comparison::Less},
    ComparisonName{">", Threshold::Comparison::Greater},
};

std::optional<double> numberAt(const QJsonObject &report, const QString &key)
{
    const QStringList path = key.split(QLatin1Char('.'));
    QJsonObject object = report;
    for (qsizetype i = 0; i + 1 < path.size(); ++i) {
        const QJsonValue inner = object.value(path.at(i));
        if (!inner.isObject())
            return std::nullopt;
        object = inner.toObject();
    }
    const QJsonValue value = object.value(path.last());
    if (!value.isDouble())
        return std::nullopt;
    return value.toDouble();
}

} // namespace

bool Threshold::holdsFor(double value) const
{
    switch (comparison) {
    case Comparison::Less:
        return value < limit;
    case Comparison::LessOrEqual:
        return value <= limit;
    case Comparison::Greater:
        return value > limit;
    case Comparison::GreaterOrEqual:
        return value >= limit;
    case Comparison::Equal:
        return value == limit;
    }
    return false;
}

ThresholdParse parseThreshold(const QString &expression)
{
    static const QRegularExpression shape(QStringLiteral(R"(^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*(<=|>=|==|<|>)\s*(\S+)\s*$)"));
    const QRegularExpressionMatch match = shape.match(expression);
    if (!match.hasMatch())
        return {std::nullopt, QStringLiteral("threshold \"%1\" is not KEY OP NUMBER (OP one of < <= > >= ==), for example "
                                             "\"spans_dropped_ratio <= 0.001\"")
                                  .arg(expression)};
    bool isNumber = false;
    const double limit = match.captured(3).toDouble(&isNumber);
    if (!isNumber || !std::isfinite(limit))
        return {std::nullopt, QStringLiteral("threshold \"%1\": \"%2\" is not a finite number").arg(expression, match.captured(3))};
    Threshold threshold;
    threshold.expression = expression.trimmed();
    threshold.key = match.captured(1);
    threshold.limit = limit;
    for (const ComparisonName &c : kComparisons)
        if (match.captured(2) == QLatin1String(c.symbol))
            threshold.comparison = c.comparison;
    return {threshold, QString()};
}

const std::vector<DerivedRatio> &derivedRatios()
{
    static const std::vector<DerivedRatio> ratios{
        {"spans_sent_ratio", "spans_sent", "spans_generated"},
        {"spans_dropped_ratio", "spans_dropped", "spans_generated"},
        {"spans_unconfirmed_ratio", "spans_unconfirmed", "spans_generated"},
        {"points_sent_ratio", "points_sent", "points_generated"},
        {"points_dropped_ratio", "points_dropped", "points_generated"},
        {"points_unconfirmed_ratio", "points_unconfirmed", "points_generated"},
    };
    return ratios;
}

std::optional<double> reportValue(const QJsonObject &report, const QString &key)
{
    for (const DerivedRatio &ratio : derivedRatios()) {
        if (key != QLatin1String(ratio.name))
            continue;
        const std::optional<double> part = numberAt(report, QLatin1String(ratio.numerator));
        const std::optional<double> whole = numberAt(report, QLatin1String(ratio.denominator));
        if (!part || !whole)
            return std::nullopt;
        return *whole > 0 ? *part / *whole : 0.0;
    }
    return numberAt(report, key);
}

QJsonArray evaluateThresholds(const std::vector<Threshold> &thresholds, const QJsonObject &report, bool &allPassed)
{
    allPassed = true;
    QJsonArray results;
    for (const Threshold &threshold : thresholds) {
        const std::optional<double> value = reportValue(report, threshold.key);
        const bool passed = value && threshold.holdsFor(*value);
        allPassed = allPassed && passed;
        results.append(QJsonObject{{QStringLiteral("expr"), threshold.expression},
                                   {QStringLiteral("value"), value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null)},
                                   {QStringLiteral("passed"), passed}});
    }
    return results;
}

} // namespace ocw
