// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHeaderView>

namespace ocw {

// The waterfall's header: the Timeline column's section is a time ruler (WaterfallDelegate::ticks), the
// others are titled as usual.
class WaterfallHeader final : public QHeaderView
{
    Q_OBJECT

public:
    explicit WaterfallHeader(QWidget *parent = nullptr);

protected:
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;
};

} // namespace ocw
