// SPDX-License-Identifier: Apache-2.0
#include "recenttracesmodel.h"

#include <QDateTime>
#include <QHash>

#include <algorithm>

#include <array>

namespace ocw {

void RecentTracesModel::setSpans(const QList<ReceivedSpan> &spans)
{
    QHash<QByteArray, qsizetype> byId;
    QList<Trace> traces;
    for (const ReceivedSpan &span : spans) {
        auto found = byId.constFind(span.traceId);
        if (found == byId.constEnd()) {
            found = byId.insert(span.traceId, traces.size());
            traces.append(Trace{span.traceId, QString(), span.serviceName, span.startNanos, span.endNanos, 0, false, {}});
        }
        Trace &trace = traces[*found];
        trace.startNanos = std::min(trace.startNanos, span.startNanos);
        trace.endNanos = std::max(trace.endNanos, span.endNanos);
        trace.errors += span.statusCode != 0;
        if (span.parentSpanId.isEmpty()) {
            trace.rootSeen = true;
            trace.root = span.name;
            trace.service = span.serviceName;
        }
        trace.spans.append(span);
    }
    for (Trace &trace : traces) {
        if (!trace.rootSeen) // the root was not among the recent spans
            trace.root = tr("(%1, root not seen)").arg(trace.spans.first().name);
    }
    std::stable_sort(traces.begin(), traces.end(), [](const Trace &a, const Trace &b) { return a.startNanos > b.startNanos; });
    beginResetModel();
    m_traces = std::move(traces);
    endResetModel();
}

QList<ReceivedSpan> RecentTracesModel::spansOf(int row) const
{
    return row >= 0 && row < m_traces.size() ? m_traces.at(row).spans : QList<ReceivedSpan>();
}

int RecentTracesModel::rowOf(const QByteArray &traceId) const
{
    const auto it = std::find_if(m_traces.begin(), m_traces.end(), [&](const Trace &t) { return t.id == traceId; });
    return it == m_traces.end() ? -1 : int(it - m_traces.begin());
}

int RecentTracesModel::newestWithRoot() const
{
    const auto it = std::find_if(m_traces.begin(), m_traces.end(), [](const Trace &t) { return t.rootSeen; });
    return it == m_traces.end() ? -1 : int(it - m_traces.begin());
}

int RecentTracesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_traces.size());
}

int RecentTracesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecentTracesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Trace &trace = m_traces.at(index.row());
    if (role == TraceIdRole)
        return trace.id;
    if (role == Qt::ToolTipRole)
        return tr("Trace %1").arg(QString::fromLatin1(trace.id));
    if (role == Qt::TextAlignmentRole && index.column() >= Spans)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Started:
        return QDateTime::fromMSecsSinceEpoch(trace.startNanos / 1000000).toString(QStringLiteral("HH:mm:ss.zzz"));
    case Root:
        return trace.root;
    case Service:
        return trace.service;
    case Spans:
        return int(trace.spans.size());
    case Duration:
        return QString::number(double(trace.endNanos - trace.startNanos) / 1e6, 'f', 2);
    case Errors:
        return trace.errors;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RecentTracesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static constexpr std::array<const char *, ColumnCount> titles{
        QT_TR_NOOP("Started"), QT_TR_NOOP("Root span"), QT_TR_NOOP("Service"), QT_TR_NOOP("Spans"),
        QT_TR_NOOP("Duration (ms)"), QT_TR_NOOP("Errors")};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    return tr(titles[std::size_t(section)]);
}

} // namespace ocw
