// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/agentsnapshot.h"

#include <QAbstractTableModel>

namespace ocw {

// The metrics the agent received lately, the latest report of each by name.
class RecentMetricsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Type, Series, Points, LastValue, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setMetrics(const QList<ReceivedMetric> &metrics);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ReceivedMetric> m_metrics;
};

} // namespace ocw
