// SPDX-License-Identifier: Apache-2.0
#include "runcharts.h"

#include "connectiontimeline.h"
#include "pngfile.h"
#include "timechart.h"

#include <QGridLayout>
#include <QLocale>
#include <QPainter>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace ocw {

namespace {

// One colour for each meaning, the same in every chart. Where lines overlap (written and received agree
// when all goes well), the wide solid line stays visible around the thin dashed one drawn over it.
const TimeChart::SeriesStyle kGenerated{QColor(70, 130, 220), Qt::SolidLine, 1.5};
const TimeChart::SeriesStyle kWritten{QColor(50, 165, 90, 170), Qt::SolidLine, 4.5};
const TimeChart::SeriesStyle kReceived{QColor(130, 60, 190), Qt::DashLine, 1.5};
const TimeChart::SeriesStyle kDropped{QColor(215, 60, 60), Qt::DotLine, 2};
const TimeChart::SeriesStyle kBefore{QColor(235, 140, 40), Qt::SolidLine, 1.5};
const TimeChart::SeriesStyle kWire{QColor(30, 160, 170), Qt::DashLine, 2};
const TimeChart::SeriesStyle kRatio{QColor(120, 120, 120), Qt::DashDotLine, 1.5};
const TimeChart::SeriesStyle kConnected{QColor(50, 165, 90), Qt::SolidLine, 1.5};

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
    // The rate and percentage axes need no title: their labels carry the unit ("2 k/s", "80 %"), and a narrow
    // chart keeps the width for them.
    addChart(tr("Spans per second"),
             {QString(), ChartUnit::PerSecond,
              {{RunSeries::SpansGenerated, kGenerated}, {RunSeries::SpansWritten, kWritten},
               {RunSeries::SpansReceived, kReceived}, {RunSeries::SpansDropped, kDropped}}},
             {});
    addChart(tr("Metric points per second"),
             {QString(), ChartUnit::PerSecond,
              {{RunSeries::PointsGenerated, kGenerated}, {RunSeries::PointsWritten, kWritten},
               {RunSeries::PointsReceived, kReceived}, {RunSeries::PointsDropped, kDropped}}},
             {});
    addChart(tr("Bytes per second and compression"),
             {QString(), ChartUnit::BytesPerSecond, {{RunSeries::BytesUncompressed, kBefore}, {RunSeries::BytesWire, kWire}}},
             {tr("ratio"), ChartUnit::Ratio, {{RunSeries::CompressionRatio, kRatio}}});
    addChart(tr("Queue depth"), {tr("spans + points"), ChartUnit::Count, {{RunSeries::QueuedItems, kGenerated}}}, {});
    addChart(tr("Time connected"), {QString(), ChartUnit::Percent, {{RunSeries::ConnectedPercent, kConnected}}}, {});
    m_charts.last()->setValueCeiling(100);
    if (corner)
        m_layout->addWidget(corner, 1, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_timeline);
    layout->addWidget(m_grid, 1);
}

RunCharts::~RunCharts() = default;

void RunCharts::addChart(const QString &title, const AxisSpec &left, const AxisSpec &right)
{
    auto *chart = new TimeChart(title);
    chart->setObjectName(runSeriesName(left.plots.first().series));
    chart->setZoomable(true);
    chart->setMinimumSize(260, 150); // two rows of them and the page's controls fit a 700-pixel-high window
    QList<Line> lines;
    for (const Plot &plot : left.plots)
        lines.append({plot.series, chart->addSeries(runSeriesLabel(plot.series), plot.style), TimeChart::Axis::Left});
    for (const Plot &plot : right.plots)
        lines.append({plot.series, chart->addSeries(runSeriesLabel(plot.series), plot.style, TimeChart::Axis::Right),
                      TimeChart::Axis::Right});
    chart->setAxisTitles(left.title, right.title);
    chart->setAxisUnits(left.unit, right.unit);
    chart->setClipsBursts(true);
    connect(chart, &TimeChart::hovered, this, &RunCharts::showMomentAt);
    connect(chart, &TimeChart::hoverEnded, this, &RunCharts::hideMoment);
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
    m_titles.append(title);
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

RunCharts::Overlays RunCharts::overlaysIn(const Range &range) const
{
    Overlays overlays;
    for (const double t : m_history.reconnectionTimes()) {
        if (t >= range.from && t <= range.to)
            overlays.reconnections.append(t);
    }
    for (const RunHistory::Stretch &s : m_history.pausedStretches(range.from, range.to))
        overlays.paused.append({s.from, s.to});
    return overlays;
}

void RunCharts::drawChart(qsizetype index, const Range &range, const Overlays &overlays)
{
    TimeChart *chart = m_charts.at(index);
    chart->setTimeRange(range.from, range.to);
    for (const Line &line : m_lines.at(index))
        chart->setPoints(line.index, m_history.decimated(line.series, range.from, range.to, chart->plotWidth()));
    chart->setMarkers(overlays.reconnections);
    chart->setShading(overlays.paused);
    if (index == m_charts.size() - 1)
        chart->setTitle(tr("Time connected — %n reconnection(s)", nullptr, int(m_history.reconnections())));
    else if (index == 0)
        m_timeline->setData(m_history.decimated(RunSeries::ConnectedPercent, range.from, range.to, m_timeline->width()),
                            overlays.reconnections, range.from, range.to);
}

void RunCharts::redraw()
{
    const Range range = visibleRange();
    const Overlays overlays = overlaysIn(range);
    for (qsizetype c = 0; c < m_charts.size(); ++c)
        drawChart(c, range, overlays);
}

void RunCharts::redrawNext()
{
    const Range range = visibleRange();
    const Overlays overlays = overlaysIn(range);
    for (qsizetype c = m_turn; c < m_charts.size(); c += 2)
        drawChart(c, range, overlays);
    m_turn = 1 - m_turn;
}

int RunCharts::pointCount() const
{
    int count = 0;
    for (const TimeChart *chart : m_charts)
        count += chart->pointCount();
    return count;
}

void RunCharts::showMomentAt(double t, const QPoint &globalPos)
{
    for (TimeChart *chart : std::as_const(m_charts))
        chart->setCrosshair(t);
    QToolTip::showText(globalPos + QPoint(16, 16), momentText(t), this);
}

void RunCharts::hideMoment()
{
    for (TimeChart *chart : std::as_const(m_charts))
        chart->setCrosshair(std::nullopt);
    QToolTip::hideText();
}

QString RunCharts::momentText(double t) const
{
    const std::deque<RunHistory::Sample> &samples = m_history.samples();
    if (samples.empty())
        return tr("No data yet.\nDrag across a chart to zoom in time; double-click to follow the run again.");
    auto it = std::lower_bound(samples.begin(), samples.end(), t, [](const RunHistory::Sample &s, double v) { return s.seconds < v; });
    if (it == samples.end() || (it != samples.begin() && t - std::prev(it)->seconds < it->seconds - t))
        it = it == samples.begin() ? it : std::prev(it);
    const RunHistory::Sample &sample = *it;
    QStringList lines{tr("At %1 s%2").arg(QLocale().toString(sample.seconds, 'f', 1), sample.paused ? tr(" (load paused)") : QString())};
    for (qsizetype c = 0; c < m_charts.size(); ++c) {
        const TimeChart *chart = m_charts.at(c);
        QStringList values;
        for (const Line &line : m_lines.at(c)) {
            values.append(runSeriesLabel(line.series) + u' '
                          + formatChartValue(sample.values[std::size_t(line.series)], chart->unit(line.axis)));
        }
        lines.append(m_titles.at(c) + QStringLiteral(": ") + values.join(QStringLiteral(", ")));
    }
    lines.append(tr("Drag across a chart to zoom in time; double-click to follow the run again."));
    return lines.join(u'\n');
}

QImage RunCharts::image(const QStringList &heading)
{
    // The heading is drawn on the image itself, so that a PNG pasted in an incident report says what it is.
    const QImage charts = grab().toImage();
    const QFontMetrics metrics(font());
    const int lineHeight = metrics.lineSpacing();
    const int top = lineHeight * int(heading.size()) + 12;
    QImage image(charts.width(), charts.height() + top, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(charts.devicePixelRatio());
    image.fill(palette().color(QPalette::Window));
    QPainter painter(&image);
    painter.setPen(palette().color(QPalette::WindowText));
    QFont bold = font();
    bold.setBold(true);
    for (qsizetype i = 0; i < heading.size(); ++i) {
        painter.setFont(i == 0 ? bold : font());
        painter.drawText(QPoint(8, 6 + lineHeight * int(i) + metrics.ascent()), heading.at(i));
    }
    painter.drawImage(QPoint(0, top), charts);
    painter.end();
    return image;
}

QString RunCharts::savePng(const QString &path, const QStringList &heading)
{
    return writePng(path, image(heading));
}

} // namespace ocw
