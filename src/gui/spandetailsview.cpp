// SPDX-License-Identifier: Apache-2.0
#include "spandetailsview.h"

#include "timeruler.h"

#include "agent/receivedspan.h"
#include "exporter/grpcstatus.h"

#include <QDateTime>
#include <QHeaderView>

#include <algorithm>

namespace ocw {

namespace {

QString kindName(int kind)
{
    switch (kind) {
    case 1:
        return SpanDetailsView::tr("server");
    case 2:
        return SpanDetailsView::tr("client");
    default:
        return SpanDetailsView::tr("unspecified");
    }
}

QTreeWidgetItem *field(QTreeWidgetItem *parent, const QString &name, const QString &value)
{
    auto *item = new QTreeWidgetItem(parent, {name, value});
    item->setToolTip(1, value); // the whole value, which the column may elide
    return item;
}

// A group of fields, titled in bold; `name` finds it again (SpanDetailsView::value).
QTreeWidgetItem *group(QTreeWidget *tree, const QString &name, const QString &title)
{
    auto *item = new QTreeWidgetItem(tree, {title});
    item->setData(0, Qt::UserRole, name);
    item->setFirstColumnSpanned(true);
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    return item;
}

// "Attributes (4)", or "Attributes (32 of 100 kept)" when the sender sent more than a span keeps.
QTreeWidgetItem *countedGroup(QTreeWidget *tree, const QString &name, qsizetype kept, int sent)
{
    return group(tree, name, kept < sent ? SpanDetailsView::tr("%1 (%2 of %3 kept)").arg(name).arg(kept).arg(sent)
                                         : SpanDetailsView::tr("%1 (%2)").arg(name).arg(kept));
}

void attributeFields(QTreeWidgetItem *parent, const QList<SpanAttribute> &attributes)
{
    for (const SpanAttribute &attribute : attributes)
        field(parent, attribute.key, attribute.value);
}

QString moment(qint64 nanos, qint64 traceStartNanos)
{
    return SpanDetailsView::tr("+%1 (%2)").arg(formatNanos(nanos - traceStartNanos),
                                               QDateTime::fromMSecsSinceEpoch(nanos / 1000000).toString(QStringLiteral("HH:mm:ss.zzz")));
}

QString messageEventText(const SpanMessageEvent &event)
{
    const QString type = event.type == 1 ? SpanDetailsView::tr("sent") : event.type == 2 ? SpanDetailsView::tr("received") : SpanDetailsView::tr("message");
    return SpanDetailsView::tr("%1 #%2: %3 bytes, %4 compressed").arg(type).arg(event.id).arg(event.uncompressedSize).arg(event.compressedSize);
}

QString linkTypeName(int type)
{
    switch (type) {
    case 1:
        return SpanDetailsView::tr("child");
    case 2:
        return SpanDetailsView::tr("parent");
    default:
        return SpanDetailsView::tr("link");
    }
}

} // namespace

SpanDetailsView::SpanDetailsView(QWidget *parent)
    : QTreeWidget(parent)
{
    setHeaderLabels({tr("Field"), tr("Value")});
    setTextElideMode(Qt::ElideMiddle);
    setWordWrap(false);
    setUniformRowHeights(true);
    header()->setStretchLastSection(true);
    setSpan(nullptr, 0);
}

void SpanDetailsView::setSpan(const ReceivedSpan *span, qint64 traceStartNanos)
{
    clear();
    if (!span) {
        auto *hint = new QTreeWidgetItem(this, {tr("Select a span in the waterfall to see its attributes, annotations, "
                                                  "message events, status and links.")});
        hint->setFirstColumnSpanned(true);
        return;
    }
    QTreeWidgetItem *spanGroup = group(this, tr("Span"), tr("Span"));
    field(spanGroup, tr("Name"), span->name);
    field(spanGroup, tr("Service"), span->serviceName);
    field(spanGroup, tr("Kind"), kindName(span->kind));
    const QString status = statusCodeName(grpc::StatusCode(span->statusCode)) + QStringLiteral(" (%1)").arg(span->statusCode);
    QTreeWidgetItem *statusItem = field(spanGroup, tr("Status"), span->statusMessage.isEmpty() ? status : status + QStringLiteral(": ") + span->statusMessage);
    if (span->statusCode != 0)
        statusItem->setForeground(1, QColor(215, 60, 60));
    field(spanGroup, tr("Start"), moment(span->startNanos, traceStartNanos));
    field(spanGroup, tr("End"), moment(span->endNanos, traceStartNanos));
    field(spanGroup, tr("Duration"), formatNanos(span->durationNanos()));
    field(spanGroup, tr("Trace id"), QString::fromLatin1(span->traceId));
    field(spanGroup, tr("Span id"), QString::fromLatin1(span->spanId));
    field(spanGroup, tr("Parent id"), span->parentSpanId.isEmpty() ? tr("none: a root span") : QString::fromLatin1(span->parentSpanId));

    attributeFields(countedGroup(this, tr("Attributes"), span->attributes.size(), span->attributeCount), span->attributes);
    QTreeWidgetItem *annotations = countedGroup(this, tr("Annotations"), span->annotations.size(), span->annotationCount);
    for (const SpanAnnotation &annotation : span->annotations)
        attributeFields(field(annotations, moment(annotation.timeNanos, traceStartNanos), annotation.description), annotation.attributes);
    QTreeWidgetItem *events = countedGroup(this, tr("Message events"), span->messageEvents.size(), span->messageEventCount);
    for (const SpanMessageEvent &event : span->messageEvents)
        field(events, moment(event.timeNanos, traceStartNanos), messageEventText(event));
    QTreeWidgetItem *links = countedGroup(this, tr("Links"), span->links.size(), span->linkCount);
    for (const SpanLink &link : span->links)
        attributeFields(field(links, linkTypeName(link.type), tr("trace %1, span %2").arg(QString::fromLatin1(link.traceId), QString::fromLatin1(link.spanId))),
                        link.attributes);
    expandAll();
    resizeColumnToContents(0);
    // The values matter more than the names: these take at most half the width.
    setColumnWidth(0, std::min(columnWidth(0), viewport()->width() / 2));
}

QString SpanDetailsView::value(const QString &groupName, const QString &fieldName) const
{
    for (int g = 0; g < topLevelItemCount(); ++g) {
        const QTreeWidgetItem *groupItem = topLevelItem(g);
        if (groupItem->data(0, Qt::UserRole).toString() != groupName)
            continue;
        for (int f = 0; f < groupItem->childCount(); ++f) {
            if (groupItem->child(f)->text(0) == fieldName)
                return groupItem->child(f)->text(1);
        }
    }
    return {};
}

} // namespace ocw
