// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "timeruler.h"

#include <QStyledItemDelegate>

namespace ocw {

// Paints a span's bar at its place on the trace's timeline (TraceTreeModel::SpanExtentRole), failed spans in
// red, its duration beside it, over the grid lines of the ruler WaterfallHeader draws above.
class WaterfallDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Pixels between the timeline column's edges and the trace's start and end.
    static constexpr int Inset = 8;
    // The ruler's ticks for `model`'s trace on a timeline column `width` pixels wide: the header and the rows
    // both take them from here, so the grid lines meet the labels.
    static QList<RulerTick> ticks(const QAbstractItemModel *model, int width);
};

} // namespace ocw
