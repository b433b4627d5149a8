// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace ocw {

// What a chart's axis counts, so that its labels, legends and tooltips scale the same way: 4,000,000
// spans a second reads "4 M/s", 2,500,000 bytes a second "2.5 MB/s".
enum class ChartUnit {
    PerSecond,      // items a second: k, M, G
    BytesPerSecond, // KB/s, MB/s, GB/s (decimal, as formatMegabytes)
    Count,          // a level (queued items): k, M
    Ratio,          // "4.2 : 1"
    Percent,        // "73 %"
};

// `value` in `unit`, scaled to k/M/G, with at most three significant digits: for legends and tooltips.
QString formatChartValue(double value, ChartUnit unit);

// Round tick values from 0 to at least `top`, at most `maxSteps` steps of 1, 2 or 5 times a power of ten.
QList<double> niceTicks(double top, int maxSteps = 5);

} // namespace ocw
