// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/diagnostic.h"

#include <QAbstractTableModel>

namespace ocw {

// The problems of the open config, one row each, in file order.
class ProblemsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProblemsModel)

public:
    enum Column { SeverityColumn, RuleColumn, LocationColumn, MessageColumn, NumColumns };
    enum Role { DiagnosticRole = Qt::UserRole + 1 };

    explicit ProblemsModel(QObject *parent = nullptr);

    void setDiagnostics(const Diagnostics &diagnostics);
    const Diagnostics &diagnostics() const { return m_diagnostics; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    Diagnostics m_diagnostics;
};

} // namespace ocw
