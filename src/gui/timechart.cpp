// SPDX-License-Identifier: Apache-2.0
#include "timechart.h"

#include "pngfile.h"

#include <QAction>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QFileDialog>
#include <QLineSeries>
#include <QMessageBox>
#include <QMouseEvent>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace ocw {

// Hands the plot's overlays to the chart, turns a horizontal drag into a time range and the pointer's moves
// into hovered times.
class TimeChartView final : public QChartView
{
public:
    TimeChartView(TimeChart *owner, QChart *chart, QValueAxis *time)
        : QChartView(chart, owner), m_owner(owner), m_time(time)
    {
        setRenderHint(QPainter::Antialiasing);
        setMouseTracking(true);
        viewport()->setMouseTracking(true);
    }

    bool zoomable = false;

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override
    {
        QChartView::drawForeground(painter, rect);
        const QRectF plot = chart()->plotArea();
        painter->save();
        m_owner->paintOverlay(painter, plot);
        if (m_dragging) {
            const QColor band = palette().color(QPalette::Highlight);
            painter->setClipRect(plot);
            painter->fillRect(QRectF(QPointF(std::min(m_dragFrom, m_dragTo), plot.top()),
                                     QPointF(std::max(m_dragFrom, m_dragTo), plot.bottom())),
                              QColor(band.red(), band.green(), band.blue(), 60));
        }
        painter->restore();
    }

    void mousePressEvent(QMouseEvent *event) override
    {
        if (!zoomable || event->button() != Qt::LeftButton || !chart()->plotArea().contains(event->position()))
            return QChartView::mousePressEvent(event);
        m_dragging = true;
        m_dragFrom = m_dragTo = event->position().x();
    }

    void mouseMoveEvent(QMouseEvent *event) override
    {
        const QRectF plot = chart()->plotArea();
        if (!m_dragging) {
            if (plot.contains(event->position()))
                emit m_owner->hovered(timeOf(event->position().x()), event->globalPosition().toPoint());
            else
                emit m_owner->hoverEnded();
            return QChartView::mouseMoveEvent(event);
        }
        m_dragTo = std::clamp(event->position().x(), plot.left(), plot.right());
        viewport()->update();
    }

    void leaveEvent(QEvent *event) override
    {
        emit m_owner->hoverEnded();
        QChartView::leaveEvent(event);
    }

    void mouseReleaseEvent(QMouseEvent *event) override
    {
        if (!m_dragging)
            return QChartView::mouseReleaseEvent(event);
        m_dragging = false;
        viewport()->update();
        if (std::abs(m_dragTo - m_dragFrom) >= 4)
            emit m_owner->zoomRequested(timeOf(std::min(m_dragFrom, m_dragTo)), timeOf(std::max(m_dragFrom, m_dragTo)));
    }

    void mouseDoubleClickEvent(QMouseEvent *event) override
    {
        if (zoomable)
            emit m_owner->zoomReset();
        QChartView::mouseDoubleClickEvent(event);
    }

private:
    double timeOf(double x) const
    {
        const QRectF plot = chart()->plotArea();
        return m_time->min() + (x - plot.left()) / std::max(1.0, plot.width()) * (m_time->max() - m_time->min());
    }

    TimeChart *m_owner;
    QValueAxis *m_time;
    bool m_dragging = false;
    double m_dragFrom = 0;
    double m_dragTo = 0;
};

namespace {

// A round step of at least `span` / 8, so that about six labelled ticks fit: 1, 2, 5, 10, 15, 30, 60, ...
double timeTickInterval(double span)
{
    for (const double step : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0}) {
        if (step * 8 >= span)
            return step;
    }
    return 7200.0;
}

// The axis' own labels: short, scaled, no " : 1" after each ratio.
QString axisLabel(double value, ChartUnit unit)
{
    return unit == ChartUnit::Ratio ? QLocale().toString(value) : formatChartValue(value, unit);
}

// What the axis should reach: the peak, or twice the 90th percentile when a few points (a burst) rise far
// above the bulk. Sets `peak` to the highest value.
double robustTop(QList<double> values, double &peak)
{
    peak = values.isEmpty() ? 0.0 : *std::max_element(values.cbegin(), values.cend());
    if (values.size() < 20)
        return peak;
    const auto p90 = values.begin() + qsizetype(0.9 * double(values.size() - 1));
    std::nth_element(values.begin(), p90, values.end());
    const double cap = 2 * *p90;
    return cap > 0 && peak > cap ? cap : peak;
}

} // namespace

TimeChart::TimeChart(const QString &title, QWidget *parent)
    : QWidget(parent), m_chart(new QChart), m_time(new QValueAxis), m_left(new QCategoryAxis)
{
    m_chart->setTitle(title);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_left, Qt::AlignLeft);
    m_left->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    // Smaller than the axes: each entry carries its current value, and four of them share the chart's width.
    QFont legendFont = m_chart->legend()->font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    m_chart->legend()->setFont(legendFont);
    m_chart->legend()->setShowToolTips(true); // an entry cut short in a narrow chart shows whole on hover
    m_chart->setAnimationOptions(QChart::NoAnimation); // a live chart moving every tick must not animate
    m_time->setLabelFormat(QStringLiteral("%.0f"));
    m_time->setTickType(QValueAxis::TicksDynamic);
    m_time->setTickAnchor(0);
    m_time->setTitleText(tr("seconds"));
    m_view = new TimeChartView(this, m_chart, m_time);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    fitAxis(m_left, m_leftUnit, 1);
    applyPalette();

    auto *save = new QAction(tr("Save Chart as PNG…"), this);
    connect(save, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the chart"), QString(), tr("PNG image (*.png)"));
        if (path.isEmpty())
            return;
        if (const QString error = savePng(path); !error.isEmpty())
            QMessageBox::warning(this, tr("Chart not saved"), error);
    });
    m_view->addAction(save);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
}

TimeChart::~TimeChart() = default;

int TimeChart::addSeries(const QString &label, const SeriesStyle &style, Axis axis)
{
    auto *series = new QLineSeries;
    series->setName(label);
    QPen pen(style.color, style.width, style.dash);
    pen.setCapStyle(Qt::FlatCap);
    series->setPen(pen);
    m_chart->addSeries(series);
    series->attachAxis(m_time);
    if (axis == Axis::Right && !m_right) {
        m_right = new QCategoryAxis;
        m_right->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        m_chart->addAxis(m_right, Qt::AlignRight);
        fitAxis(m_right, m_rightUnit, 1);
        applyPalette();
    }
    series->attachAxis(axis == Axis::Right ? m_right : m_left);
    m_series.append(series);
    m_labels.append(label);
    m_axes.append(axis);
    m_visible.append(QList<double>());
    m_chart->legend()->setVisible(m_series.size() > 1);
    return int(m_series.size() - 1);
}

void TimeChart::setAxisTitles(const QString &left, const QString &right)
{
    m_left->setTitleText(left);
    if (m_right)
        m_right->setTitleText(right);
}

void TimeChart::setAxisUnits(ChartUnit left, ChartUnit right)
{
    m_leftUnit = left;
    m_rightUnit = right;
    fitAxis(m_left, m_leftUnit, m_left->max());
    if (m_right)
        fitAxis(m_right, m_rightUnit, m_right->max());
}

void TimeChart::setTitle(const QString &title)
{
    if (title != m_chart->title())
        m_chart->setTitle(title);
}

void TimeChart::setPoints(int series, const QList<QPointF> &points)
{
    // The values in the time range, kept, so that fitting the axes reads no series back.
    QList<double> &visible = m_visible[series];
    visible.clear();
    for (const QPointF &p : points) {
        if (p.x() >= m_time->min() && p.x() <= m_time->max())
            visible.append(p.y());
    }
    m_series.at(series)->replace(points);
    // The legend carries the current value; its text changes only when the rounded value does.
    const QString name = points.isEmpty() ? m_labels.at(series)
                                          : m_labels.at(series) + QStringLiteral("  ")
                                                + formatChartValue(points.last().y(), unit(m_axes.at(series)));
    if (name != m_series.at(series)->name())
        m_series.at(series)->setName(name);
    fitValueAxes();
}

void TimeChart::setTimeRange(double from, double to)
{
    to = std::max(to, from + 1e-3);
    if (from == m_time->min() && to == m_time->max())
        return;
    m_time->setRange(from, to);
    m_time->setTickInterval(timeTickInterval(to - from));
    m_view->viewport()->update();
}

void TimeChart::setValueCeiling(double ceiling)
{
    m_ceiling = ceiling;
    fitValueAxes();
}

void TimeChart::setMarkers(const QList<double> &times)
{
    if (times == m_markers)
        return;
    m_markers = times;
    m_view->viewport()->update();
}

void TimeChart::setShading(const QList<Stretch> &stretches)
{
    const auto same = [](const Stretch &a, const Stretch &b) { return a.from == b.from && a.to == b.to; };
    if (std::equal(stretches.cbegin(), stretches.cend(), m_shading.cbegin(), m_shading.cend(), same))
        return;
    m_shading = stretches;
    m_view->viewport()->update();
}

void TimeChart::setCrosshair(std::optional<double> time)
{
    if (time == m_crosshair)
        return;
    m_crosshair = time;
    m_view->viewport()->update();
}

void TimeChart::setZoomable(bool zoomable)
{
    m_view->zoomable = zoomable;
}

double TimeChart::axisTop(Axis axis) const
{
    const QCategoryAxis *a = axis == Axis::Left ? m_left : m_right;
    return a ? a->max() : 0.0;
}

QStringList TimeChart::axisLabels(Axis axis) const
{
    QCategoryAxis *a = axis == Axis::Left ? m_left : m_right;
    return a ? a->categoriesLabels() : QStringList();
}

QString TimeChart::legendText(int series) const
{
    return m_series.at(series)->name();
}

QPen TimeChart::seriesPen(int series) const
{
    return m_series.at(series)->pen();
}

QPoint TimeChart::positionOf(double t) const
{
    const QRectF plot = m_chart->plotArea();
    return m_view->mapTo(this, m_view->mapFromScene(QPointF(xOf(t), plot.center().y())));
}

int TimeChart::plotWidth() const
{
    return std::max(50, int(m_chart->plotArea().width() > 0 ? m_chart->plotArea().width() : width()));
}

int TimeChart::pointCount() const
{
    int count = 0;
    for (const QLineSeries *series : m_series)
        count += int(series->count());
    return count;
}

QImage TimeChart::image() const
{
    return m_view->grab().toImage();
}

QString TimeChart::savePng(const QString &path) const
{
    return writePng(path, image());
}

void TimeChart::resizeEvent(QResizeEvent *event)
{
    m_resized = true; // the next fit chooses the labels anew for the plot's new height
    QWidget::resizeEvent(event);
}

void TimeChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void TimeChart::applyPalette()
{
    // Follow the system's light or dark palette rather than Qt Charts' fixed light theme.
    const QPalette p = palette();
    m_chart->setBackgroundBrush(p.color(QPalette::Base));
    m_chart->setTitleBrush(p.color(QPalette::Text));
    m_chart->legend()->setLabelColor(p.color(QPalette::Text));
    const QColor grid = p.color(QPalette::Mid);
    for (QValueAxis *axis : {m_time, static_cast<QValueAxis *>(m_left), static_cast<QValueAxis *>(m_right)}) {
        if (!axis)
            continue;
        axis->setLabelsColor(p.color(QPalette::Text));
        axis->setTitleBrush(p.color(QPalette::Text));
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
}

void TimeChart::fitAxis(QCategoryAxis *axis, ChartUnit unit, double top, double headroom)
{
    // A new range means a new layout of the whole chart, the costliest part of a redraw: the axis only
    // grows when the data goes over it, and shrinks when the data falls under 40 % of it.
    // As many labels as the plot's height holds apart (Qt Charts elides labels that would touch).
    const int steps = std::clamp(int(m_chart->plotArea().height() / (1.8 * QFontMetrics(axis->labelsFont()).height())), 2, 5);
    const bool unitChanged = !axis->categoriesLabels().isEmpty() && axis->categoriesLabels().last() != axisLabel(axis->max(), unit);
    if (!unitChanged && !m_resized && !axis->categoriesLabels().isEmpty() && top <= axis->max() && top >= 0.4 * axis->max())
        return;
    const QList<double> ticks = niceTicks(top > 0 ? top * headroom : 1, steps);
    for (const QString &label : axis->categoriesLabels())
        axis->remove(label);
    axis->setStartValue(0);
    for (const double tick : ticks)
        axis->append(axisLabel(tick, unit), tick);
    axis->setRange(0, ticks.last());
}

void TimeChart::fitValueAxes()
{
    QList<double> left;
    QList<double> right;
    for (qsizetype i = 0; i < m_series.size(); ++i)
        (m_axes.at(i) == Axis::Right ? right : left).append(m_visible.at(i));
    double peak = 0;
    if (m_ceiling > 0) {
        fitAxis(m_left, m_leftUnit, m_ceiling, 1.0);
        m_clippedPeak = 0;
    } else {
        if (m_clipsBursts) {
            fitAxis(m_left, m_leftUnit, robustTop(left, peak));
        } else {
            const auto highest = std::max_element(left.cbegin(), left.cend());
            fitAxis(m_left, m_leftUnit, highest != left.cend() ? *highest : 0.0);
        }
        const double clipped = peak > m_left->max() ? peak : 0.0;
        if (clipped != m_clippedPeak) {
            m_clippedPeak = clipped;
            m_view->viewport()->update();
        }
    }
    if (m_right) {
        const auto highest = std::max_element(right.cbegin(), right.cend());
        fitAxis(m_right, m_rightUnit, highest != right.cend() ? *highest : 0.0);
    }
    m_resized = false;
}

double TimeChart::xOf(double t) const
{
    const QRectF plot = m_chart->plotArea();
    const double span = m_time->max() - m_time->min();
    return span > 0 ? plot.left() + (t - m_time->min()) / span * plot.width() : plot.left();
}

void TimeChart::paintOverlay(QPainter *painter, const QRectF &plot) const
{
    painter->setClipRect(plot);
    const QColor text = palette().color(QPalette::Text);
    // Paused stretches, under everything else.
    for (const Stretch &s : m_shading) {
        const QRectF band(QPointF(xOf(s.from), plot.top()), QPointF(std::max(xOf(s.to), xOf(s.from) + 2), plot.bottom()));
        painter->fillRect(band, QColor(text.red(), text.green(), text.blue(), 28));
        if (band.width() > painter->fontMetrics().horizontalAdvance(tr("paused")) + 6) {
            painter->setPen(text);
            painter->drawText(band.adjusted(3, 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, tr("paused"));
        }
    }
    painter->setPen(QPen(QColor(220, 60, 60, 170), 1, Qt::DashLine));
    for (const double t : m_markers) {
        const double x = xOf(t);
        if (x >= plot.left() && x <= plot.right())
            painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
    // A clipped burst: a mark at the top where each series goes over, and the peak's value.
    if (m_clippedPeak > 0) {
        for (qsizetype i = 0; i < m_series.size(); ++i) {
            if (m_axes.at(i) != Axis::Left)
                continue;
            painter->setPen(Qt::NoPen);
            painter->setBrush(m_series.at(i)->pen().color());
            for (const QPointF &p : m_series.at(i)->points()) {
                if (p.y() <= m_left->max())
                    continue;
                const double x = xOf(p.x());
                painter->drawPolygon(QPolygonF({QPointF(x - 4, plot.top() + 7), QPointF(x + 4, plot.top() + 7), QPointF(x, plot.top())}));
            }
        }
        painter->setPen(text);
        painter->drawText(plot.adjusted(0, 1, -4, 0), Qt::AlignRight | Qt::AlignTop,
                          tr("▲ peak %1, over the axis").arg(formatChartValue(m_clippedPeak, m_leftUnit)));
    }
    if (m_crosshair) {
        const double x = xOf(*m_crosshair);
        painter->setPen(QPen(text, 1, Qt::SolidLine));
        painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
    }
}

} // namespace ocw
