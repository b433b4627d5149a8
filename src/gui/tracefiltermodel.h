// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSortFilterProxyModel>

namespace ocw {

// Sorts RecentTracesModel on any column (numbers as numbers) and shows the traces that pass every filter set:
// a service among its spans', a span name containing a text (any case), a shortest duration, errors only.
class TraceFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit TraceFilterModel(QObject *parent = nullptr);

    void setService(const QString &service); // empty: any
    void setSpanName(const QString &text);   // empty: any
    void setMinimumDurationNanos(qint64 nanos);
    void setErrorsOnly(bool errorsOnly);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_service;
    QString m_spanName;
    qint64 m_minimumNanos = 0;
    bool m_errorsOnly = false;
};

} // namespace ocw
