// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QPointF>
#include <QWidget>

namespace ocw {

// A strip over the charts' time range, one colour per pixel column: green while connected all the time,
// red while not connected at all, amber in between; the reconnections as ticks.
class ConnectionTimeline final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionTimeline)

public:
    explicit ConnectionTimeline(QWidget *parent = nullptr);

    // `connectedPercent`: (seconds, share of the second before spent connected), in time order.
    void setData(const QList<QPointF> &connectedPercent, const QList<double> &reconnections, double from, double to);
    QSize sizeHint() const override { return {400, 14}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<QPointF> m_points;
    QList<double> m_reconnections;
    double m_from = 0;
    double m_to = 1;
};

} // namespace ocw
