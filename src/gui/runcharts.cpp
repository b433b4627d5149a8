// SPDX-License-Identifier: Apache-2.0
#include "runcharts.h"

#include "connectiontimeline.h"
#include "timechart.h"

#include <QGridLayout>
#include <QSaveFile>
#include <QVBoxLayout>

namespace ocw {

namespace {

// One colour for each meaning, the same in every chart.
const QColor kGenerated(70, 130, 220);
const QColor kSent(50, 165, 90);
const QColor kDropped(215, 60, 60);
const QColor kReceived(150, 90, 200);
const QColor kBefore(235, 140, 40);
const QColor kWire(30, 160, 170);
const QColor kRatio(120, 120, 120);

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
             {{RunSeries::SpansGenerated, kGenerated}, {RunSeries::SpansSent, kSent}, {RunSeries::SpansDropped, kDropped},
              {RunSeries::SpansReceived, kReceived}});
    addChart(tr("Metric points per second"), tr("points / s"),
             {{RunSeries::PointsGenerated, kGenerated}, {RunSeries::PointsSent, kSent}, {RunSeries::PointsDropped, kDropped},
              {RunSeries::PointsReceived, kReceived}});
    addChart(tr("Bytes per second and compression"), tr("bytes / s"),
             {{RunSeries::BytesUncompressed, kBefore}, {RunSeries::BytesWire, kWire}}, tr("ratio"),
             {{RunSeries::CompressionRatio, kRatio}});
    addChart(tr("Queue depth"), tr("spans + points"), {{RunSeries::QueuedItems, kGenerated}});
    addChart(tr("Time connected"), tr("% of each second"), {{RunSeries::ConnectedPercent, kSent}});
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
        m_follow = false;
        m_zoomFrom = from;
        m_zoomTo = to;
        redraw();
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
    m_follow = true;
    redraw();
}

void RunCharts::redraw()
{
    double from = m_zoomFrom;
    double to = m_zoomTo;
    if (m_follow) {
        // The first minute fills the width, then the range grows to the window and slides.
        const double last = m_history.lastSeconds();
        to = std::max(last, std::min(m_window, 60.0));
        from = std::max(0.0, last - m_window);
    }
    QList<double> markers;
    for (const double t : m_history.reconnectionTimes()) {
        if (t >= from && t <= to)
            markers.append(t);
    }
    for (qsizetype c = 0; c < m_charts.size(); ++c) {
        TimeChart *chart = m_charts.at(c);
        chart->setTimeRange(from, to);
        for (const Line &line : m_lines.at(c))
            chart->setPoints(line.index, m_history.decimated(line.series, from, to, chart->plotWidth()));
        chart->setMarkers(markers);
    }
    m_charts.last()->setTitle(tr("Time connected — %n reconnection(s)", nullptr, int(m_history.reconnections())));
    m_timeline->setData(m_history.decimated(RunSeries::ConnectedPercent, from, to, m_timeline->width()), markers, from, to);
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
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !grab().save(&file, "PNG") || !file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace ocw
