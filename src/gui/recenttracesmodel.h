// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/tracestore.h"

#include <QAbstractTableModel>
#include <QHash>

namespace ocw {

// The traces the agent keeps (TraceStore), one a row: start, root span, service, span count, duration, erroring
// spans and why it is kept. A trace keeps its row across updates, so a view's selection stays on it while data
// arrives; sorting and filtering are TraceFilterModel's.
class RecentTracesModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Started, Root, Service, Spans, Duration, Errors, Kept, ColumnCount };
    static constexpr int TraceIdRole = Qt::UserRole;
    static constexpr int SortRole = Qt::UserRole + 1;      // numbers for the numeric columns, text for the others
    static constexpr int ServicesRole = Qt::UserRole + 2;  // QStringList: the services of all its spans
    static constexpr int SpanNamesRole = Qt::UserRole + 3; // QStringList: the names of all its spans
    static constexpr int DurationRole = Qt::UserRole + 4;  // qint64 nanoseconds: the root's, or the spans' extent
    static constexpr int FailedRole = Qt::UserRole + 5;    // bool: a span of it failed

    using QAbstractTableModel::QAbstractTableModel;

    // Updates in place: rows of traces still kept change only if the trace did, rows of traces no longer kept
    // are removed and new traces are appended.
    void setTraces(const QList<KeptTrace> &traces);
    const KeptTrace *trace(int row) const;
    int rowOf(const QByteArray &traceId) const;
    // Every service among the kept traces' spans, sorted.
    QStringList services() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        KeptTrace trace;
        QStringList services;
        QStringList spanNames;
    };
    static Row rowFor(const KeptTrace &trace);
    QVariant display(const Row &row, int column) const;
    void reindex();

    QList<Row> m_rows;
    QHash<QByteArray, int> m_rowById;
};

} // namespace ocw
