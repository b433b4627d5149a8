// SPDX-License-Identifier: Apache-2.0
#include "connectiontimeline.h"

#include <QPainter>

#include <algorithm>

namespace ocw {

ConnectionTimeline::ConnectionTimeline(QWidget *parent)
    : QWidget(parent)
{
    setMinimumHeight(12);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("Connection over the charts' time: green connected, amber partly, red not connected; "
                  "ticks mark reconnections."));
}

void ConnectionTimeline::setData(const QList<QPointF> &connectedPercent, const QList<double> &reconnections, double from, double to)
{
    m_points = connectedPercent;
    m_reconnections = reconnections;
    m_from = from;
    m_to = std::max(to, from + 1e-3);
    update();
}

void ConnectionTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRect area = rect().adjusted(0, 1, 0, -1);
    painter.fillRect(area, palette().color(QPalette::AlternateBase));
    const double perPixel = (m_to - m_from) / std::max(1, area.width());
    // Each column shows the worst second in it: a short outage must stay visible however long the range.
    // A column between two samples (wider ranges have fewer samples than pixels) keeps the last colour.
    auto it = m_points.cbegin();
    double held = 101;
    for (int x = 0; x < area.width() && it != m_points.cend(); ++x) {
        const double columnEnd = m_from + perPixel * (x + 1);
        double lowest = 101;
        for (; it != m_points.cend() && it->x() < columnEnd; ++it)
            lowest = std::min(lowest, it->y());
        if (lowest > 100)
            lowest = held;
        held = lowest;
        if (lowest > 100)
            continue;
        const QColor color = lowest >= 99.5 ? QColor(60, 170, 90) : lowest <= 0.5 ? QColor(210, 60, 60) : QColor(230, 160, 40);
        painter.fillRect(QRect(area.left() + x, area.top(), 1, area.height()), color);
    }
    painter.setPen(palette().color(QPalette::WindowText));
    for (const double t : m_reconnections) {
        const int x = area.left() + int((t - m_from) / perPixel);
        if (x >= area.left() && x <= area.right())
            painter.drawLine(x, area.top(), x, area.bottom());
    }
}

} // namespace ocw
