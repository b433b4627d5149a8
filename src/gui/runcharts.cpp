// SPDX-License-Identifier: Apache-2.0
#include "runcharts.h"

#include "connectiontimeline.h"
#include "pngfile.h"
#include "timechart.h"

#include <QGridLayout>
#include <QVBoxLayout>

#include <cmath>

namespace ocw {

namespace {

// One colour for each meaning, the same in every chart.
const QColor kGenerated(70, 130, 220);
const QColor kWritten(50, 165, 90);
const QColor kDropped(215, 60, 60);
const QColor kReceived(150, 90, 200);
const QColor kBefore(235, 140, 40);
const QColor kWire(30, 160, 170);
const QColor kRatio(120, 120, 120);

// The smallest round step of at least a twentieth of `window` seconds.
double slideStep(double window)
{
    for (const double step : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0})
        if (step * 20 >= window)
            return step;
    return 600.0;
}

} // namespace

RunCharts::RunCharts(const RunHistory &history, QWidget *corner, QWidget *parent)
    : QWidget(parent), m_history(history)
{
    m_timeline = new ConnectionTimeline;
    m_grid = new QWidget;
    m_grid->setObjectName(QStringLiteral("charts"));
    m_layout = new QGridLayout(m_grid);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(4);
    addChart(tr("Spans per second"), tr("spans / s"),
             {{RunSeries::SpansGenerated, kGenerated}, {RunSeries::SpansWritten, kWritten}, {RunSeries::SpansDropped, kDropped},
              {RunSeries::SpansReceived, kReceived}});
    addChart(tr("Metric points per second"), tr("points / s"),
             {{RunSeries::PointsGenerated, kGenerated}, {RunSeries::PointsWritten, kWritten}, {RunSeries::PointsDropped, kDropped},
              {RunSeries::PointsReceived, kReceived}});
    addChart(tr("Bytes per second and compression"), tr("bytes / s"),
             {{RunSeries::BytesUncompressed, kBefore}, {RunSeries::BytesWire, kWire}}, tr("ratio"),
             {{RunSeries::CompressionRatio, kRatio}});
    addChart(tr("Queue depth"), tr("spans + points"), {{RunSeries::QueuedItems, kGenerated}});
    addChart(tr("Time connected"), tr("% of each second"), {{RunSeries::ConnectedPercent, kWritten}});
    m_charts.last()->setValueCeiling(100);
    if (corner)
        m_layout->addWidget(corner, 1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_timeline);
    layout->addWidget(m_grid, 1);
}

RunCharts::~RunCharts() = default;

void RunCharts::addChart(const QString &title, const QString &unit, const QList<std::pair<RunSeries, QColor>> &series,
                         const QString &rightUnit, const QList<std::pair<RunSeries, QColor>> &rightSeries)
{
    auto *chart = new TimeChart(title);
    chart->setObjectName(runSeriesName(series.first().first));
    chart->setZoomable(true);
    chart->setMinimumSize(300, 200);
    QList<Line> lines;
    for (const auto &[s, color] : series)
        lines.append({s, chart->addSeries(runSeriesLabel(s), color)});
    for (const auto &[s, color] : rightSeries)
        lines.append({s, chart->addSeries(runSeriesLabel(s), color, TimeChart::Axis::Right)});
    chart->setAxisTitles(unit, rightUnit);
    connect(chart, &TimeChart::zoomRequested, this, [this](double from, double to) {
        const bool wasFollowing = m_follow;
        m_follow = false;
        m_zoomFrom = from;
        m_zoomTo = to;
        redraw();
        if (wasFollowing)
            emit followingChanged(false);
    });
    connect(chart, &TimeChart::zoomReset, this, &RunCharts::followRun);
    const int index = int(m_charts.size());
    m_layout->addWidget(chart, index / 3, index % 3);
    m_charts.append(chart);
    m_lines.append(lines);
}

void RunCharts::setWindowSeconds(double seconds)
{
    m_window = seconds;
    followRun();
}

void RunCharts::followRun()
{
    const bool wasFollowing = m_follow;
    m_follow = true;
    redraw();
    if (!wasFollowing)
        emit followingChanged(true);
}

RunCharts::Range RunCharts::visibleRange() const
{
    if (!m_follow)
        return {m_zoomFrom, m_zoomTo};
    // The first minute fills the width, then the range grows to the window and slides, a twentieth of
    // the window at a time: a range that moved every tick would lay the charts out anew every tick.
    const double last = m_history.lastSeconds();
    const double step = slideStep(m_window);
    const double to = std::max(std::ceil(last / step) * step, std::min(m_window, 60.0));
    return {std::max(0.0, to - m_window), to};
}

QList<double> RunCharts::markersIn(const Range &range) const
{
    QList<double> markers;
    for (const double t : m_history.reconnectionTimes()) {
        if (t >= range.from && t <= range.to)
            markers.append(t);
    }
    return markers;
}

void RunCharts::drawChart(qsizetype index, const Range &range, const QList<double> &markers)
{
    TimeChart *chart = m_charts.at(index);
    chart->setTimeRange(range.from, range.to);
    for (const Line &line : m_lines.at(index))
        chart->setPoints(line.index, m_history.decimated(line.series, range.from, range.to, chart->plotWidth()));
    chart->setMarkers(markers);
    if (index == m_charts.size() - 1)
        chart->setTitle(tr("Time connected — %n reconnection(s)", nullptr, int(m_history.reconnections())));
    else if (index == 0)
        m_timeline->setData(m_history.decimated(RunSeries::ConnectedPercent, range.from, range.to, m_timeline->width()),
                            markers, range.from, range.to);
}

void RunCharts::redraw()
{
    const Range range = visibleRange();
    const QList<double> markers = markersIn(range);
    for (qsizetype c = 0; c < m_charts.size(); ++c)
        drawChart(c, range, markers);
}

void RunCharts::redrawNext()
{
    const Range range = visibleRange();
    const QList<double> markers = markersIn(range);
    for (qsizetype c = m_turn; c < m_charts.size(); c += 2)
        drawChart(c, range, markers);
    m_turn = 1 - m_turn;
}

int RunCharts::pointCount() const
{
    int count = 0;
    for (const TimeChart *chart : m_charts)
        count += chart->pointCount();
    return count;
}

QString RunCharts::savePng(const QString &path)
{
    return writePng(path, grab().toImage());
}

} // namespace ocw
