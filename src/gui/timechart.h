// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "chartunits.h"

#include <QList>
#include <QPen>
#include <QPointF>
#include <QWidget>

#include <optional>

class QCategoryAxis;
class QChart;
class QLineSeries;
class QPainter;
class QValueAxis;

namespace ocw {

class TimeChartView;

// A chart of quantities over time: named line series on a left (and optionally a right) value axis, a
// time axis in seconds, and overlays drawn on the plot: event markers (reconnections), shaded stretches
// (pauses), a crosshair and marks where a burst was clipped. All Qt Charts code of the application is here,
// so a move away from Qt Charts (deprecated from Qt 6.10) stays local. Series are handed over whole, already
// decimated to the plot's width (plotWidth()), once per update.
//
// With setClipsBursts(), the left axis fits the bulk of what is shown, not its peak: when a few points rise far above the rest (a
// burst after an outage), the axis stops at twice the 90th percentile, so the normal rate keeps its height,
// and what goes over is marked at the top of the plot with the peak's value.
class TimeChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeChart)

public:
    enum class Axis { Left, Right };
    // Lines that overlap stay apart by their dash and width, not only their colour.
    struct SeriesStyle {
        QColor color;
        Qt::PenStyle dash = Qt::SolidLine;
        qreal width = 1.5;
    };
    struct Stretch {
        double from;
        double to;
    };

    explicit TimeChart(const QString &title, QWidget *parent = nullptr);
    ~TimeChart() override;

    // Returns the series' index for setPoints().
    int addSeries(const QString &label, const SeriesStyle &style, Axis axis = Axis::Left);
    int addSeries(const QString &label, const QColor &color, Axis axis = Axis::Left) { return addSeries(label, SeriesStyle{color}, axis); }
    void setAxisTitles(const QString &left, const QString &right = QString());
    // How the axes' labels (and the legend's current values) are written; items a second unless set.
    void setAxisUnits(ChartUnit left, ChartUnit right = ChartUnit::Ratio);
    // Fit the left axis to the bulk of the points and mark the bursts over it (see above), rather than to the peak.
    void setClipsBursts(bool clips) { m_clipsBursts = clips; }
    ChartUnit unit(Axis axis) const { return axis == Axis::Left ? m_leftUnit : m_rightUnit; }
    void setTitle(const QString &title);

    // After setTimeRange(): the value axes fit what is in the range, and the legend shows the last value.
    void setPoints(int series, const QList<QPointF> &points);
    // The time shown.
    void setTimeRange(double from, double to);
    // Fixes the left axis at 0 to `ceiling` (a percentage, say) instead of fitting it.
    void setValueCeiling(double ceiling);
    void setMarkers(const QList<double> &times);
    void setShading(const QList<Stretch> &stretches);
    const QList<Stretch> &shading() const { return m_shading; }
    void setCrosshair(std::optional<double> time);
    std::optional<double> crosshair() const { return m_crosshair; }
    // Lets the user drag across the plot to zoom in time (zoomRequested) and double-click to go back (zoomReset).
    void setZoomable(bool zoomable);

    // The highest point over the left axis when a burst is clipped, else 0.
    double clippedPeak() const { return m_clippedPeak; }
    double axisTop(Axis axis) const;
    QStringList axisLabels(Axis axis) const;
    QString legendText(int series) const;
    QPen seriesPen(int series) const;
    // Where time `t` is drawn, in the chart's own coordinates (for the tests, which hover there).
    QPoint positionOf(double t) const;
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
    // The pointer is over the plot at time `time` (globalPos: where to show a tooltip), or left it.
    void hovered(double time, const QPoint &globalPos);
    void hoverEnded();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    friend class TimeChartView;
    void applyPalette();
    void fitValueAxes();
    // Round ticks from 0 to `top` plus `headroom` (a line at the top must not run along the frame).
    void fitAxis(QCategoryAxis *axis, ChartUnit unit, double top, double headroom = 1.05);
    void paintOverlay(QPainter *painter, const QRectF &plot) const;
    double xOf(double t) const;

    QChart *m_chart = nullptr;
    TimeChartView *m_view = nullptr;
    QValueAxis *m_time = nullptr;
    QCategoryAxis *m_left = nullptr;
    QCategoryAxis *m_right = nullptr;
    ChartUnit m_leftUnit = ChartUnit::PerSecond;
    ChartUnit m_rightUnit = ChartUnit::Ratio;
    QList<QLineSeries *> m_series;
    QList<QString> m_labels;
    QList<Axis> m_axes;
    QList<QList<double>> m_visible; // each series' values in the time range when it was set
    double m_ceiling = 0;           // 0: fit
    bool m_clipsBursts = false;
    bool m_resized = false; // since the axes were last fitted
    double m_clippedPeak = 0;
    QList<double> m_markers;
    QList<Stretch> m_shading;
    std::optional<double> m_crosshair;
};

} // namespace ocw
