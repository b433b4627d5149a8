// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "run/runhistory.h"
#include "timechart.h"

#include <QWidget>

class QGridLayout;

namespace ocw {

class ConnectionTimeline;

// The run's live charts over a RunHistory: spans and metric points a second (generated, sent, dropped,
// received), bytes a second before and after compression with the ratio, queue depth and time connected,
// reconnections as markers on every chart, paused stretches shaded, and the connection timeline above them.
// Hovering any chart puts a crosshair at that moment on every chart and one tooltip with every value then.
// The time range
// follows the run over a sliding window until the user zooms (drag) and comes back on a double-click.
// Each redraw hands every series over once, decimated to its chart's width, so what is drawn stays
// bounded however long the run. During a run, a tick redraws half of the charts, in turn, so that no tick
// holds the UI thread for all of them.
class RunCharts final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RunCharts)

public:
    // `corner` takes the grid's free cell (the page's counters).
    RunCharts(const RunHistory &history, QWidget *corner, QWidget *parent = nullptr);
    ~RunCharts() override;

    void setWindowSeconds(double seconds);
    void followRun(); // back from a zoom
    // Every chart and the timeline, now: after a zoom, a change of window, the end of a run.
    void redraw();
    // The next half of the charts, for one tick of a run.
    void redrawNext();

    struct Range {
        double from;
        double to;
    };
    // The time the charts show, in seconds since the run started.
    Range visibleRange() const;
    bool isFollowingRun() const { return m_follow; }
    // The crosshair at time `t` on every chart and the tooltip with every value then (at `globalPos`).
    void showMomentAt(double t, const QPoint &globalPos);
    void hideMoment();
    // Every chart's values at the sample nearest `t`, one line per chart: the hover's tooltip.
    QString momentText(double t) const;
    const QList<TimeChart *> &charts() const { return m_charts; }
    int pointCount() const; // over all charts
    // The whole grid as a PNG under a heading (title, time range, target), written atomically; returns an
    // error message or an empty string.
    QString savePng(const QString &path, const QStringList &heading);
    QImage image(const QStringList &heading);

signals:
    // The range stopped following the run (a zoom) or follows it again.
    void followingChanged(bool following);

private:
    struct Line {
        RunSeries series;
        int index;
        TimeChart::Axis axis;
    };
    struct Plot {
        RunSeries series;
        TimeChart::SeriesStyle style;
    };
    struct AxisSpec {
        QString title;
        ChartUnit unit = ChartUnit::Ratio;
        QList<Plot> plots;
    };
    // What is drawn over every chart: the reconnections and the paused stretches in the range.
    struct Overlays {
        QList<double> reconnections;
        QList<TimeChart::Stretch> paused;
    };
    Overlays overlaysIn(const Range &range) const;
    void drawChart(qsizetype index, const Range &range, const Overlays &overlays);
    void addChart(const QString &title, const AxisSpec &left, const AxisSpec &right);

    const RunHistory &m_history;
    double m_window = 300;
    bool m_follow = true;
    double m_zoomFrom = 0;
    double m_zoomTo = 0;
    int m_turn = 0;
    ConnectionTimeline *m_timeline = nullptr;
    QWidget *m_grid = nullptr;
    QGridLayout *m_layout = nullptr;
    QList<TimeChart *> m_charts;
    QStringList m_titles;
    QList<QList<Line>> m_lines;
};

} // namespace ocw
