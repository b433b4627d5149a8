// SPDX-License-Identifier: Apache-2.0
#include "recentmetricsmodel.h"

#include <QMap>

#include <array>

namespace ocw {

void RecentMetricsModel::setMetrics(const QList<ReceivedMetric> &metrics)
{
    QMap<QString, ReceivedMetric> latest; // by name, so the rows keep their order between refreshes
    for (const ReceivedMetric &metric : metrics)
        latest.insert(metric.name, metric);
    const QList<ReceivedMetric> rows = latest.values();
    if (rows.size() == m_metrics.size()) {
        // The same metrics with new values: a change of data, so selection and scrolling stay.
        m_metrics = rows;
        if (!m_metrics.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_metrics.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_metrics = rows;
    endResetModel();
}

int RecentMetricsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_metrics.size());
}

int RecentMetricsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecentMetricsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReceivedMetric &metric = m_metrics.at(index.row());
    if (role == Qt::TextAlignmentRole && (index.column() == Series || index.column() == Points))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Name:
        return metric.name;
    case Type:
        return metric.type;
    case Series:
        return metric.timeSeries;
    case Points:
        return metric.points;
    case LastValue:
        return metric.lastValue;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RecentMetricsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static constexpr std::array<const char *, ColumnCount> titles{
        QT_TR_NOOP("Metric"), QT_TR_NOOP("Type"), QT_TR_NOOP("Time series"), QT_TR_NOOP("Points"),
        QT_TR_NOOP("Last value")};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    return tr(titles[std::size_t(section)]);
}

} // namespace ocw
