// SPDX-License-Identifier: Apache-2.0
#include "ratepreviewchart.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace ocw {

RatePreviewChart::RatePreviewChart(QWidget *parent)
    : QWidget(parent), m_chart(new QChart), m_series(new QLineSeries), m_x(new QValueAxis), m_y(new QValueAxis)
{
    m_chart->addSeries(m_series);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    m_series->attachAxis(m_x);
    m_series->attachAxis(m_y);
    m_chart->legend()->hide();
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_x->setTitleText(tr("seconds"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setObjectName(QStringLiteral("ratePreview"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}

RatePreviewChart::~RatePreviewChart() = default;

void RatePreviewChart::setShape(const RateShape &shape, double seconds, const QString &unit)
{
    // About two samples a pixel: finer detail could not be seen, and the series stays small.
    const int samples = std::max(200, m_view->width() * 2);
    QList<QPointF> points;
    points.reserve(samples + 1);
    double top = 0;
    for (int i = 0; i <= samples; ++i) {
        const double t = seconds * i / samples;
        const double rate = shape.at(t);
        top = std::max(top, rate);
        points.append(QPointF(t, rate));
    }
    m_series->replace(points);
    m_x->setRange(0, seconds);
    m_y->setRange(0, top > 0 ? top * 1.1 : 1);
    m_y->setTitleText(unit);
}

int RatePreviewChart::pointCount() const
{
    return int(m_series->count());
}

} // namespace ocw
