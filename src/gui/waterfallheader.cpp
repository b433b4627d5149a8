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
    // Drawing a header restores the clip it found, which, on an unclipped painter, clips away all that follows.
    painter->save();
    style()->drawControl(QStyle::CE_Header, &option, painter, this);
    painter->restore();

    painter->save();
    painter->setPen(palette().color(QPalette::ButtonText));
    const double left = rect.left() + WaterfallDelegate::Inset;
    const double width = rect.width() - 2 * WaterfallDelegate::Inset;
    double lastLabelRight = rect.left();
    for (const RulerTick &tick : ticks) {
        const double x = left + tick.fraction * width;
        painter->drawLine(QPointF(x, rect.bottom() - 4), QPointF(x, rect.bottom()));
        // Labels start at their tick; one too close to the end ends there instead, unless it would then run
        // into the label before it.
        const int labelWidth = fontMetrics().horizontalAdvance(tick.label);
        const double labelLeft = x + 2 + labelWidth <= rect.right() ? x + 2 : x - labelWidth - 2;
        if (labelLeft < lastLabelRight + 4 && tick.fraction > 0)
            continue;
        painter->drawText(QRectF(labelLeft, rect.top(), labelWidth + 2, rect.height() - 3), Qt::AlignVCenter | Qt::AlignLeft, tick.label);
        lastLabelRight = labelLeft + labelWidth;
    }
    painter->restore();
}

} // namespace ocw
