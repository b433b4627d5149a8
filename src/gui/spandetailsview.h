// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QTreeWidget>

namespace ocw {

struct ReceivedSpan;

// A span's details, field by field: name, kind, ids, start, end and duration, status (code and message), then
// its attributes, annotations, message events and links, each group saying how many the sender sent when
// fewer are kept.
class SpanDetailsView final : public QTreeWidget
{
    Q_OBJECT

public:
    explicit SpanDetailsView(QWidget *parent = nullptr);

    // `traceStartNanos` places the span's times in its trace. nullptr: no span selected.
    void setSpan(const ReceivedSpan *span, qint64 traceStartNanos);
    // The value of the field named `field` under the group `group` ("Span", "Attributes", ...): for tests.
    QString value(const QString &group, const QString &field) const;
};

} // namespace ocw
