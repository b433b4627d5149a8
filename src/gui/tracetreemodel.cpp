// SPDX-License-Identifier: Apache-2.0
#include "tracetreemodel.h"

#include "timeruler.h"

#include <QHash>
#include <QPointF>

#include <algorithm>

#include <array>

namespace ocw {

void TraceTreeModel::setTrace(const QList<ReceivedSpan> &spans)
{
    beginResetModel();
    m_nodes.clear();
    m_roots.clear();
    QList<ReceivedSpan> ordered = spans;
    std::stable_sort(ordered.begin(), ordered.end(), [](const ReceivedSpan &a, const ReceivedSpan &b) { return a.startNanos < b.startNanos; });
    QHash<QByteArray, int> byId;
    m_start = ordered.isEmpty() ? 0 : ordered.first().startNanos;
    m_end = m_start;
    for (const ReceivedSpan &span : ordered) {
        byId.insert(span.spanId, int(m_nodes.size()));
        m_nodes.append(Node{span, -1, 0, {}});
        m_end = std::max(m_end, span.endNanos);
    }
    for (int i = 0; i < m_nodes.size(); ++i) {
        // A span whose parent did not arrive (or is not among the recent spans) shows as a root.
        const int parent = byId.value(m_nodes[i].span.parentSpanId, -1);
        QList<int> &siblings = parent >= 0 && parent != i ? m_nodes[parent].children : m_roots;
        m_nodes[i].parent = parent != i ? parent : -1;
        m_nodes[i].row = int(siblings.size());
        siblings.append(i);
    }
    endResetModel();
}

const ReceivedSpan *TraceTreeModel::spanAt(const QModelIndex &index) const
{
    return index.isValid() && checkIndex(index) ? &m_nodes.at(int(index.internalId()) - 1).span : nullptr;
}

QModelIndex TraceTreeModel::indexOf(const QByteArray &spanId) const
{
    for (int i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i].span.spanId == spanId)
            return createIndex(m_nodes[i].row, 0, quintptr(i + 1));
    }
    return {};
}

const QList<int> &TraceTreeModel::childrenOf(const QModelIndex &parent) const
{
    return parent.isValid() ? m_nodes.at(int(parent.internalId()) - 1).children : m_roots;
}

QModelIndex TraceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, quintptr(childrenOf(parent).at(row) + 1));
}

QModelIndex TraceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parent = m_nodes.at(int(child.internalId()) - 1).parent;
    return parent < 0 ? QModelIndex() : createIndex(m_nodes.at(parent).row, 0, quintptr(parent + 1));
}

int TraceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(childrenOf(parent).size());
}

int TraceTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant TraceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const ReceivedSpan &span = m_nodes.at(int(index.internalId()) - 1).span;
    const double duration = double(std::max<qint64>(1, m_end - m_start));
    if (role == SpanExtentRole)
        return QPointF(double(span.startNanos - m_start) / duration, double(span.endNanos - m_start) / duration);
    if (role == FailedRole)
        return span.statusCode != 0;
    if (role == Qt::ToolTipRole) // the whole name, which the column may elide, and where the span lies
        return tr("%1\n%2 from %3 into the trace%4")
            .arg(span.name, formatNanos(span.durationNanos()), formatNanos(span.startNanos - m_start),
                 span.statusCode != 0 ? tr(", failed (status %1)").arg(span.statusCode) : QString());
    if (role == Qt::TextAlignmentRole && index.column() == Duration)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Name:
        return span.name;
    case Service:
        return span.serviceName;
    case Duration:
        return formatNanos(span.durationNanos());
    case Timeline:
    case ColumnCount:
        break;
    }
    return {};
}

QVariant TraceTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static constexpr std::array<const char *, ColumnCount> titles{
        QT_TR_NOOP("Span"), QT_TR_NOOP("Service"), QT_TR_NOOP("Duration"), QT_TR_NOOP("Timeline")};
    if (orientation == Qt::Horizontal && role == TraceNanosRole && section == Timeline)
        return m_end - m_start;
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    return tr(titles[std::size_t(section)]);
}

} // namespace ocw
