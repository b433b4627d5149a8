// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace ocw {

// A duration for people, in the unit that suits it, to three significant digits: "850 ns", "12.3 µs",
// "4.56 ms", "1.23 s".
QString formatNanos(qint64 nanos);

// A tick of a time ruler: where it falls (a fraction of the ruler) and its label ("0", "200 µs", "5 ms").
struct RulerTick {
    double fraction = 0;
    QString label;
    bool operator==(const RulerTick &) const = default;
};

// Ticks for a ruler of `totalNanos` drawn `pixels` wide, at least `minSpacing` pixels apart, on a round step
// (1, 2 or 5 times a power of ten), each labelled in its own unit ("800 ms", "1 s", "1.2 s"). The waterfall's header and its rows share them,
// so the grid lines meet the labels.
QList<RulerTick> rulerTicks(qint64 totalNanos, double pixels, double minSpacing);

} // namespace ocw
