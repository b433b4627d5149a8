// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agent/agentsnapshot.h"

#include <QAbstractTableModel>

namespace ocw {

// The traces among the agent's recent spans, newest first: root span, service, span count, duration, errors.
class RecentTracesModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Started, Root, Service, Spans, Duration, Errors, ColumnCount };
    static constexpr int TraceIdRole = Qt::UserRole;

    using QAbstractTableModel::QAbstractTableModel;

    void setSpans(const QList<ReceivedSpan> &spans);
    // The spans of the trace on `row`, as received.
    QList<ReceivedSpan> spansOf(int row) const;
    int rowOf(const QByteArray &traceId) const;
    // The newest trace whose root span is among the recent ones (the root ends, so arrives, last), or -1.
    int newestWithRoot() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Trace {
        QByteArray id;
        QString root;
        QString service;
        qint64 startNanos = 0;
        qint64 endNanos = 0;
        int errors = 0;
        bool rootSeen = false;
        QList<ReceivedSpan> spans;
    };
    QList<Trace> m_traces;
};

} // namespace ocw
