// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QPointF>
#include <QWidget>

class QChart;
class QLineSeries;
class QValueAxis;

namespace ocw {

class TimeChartView;

// A chart of quantities over time: named line series on a left (and optionally a right) value axis, a
// time axis in seconds, and event markers (reconnections) drawn as lines across the plot. All Qt Charts
// code of the application is here, so a move away from Qt Charts (deprecated from Qt 6.10) stays local.
// Series are handed over whole, already decimated to the plot's width (plotWidth()), once per update.
class TimeChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeChart)

public:
    enum class Axis { Left, Right };

    explicit TimeChart(const QString &title, QWidget *parent = nullptr);
    ~TimeChart() override;

    // Returns the series' index for setPoints().
    int addSeries(const QString &label, const QColor &color, Axis axis = Axis::Left);
    void setAxisTitles(const QString &left, const QString &right = QString());
    void setTitle(const QString &title);
    void setTimeTitle(const QString &title);

    // After setTimeRange(): the value axes fit what is in the range.
    void setPoints(int series, const QList<QPointF> &points);
    // The time shown.
    void setTimeRange(double from, double to);
    // Fixes the left axis at 0 to `ceiling` (a percentage, say) instead of fitting it.
    void setValueCeiling(double ceiling);
    void setMarkers(const QList<double> &times);
    // Lets the user drag across the plot to zoom in time (zoomRequested) and double-click to go back (zoomReset).
    void setZoomable(bool zoomable);

    // About how many pixels wide the plot is: the most points a series needs.
    int plotWidth() const;
    int pointCount() const; // over all series, for the tests and the memory bound
    QImage image() const;
    // The chart as a PNG, written atomically; returns an error message or an empty string. Also on the
    // chart's context menu.
    QString savePng(const QString &path) const;

signals:
    void zoomRequested(double from, double to);
    void zoomReset();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void fitValueAxes();

    QChart *m_chart = nullptr;
    TimeChartView *m_view = nullptr;
    QValueAxis *m_time = nullptr;
    QValueAxis *m_left = nullptr;
    QValueAxis *m_right = nullptr;
    QList<QLineSeries *> m_series;
    QList<Axis> m_axes;
    QList<double> m_highest; // each series' highest point in the time range when it was set
    double m_ceiling = 0; // 0: fit
};

} // namespace ocw
