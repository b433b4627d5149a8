// SPDX-License-Identifier: Apache-2.0
#include "tracefiltermodel.h"

#include "recenttracesmodel.h"

#include <algorithm>

namespace ocw {

TraceFilterModel::TraceFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(RecentTracesModel::SortRole);
    setDynamicSortFilter(true);
}

void TraceFilterModel::setService(const QString &service)
{
    m_service = service;
    invalidateFilter();
}

void TraceFilterModel::setSpanName(const QString &text)
{
    m_spanName = text.trimmed();
    invalidateFilter();
}

void TraceFilterModel::setMinimumDurationNanos(qint64 nanos)
{
    m_minimumNanos = nanos;
    invalidateFilter();
}

void TraceFilterModel::setErrorsOnly(bool errorsOnly)
{
    m_errorsOnly = errorsOnly;
    invalidateFilter();
}

bool TraceFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex trace = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_errorsOnly && !trace.data(RecentTracesModel::FailedRole).toBool())
        return false;
    if (trace.data(RecentTracesModel::DurationRole).toLongLong() < m_minimumNanos)
        return false;
    if (!m_service.isEmpty() && !trace.data(RecentTracesModel::ServicesRole).toStringList().contains(m_service))
        return false;
    if (m_spanName.isEmpty())
        return true;
    const QStringList names = trace.data(RecentTracesModel::SpanNamesRole).toStringList();
    return std::any_of(names.begin(), names.end(), [this](const QString &name) { return name.contains(m_spanName, Qt::CaseInsensitive); });
}

} // namespace ocw
