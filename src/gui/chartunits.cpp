// SPDX-License-Identifier: Apache-2.0
#include "chartunits.h"

#include <QLocale>

#include <algorithm>
#include <array>
#include <cmath>

namespace ocw {

namespace {

struct Prefix {
    double factor;
    const char *symbol;
};

// Three significant digits at most, trailing zeros dropped: 4 M, 2.5 M, 12.5 k, 850.
// The last prefix (factor 1) takes whatever the larger ones did not.
QString scaled(double value, const std::array<Prefix, 4> &prefixes)
{
    const auto prefix = std::find_if(prefixes.begin(), prefixes.end() - 1, [&](const Prefix &p) { return std::abs(value) >= p.factor; });
    const double v = value / prefix->factor;
    const int decimals = std::abs(v) >= 100 ? 0 : std::abs(v) >= 10 ? 1 : 2;
    QString text = QLocale().toString(v, 'f', decimals);
    if (text.contains(QLocale().decimalPoint())) {
        while (text.endsWith(u'0'))
            text.chop(1);
        if (text.endsWith(QLocale().decimalPoint()))
            text.chop(QLocale().decimalPoint().size());
    }
    return text + QLatin1String(prefix->symbol);
}

constexpr std::array<Prefix, 4> kCountPrefixes{{{1e9, " G"}, {1e6, " M"}, {1e3, " k"}, {1, ""}}};
constexpr std::array<Prefix, 4> kBytePrefixes{{{1e9, " GB"}, {1e6, " MB"}, {1e3, " KB"}, {1, " B"}}};

} // namespace

QString formatChartValue(double value, ChartUnit unit)
{
    switch (unit) {
    case ChartUnit::PerSecond:
        return scaled(value, kCountPrefixes) + QStringLiteral("/s");
    case ChartUnit::BytesPerSecond:
        return scaled(value, kBytePrefixes) + QStringLiteral("/s");
    case ChartUnit::Count:
        return scaled(value, kCountPrefixes);
    case ChartUnit::Ratio:
        return QLocale().toString(value, 'f', 2) + QStringLiteral(" : 1");
    case ChartUnit::Percent:
        return QLocale().toString(value, 'f', 0) + QStringLiteral(" %");
    }
    return QString();
}

QList<double> niceTicks(double top, int maxSteps)
{
    if (!(top > 0))
        top = 1;
    const double rough = top / std::max(1, maxSteps);
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    double step = 10 * power;
    for (const double m : {1.0, 2.0, 5.0}) {
        if (m * power >= rough) {
            step = m * power;
            break;
        }
    }
    QList<double> ticks;
    for (int i = 0; i == 0 || ticks.last() < top; ++i)
        ticks.append(i * step);
    return ticks;
}

} // namespace ocw
