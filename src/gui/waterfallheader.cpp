// SPDX-License-Identifier: Apache-2.0
#include "waterfallheader.h"

#include "tracetreemodel.h"
#include "waterfalldelegate.h"

#include <QPainter>
#include <QStyleOptionHeader>

namespace ocw {

WaterfallHeader::WaterfallHeader(QWidget *parent)
    : QHeaderView(Qt::Horizontal, parent)
{
    setSectionsClickable(false);
}

void WaterfallHeader::paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const
{
    const QList<RulerTick> ticks = logicalIndex == TraceTreeModel::Timeline ? WaterfallDelegate::ticks(model(), rect.width()) : QList<RulerTick>();
    if (ticks.isEmpty()) {
        QHeaderView::paintSection(painter, rect, logicalIndex);
        return;
    }
    QStyleOptionHeader option;
    initStyleOption(&option);
    option.rect = rect;
    option.section = logicalIndex;
    option.text.clear();
    style()->drawControl(QStyle::CE_Header, &option, painter, this);

    painter->save();
    painter->setPen(palette().color(QPalette::ButtonText));
    const double left = rect.left() + WaterfallDelegate::Inset;
    const double width = rect.width() - 2 * WaterfallDelegate::Inset;
    for (const RulerTick &tick : ticks) {
        const double x = left + tick.fraction * width;
        painter->drawLine(QPointF(x, rect.bottom() - 4), QPointF(x, rect.bottom()));
        // Labels start at their tick; one too close to the end ends there instead.
        const int labelWidth = fontMetrics().horizontalAdvance(tick.label);
        const bool fits = x + 2 + labelWidth <= rect.right();
        const QRectF label = fits ? QRectF(x + 2, rect.top(), labelWidth + 2, rect.height() - 3)
                                  : QRectF(x - labelWidth - 2, rect.top(), labelWidth + 2, rect.height() - 3);
        painter->drawText(label, Qt::AlignVCenter | Qt::AlignLeft, tick.label);
    }
    painter->restore();
}

} // namespace ocw
