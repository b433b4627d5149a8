// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "load/rateshape.h"

#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace ocw {

// The rate a profile asks for over time, drawn once per change. All Qt Charts use of the profile page is
// here, so a move away from Qt Charts (deprecated from Qt 6.10) stays local.
class RatePreviewChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RatePreviewChart)

public:
    explicit RatePreviewChart(QWidget *parent = nullptr);
    ~RatePreviewChart() override;

    // Plots `shape` over `seconds` (decimated to about two points per pixel), with `unit` on the axis.
    void setShape(const RateShape &shape, double seconds, const QString &unit);
    int pointCount() const;

private:
    QChart *m_chart = nullptr;
    QChartView *m_view = nullptr;
    QLineSeries *m_series = nullptr;
    QValueAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
};

} // namespace ocw
