// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/receivedspan.h"

#include <QAbstractItemModel>

namespace ocw {

// One trace as a tree of spans (children under their parent, in start order), with each span's place on
// the trace's timeline for the waterfall column. A span's details are SpanDetailsView's.
class TraceTreeModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { Name, Service, Duration, Timeline, ColumnCount };
    // For the Timeline column: QPointF(start, end) as fractions of the trace's duration.
    static constexpr int SpanExtentRole = Qt::UserRole;
    static constexpr int FailedRole = Qt::UserRole + 1;
    // headerData of the Timeline column: the trace's duration in nanoseconds, for the ruler and its grid.
    static constexpr int TraceNanosRole = Qt::UserRole + 2;

    using QAbstractItemModel::QAbstractItemModel;

    void setTrace(const QList<ReceivedSpan> &spans);
    int spanCount() const { return int(m_nodes.size()); }
    qint64 startNanos() const { return m_start; }
    // The span shown at `index`, or nullptr.
    const ReceivedSpan *spanAt(const QModelIndex &index) const;
    QModelIndex indexOf(const QByteArray &spanId) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node {
        ReceivedSpan span;
        int parent = -1;
        int row = 0; // among its parent's children
        QList<int> children;
    };
    const QList<int> &childrenOf(const QModelIndex &parent) const;

    QList<Node> m_nodes;
    QList<int> m_roots;
    qint64 m_start = 0;
    qint64 m_end = 0;
};

} // namespace ocw
