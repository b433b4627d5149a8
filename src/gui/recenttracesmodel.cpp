// SPDX-License-Identifier: Apache-2.0
#include "recenttracesmodel.h"

#include "timeruler.h"

#include <QDateTime>
#include <QSet>

#include <array>

namespace ocw {

namespace {

QString keptText(KeptReasons reasons)
{
    QStringList parts;
    if (reasons & KeptFor::Newest)
        parts.append(RecentTracesModel::tr("newest"));
    if (reasons & KeptFor::Slowest)
        parts.append(RecentTracesModel::tr("slowest"));
    if (reasons & KeptFor::Erroring)
        parts.append(RecentTracesModel::tr("error"));
    return parts.join(QStringLiteral(", "));
}

} // namespace

RecentTracesModel::Row RecentTracesModel::rowFor(const KeptTrace &trace)
{
    Row row{trace, {}, {}};
    QSet<QString> services;
    QSet<QString> names;
    for (const ReceivedSpan &span : trace.spans) {
        services.insert(span.serviceName);
        names.insert(span.name);
    }
    row.services = services.values();
    row.spanNames = names.values();
    return row;
}

void RecentTracesModel::setTraces(const QList<KeptTrace> &traces)
{
    QHash<QByteArray, qsizetype> incoming;
    for (qsizetype i = 0; i < traces.size(); ++i)
        incoming.insert(traces[i].id, i);

    // Removed from the end, one run of neighbouring rows at a time.
    for (int last = int(m_rows.size()) - 1; last >= 0;) {
        if (incoming.contains(m_rows[last].trace.id)) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !incoming.contains(m_rows[first - 1].trace.id))
            --first;
        beginRemoveRows({}, first, last);
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        last = first - 1;
    }
    reindex();

    for (int row = 0; row < m_rows.size(); ++row) {
        const KeptTrace &update = traces[incoming.value(m_rows[row].trace.id)];
        if (update.version == m_rows[row].trace.version)
            continue;
        m_rows[row] = rowFor(update);
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }

    QList<Row> added;
    for (const KeptTrace &trace : traces) {
        if (!m_rowById.contains(trace.id))
            added.append(rowFor(trace));
    }
    if (added.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size() - 1));
    m_rows.append(std::move(added));
    reindex();
    endInsertRows();
}

void RecentTracesModel::reindex()
{
    m_rowById.clear();
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowById.insert(m_rows[row].trace.id, row);
}

const KeptTrace *RecentTracesModel::trace(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows[row].trace : nullptr;
}

int RecentTracesModel::rowOf(const QByteArray &traceId) const
{
    return m_rowById.value(traceId, -1);
}

QStringList RecentTracesModel::services() const
{
    QSet<QString> all;
    for (const Row &row : m_rows) {
        for (const QString &service : row.services)
            all.insert(service);
    }
    QStringList sorted = all.values();
    sorted.sort();
    return sorted;
}

int RecentTracesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RecentTracesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecentTracesModel::display(const Row &row, int column) const
{
    const KeptTrace &trace = row.trace;
    switch (Column(column)) {
    case Started:
        return QDateTime::fromMSecsSinceEpoch(trace.startNanos / 1000000).toString(QStringLiteral("HH:mm:ss.zzz"));
    case Root:
        return trace.rootSeen() || trace.spans.isEmpty() ? trace.rootName
                                                         : tr("(%1, root not seen)").arg(trace.spans.first().name);
    case Service:
        return trace.service();
    case Spans:
        return int(trace.spans.size());
    case Duration:
        return formatNanos(trace.durationNanos());
    case Errors:
        return trace.errorSpans;
    case Kept:
        return keptText(trace.keptFor);
    case ColumnCount:
        break;
    }
    return {};
}

QVariant RecentTracesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const KeptTrace &trace = row.trace;
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case Qt::ToolTipRole: // the whole text of a cell the column may elide, and the trace it belongs to
        if (index.column() == Spans && trace.spansNotKept > 0)
            return tr("%1 spans kept, %2 more past the trace's share of the store").arg(trace.spans.size()).arg(trace.spansNotKept);
        if (index.column() == Kept)
            return tr("Kept as one of the newest traces, the slowest by root duration, or the latest with an error");
        return QString(display(row, index.column()).toString() + u'\n' + tr("trace %1").arg(QString::fromLatin1(trace.id)));
    case Qt::TextAlignmentRole:
        if (index.column() == Spans || index.column() == Duration || index.column() == Errors)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case TraceIdRole:
        return trace.id;
    case SortRole:
        switch (Column(index.column())) {
        case Started:
            return trace.startNanos;
        case Duration:
            return trace.durationNanos();
        case Spans:
        case Errors:
            return display(row, index.column());
        default:
            return display(row, index.column()).toString().toLower();
        }
    case ServicesRole:
        return row.services;
    case SpanNamesRole:
        return row.spanNames;
    case DurationRole:
        return trace.durationNanos();
    case FailedRole:
        return trace.errorSpans > 0;
    default:
        return {};
    }
}

QVariant RecentTracesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static constexpr std::array<const char *, ColumnCount> titles{
        QT_TR_NOOP("Started"), QT_TR_NOOP("Root span"), QT_TR_NOOP("Service"), QT_TR_NOOP("Spans"),
        QT_TR_NOOP("Duration"), QT_TR_NOOP("Errors"), QT_TR_NOOP("Kept as")};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return {};
    return tr(titles[std::size_t(section)]);
}

} // namespace ocw
