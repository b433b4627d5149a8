// SPDX-License-Identifier: Apache-2.0
#include "timeruler.h"

#include <array>
#include <cmath>
#include <cstdlib>

namespace ocw {

namespace {

struct Unit {
    double nanos;
    const char16_t *name;
};

// The largest unit not larger than `nanos`, so a value in it is at least 1.
Unit unitFor(double nanos)
{
    static constexpr std::array<Unit, 4> units{{{1e9, u"s"}, {1e6, u"ms"}, {1e3, u"µs"}, {1, u"ns"}}};
    for (const Unit &unit : units) {
        if (std::abs(nanos) >= unit.nanos)
            return unit;
    }
    return units.back();
}

} // namespace

QString formatNanos(qint64 nanos)
{
    const Unit unit = unitFor(double(nanos));
    const double value = double(nanos) / unit.nanos;
    const int decimals = unit.nanos == 1 ? 0 : std::abs(value) >= 100 ? 0 : std::abs(value) >= 10 ? 1 : 2;
    return QString::number(value, 'f', decimals) + u' ' + QString::fromUtf16(unit.name);
}

QList<RulerTick> rulerTicks(qint64 totalNanos, double pixels, double minSpacing)
{
    if (pixels <= 0 || minSpacing <= 0)
        return {};
    if (totalNanos <= 0)
        return {RulerTick{0, QStringLiteral("0")}};
    // The smallest round step whose ticks are at least minSpacing apart.
    const double wanted = double(totalNanos) * minSpacing / pixels;
    double step = std::pow(10.0, std::floor(std::log10(std::max(wanted, 1.0))));
    for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (step * factor >= wanted) {
            step *= factor;
            break;
        }
    }
    QList<RulerTick> ticks{RulerTick{0, QStringLiteral("0")}};
    for (int i = 1; double(i) * step <= double(totalNanos); ++i) {
        // Each label in its own value's unit ("800 ms", "1 s", "1.2 s"), with the decimals the step needs.
        const double at = double(i) * step;
        const Unit unit = unitFor(at);
        const int decimals = std::max(0, int(std::ceil(std::log10(unit.nanos / step) - 1e-9)));
        QString value = QString::number(at / unit.nanos, 'f', decimals);
        if (value.contains(u'.')) {
            while (value.endsWith(u'0'))
                value.chop(1);
            if (value.endsWith(u'.'))
                value.chop(1);
        }
        ticks.append(RulerTick{at / double(totalNanos), value + u' ' + QString::fromUtf16(unit.name)});
    }
    return ticks;
}

} // namespace ocw
