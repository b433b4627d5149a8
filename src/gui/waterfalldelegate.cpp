// SPDX-License-Identifier: Apache-2.0
#include "waterfalldelegate.h"

#include "tracetreemodel.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace ocw {

QList<RulerTick> WaterfallDelegate::ticks(const QAbstractItemModel *model, int width)
{
    constexpr double MinTickSpacing = 80; // room for a label such as "1500 µs"
    const qint64 nanos = model ? model->headerData(TraceTreeModel::Timeline, Qt::Horizontal, TraceTreeModel::TraceNanosRole).toLongLong() : 0;
    return rulerTicks(nanos, width - 2 * Inset, MinTickSpacing);
}

void WaterfallDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    const QWidget *widget = option.widget;
    (widget ? widget->style() : QApplication::style())->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    const QRectF area = QRectF(option.rect).adjusted(Inset, 3, -Inset, -3);
    painter->save();
    QColor grid = option.palette.color(QPalette::Text);
    grid.setAlphaF(0.12f);
    painter->setPen(grid);
    for (const RulerTick &tick : ticks(index.model(), option.rect.width()))
        painter->drawLine(QPointF(area.left() + tick.fraction * area.width(), option.rect.top()),
                          QPointF(area.left() + tick.fraction * area.width(), option.rect.bottom()));

    const QPointF extent = index.data(TraceTreeModel::SpanExtentRole).toPointF();
    const double left = area.left() + std::clamp(extent.x(), 0.0, 1.0) * area.width();
    // Very short spans still get a visible bar.
    const double right = std::max(left + 2, area.left() + std::clamp(extent.y(), 0.0, 1.0) * area.width());
    const bool failed = index.data(TraceTreeModel::FailedRole).toBool();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(failed ? QColor(215, 60, 60) : option.palette.color(QPalette::Highlight));
    painter->drawRoundedRect(QRectF(QPointF(left, area.top()), QPointF(right, area.bottom())), 2, 2);

    // The duration beside the bar: after it where there is room, else before it, else (a bar as wide as the
    // trace) inside it. Never outside the cell: the painter is not clipped to it.
    const QString duration = index.siblingAtColumn(TraceTreeModel::Duration).data().toString();
    const double textWidth = option.fontMetrics.horizontalAdvance(duration) + 6;
    QRectF text(right + 4, option.rect.top(), textWidth, option.rect.height());
    Qt::Alignment alignment = Qt::AlignLeft;
    QPalette::ColorRole color = option.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text;
    if (text.right() > option.rect.right()) {
        const bool before = left - textWidth - 2 >= option.rect.left();
        text = before ? QRectF(left - textWidth - 2, option.rect.top(), textWidth, option.rect.height())
                      : QRectF(left + 4, option.rect.top(), right - left - 8, option.rect.height());
        alignment = before ? Qt::AlignRight : Qt::AlignLeft;
        if (!before)
            color = QPalette::HighlightedText;
    }
    painter->setPen(failed && color == QPalette::HighlightedText ? QColor(Qt::white) : option.palette.color(color));
    painter->drawText(text, Qt::AlignVCenter | alignment, duration);
    painter->restore();
}

} // namespace ocw
