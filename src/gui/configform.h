// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/configanalysis.h"

#include <QHash>
#include <QWidget>

#include <memory>

class QCheckBox;

namespace Ui {
class ConfigForm;
}

namespace ocw {

// A form for every key of the OpenCensus module and its ocagent exporter. It shows the values of the
// last analysis (and the effective value of an absent key), marks fields that have a problem, and
// reports each user edit as a module-relative pointer and a JSON value; it never edits text itself.
class ConfigForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigForm)

public:
    explicit ConfigForm(QWidget *parent = nullptr);
    ~ConfigForm() override;

    void showAnalysis(const ConfigAnalysis &analysis);
    // Focuses the field that edits `pointer` (module-relative); false when no field does.
    bool focusField(const QString &relativePointer);

signals:
    void valueEdited(const QString &relativePointer, const QByteArray &json);
    void valueRemoved(const QString &relativePointer);

private:
    void buildUi();
    void markProblems(const ConfigAnalysis &analysis);
    void updateReconnectionMeaning(const ConfigAnalysis &analysis);
    void emitHeaders();
    void emitLayer();
    void fillHeaders(const ConfigAnalysis &analysis);
    void showBool(QCheckBox *box, const ConfigAnalysis &analysis, const QString &relativePointer,
                  const std::optional<bool> &value, const QString &label, const QString &absentLabel);
    void clearValues();
    void registerField(const QString &relativePointer, QWidget *widget);

    std::unique_ptr<Ui::ConfigForm> m_ui;
    QList<QWidget *> m_sections; // the group boxes, off while the JSON does not parse
    QHash<QString, QWidget *> m_fields; // module-relative pointer -> the widget editing it
    QHash<QWidget *, QString> m_baseToolTips;
    bool m_hasEnabledLayers = false;
    bool m_updating = false;
};

} // namespace ocw
