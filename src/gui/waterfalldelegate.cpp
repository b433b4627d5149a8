// SPDX-License-Identifier: Apache-2.0
#include "waterfalldelegate.h"

#include "tracetreemodel.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace ocw {

void WaterfallDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    const QWidget *widget = option.widget;
    (widget ? widget->style() : QApplication::style())->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const QPointF extent = index.data(TraceTreeModel::SpanExtentRole).toPointF();
    const QRectF area = QRectF(option.rect).adjusted(4, 4, -4, -4);
    const double left = area.left() + std::clamp(extent.x(), 0.0, 1.0) * area.width();
    // Very short spans still get a visible bar.
    const double right = std::max(left + 2, area.left() + std::clamp(extent.y(), 0.0, 1.0) * area.width());
    const bool failed = index.data(TraceTreeModel::FailedRole).toBool();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(failed ? QColor(215, 60, 60) : option.palette.color(QPalette::Highlight));
    painter->drawRoundedRect(QRectF(QPointF(left, area.top()), QPointF(right, area.bottom())), 2, 2);
    painter->restore();
}

} // namespace ocw
