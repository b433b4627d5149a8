// SPDX-License-Identifier: Apache-2.0
#include "timechart.h"

#include "pngfile.h"

#include <QAction>
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
#include <functional>

namespace ocw {

// Draws the markers over the plot and turns a horizontal drag into a time range.
class TimeChartView final : public QChartView
{
public:
    TimeChartView(QChart *chart, QValueAxis *time, QWidget *parent)
        : QChartView(chart, parent), m_time(time)
    {
        setRenderHint(QPainter::Antialiasing);
    }

    QList<double> markers;
    bool zoomable = false;
    std::function<void(double, double)> onZoom;
    std::function<void()> onReset;

protected:
    void drawForeground(QPainter *painter, const QRectF &rect) override
    {
        QChartView::drawForeground(painter, rect);
        const QRectF plot = chart()->plotArea();
        painter->save();
        painter->setClipRect(plot);
        QPen pen(QColor(220, 60, 60, 170), 1, Qt::DashLine);
        painter->setPen(pen);
        for (const double t : markers) {
            const double x = xOf(t);
            if (x >= plot.left() && x <= plot.right())
                painter->drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        }
        if (m_dragging) {
            const QColor band = palette().color(QPalette::Highlight);
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
        if (!m_dragging)
            return QChartView::mouseMoveEvent(event);
        const QRectF plot = chart()->plotArea();
        m_dragTo = std::clamp(event->position().x(), plot.left(), plot.right());
        viewport()->update();
    }

    void mouseReleaseEvent(QMouseEvent *event) override
    {
        if (!m_dragging)
            return QChartView::mouseReleaseEvent(event);
        m_dragging = false;
        viewport()->update();
        if (std::abs(m_dragTo - m_dragFrom) >= 4 && onZoom)
            onZoom(timeOf(std::min(m_dragFrom, m_dragTo)), timeOf(std::max(m_dragFrom, m_dragTo)));
    }

    void mouseDoubleClickEvent(QMouseEvent *event) override
    {
        if (zoomable && onReset)
            onReset();
        QChartView::mouseDoubleClickEvent(event);
    }

private:
    double xOf(double t) const
    {
        const QRectF plot = chart()->plotArea();
        const double span = m_time->max() - m_time->min();
        return span > 0 ? plot.left() + (t - m_time->min()) / span * plot.width() : plot.left();
    }
    double timeOf(double x) const
    {
        const QRectF plot = chart()->plotArea();
        return m_time->min() + (x - plot.left()) / std::max(1.0, plot.width()) * (m_time->max() - m_time->min());
    }

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

void fitFromZero(QValueAxis *axis, double highest)
{
    // A new range means a new layout of the whole chart, the costliest part of a redraw: the axis only
    // grows when the data goes over it, and shrinks when the data falls under 40 % of it.
    if (highest <= axis->max() && highest >= 0.4 * axis->max())
        return;
    axis->setRange(0, highest > 0 ? highest * 1.05 : 1);
    axis->applyNiceNumbers();
    axis->setLabelFormat(axis->max() >= 20 ? QStringLiteral("%.0f") : QStringLiteral("%.1f"));
}

} // namespace

TimeChart::TimeChart(const QString &title, QWidget *parent)
    : QWidget(parent), m_chart(new QChart), m_time(new QValueAxis), m_left(new QValueAxis)
{
    m_chart->setTitle(title);
    m_chart->addAxis(m_time, Qt::AlignBottom);
    m_chart->addAxis(m_left, Qt::AlignLeft);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->setAnimationOptions(QChart::NoAnimation); // a live chart moving every tick must not animate
    m_time->setLabelFormat(QStringLiteral("%.0f"));
    m_time->setTickType(QValueAxis::TicksDynamic);
    m_time->setTickAnchor(0);
    m_time->setTitleText(tr("seconds"));
    m_view = new TimeChartView(m_chart, m_time, this);
    m_view->onZoom = [this](double from, double to) { emit zoomRequested(from, to); };
    m_view->onReset = [this] { emit zoomReset(); };
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
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

int TimeChart::addSeries(const QString &label, const QColor &color, Axis axis)
{
    auto *series = new QLineSeries;
    series->setName(label);
    series->setPen(QPen(color, 1.5));
    m_chart->addSeries(series);
    series->attachAxis(m_time);
    if (axis == Axis::Right && !m_right) {
        m_right = new QValueAxis;
        m_chart->addAxis(m_right, Qt::AlignRight);
        applyPalette();
    }
    series->attachAxis(axis == Axis::Right ? m_right : m_left);
    m_series.append(series);
    m_axes.append(axis);
    m_highest.append(0);
    m_chart->legend()->setVisible(m_series.size() > 1);
    return int(m_series.size() - 1);
}

void TimeChart::setAxisTitles(const QString &left, const QString &right)
{
    m_left->setTitleText(left);
    if (m_right)
        m_right->setTitleText(right);
}

void TimeChart::setTitle(const QString &title)
{
    if (title != m_chart->title())
        m_chart->setTitle(title);
}

void TimeChart::setTimeTitle(const QString &title)
{
    m_time->setTitleText(title);
}

void TimeChart::setPoints(int series, const QList<QPointF> &points)
{
    // The highest point in the time range, kept, so that fitting the axes reads no series back.
    double highest = 0;
    for (const QPointF &p : points) {
        if (p.x() >= m_time->min() && p.x() <= m_time->max())
            highest = std::max(highest, p.y());
    }
    m_highest[series] = highest;
    m_series.at(series)->replace(points);
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
    if (times == m_view->markers)
        return;
    m_view->markers = times;
    m_view->viewport()->update();
}

void TimeChart::setZoomable(bool zoomable)
{
    m_view->zoomable = zoomable;
    m_view->setToolTip(zoomable ? tr("Drag across the chart to zoom in time; double-click to follow the run again.") : QString());
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
    for (QValueAxis *axis : {m_time, m_left, m_right}) {
        if (!axis)
            continue;
        axis->setLabelsColor(p.color(QPalette::Text));
        axis->setTitleBrush(p.color(QPalette::Text));
        axis->setGridLineColor(grid);
        axis->setLinePenColor(grid);
    }
}

void TimeChart::fitValueAxes()
{
    double top[2] = {0, 0};
    for (qsizetype i = 0; i < m_series.size(); ++i) {
        double &highest = top[m_axes.at(i) == Axis::Right ? 1 : 0];
        highest = std::max(highest, m_highest.at(i));
    }
    if (m_ceiling > 0)
        m_left->setRange(0, m_ceiling);
    else
        fitFromZero(m_left, top[0]);
    if (m_right)
        fitFromZero(m_right, top[1]);
}

} // namespace ocw
