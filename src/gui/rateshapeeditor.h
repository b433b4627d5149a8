// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "load/rateshape.h"

#include <QTimer>
#include <QWidget>

class QTableWidget;

namespace ocw {

// The rate shape as a list of segments (constant, ramp, steps, bursts, sine) whose rates add up: add,
// remove, change a kind or a number. It shows a parsed shape and reports each edit as the whole shape's
// JSON; typing in a number is reported once it pauses, so the preview follows without an edit per key.
class RateShapeEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RateShapeEditor)

public:
    explicit RateShapeEditor(QWidget *parent = nullptr);
    ~RateShapeEditor() override;

    // Rebuilds the rows unless they already say the same, so a field being edited keeps its focus.
    void showShape(const RateShape &shape);
    RateShape shape() const;
    QTableWidget *table() const { return m_table; }

signals:
    void shapeEdited(const QByteArray &json);

private:
    void addRow(const RateComponent &component);
    void setRowKind(int row, const RateComponent &component);
    RateComponent rowComponent(int row) const;
    void emitNow();

    QTableWidget *m_table = nullptr;
    QTimer m_typing; // emits once the typing pauses
    bool m_updating = false;
};

} // namespace ocw
