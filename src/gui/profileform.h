// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "load/loadprofile.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace ocw {

// The profile's scalar settings as a form. It shows a parsed profile and reports each edit as a JSON
// pointer and a JSON value; the page turns those into text edits, so the JSON stays the one truth.
// Lists (the rate shape's components, attributes, metrics) are edited in the JSON beside it.
class ProfileForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileForm)

public:
    explicit ProfileForm(QWidget *parent = nullptr);
    ~ProfileForm() override;

    void showProfile(const LoadProfile &profile);

signals:
    void valueEdited(const QString &pointer, const QByteArray &json);

private:
    QLineEdit *m_name = nullptr;
    QSpinBox *m_seed = nullptr;
    QDoubleSpinBox *m_duration = nullptr;
    QComboBox *m_unit = nullptr;
    QComboBox *m_preset = nullptr;
    QSpinBox *m_backendsMin = nullptr;
    QSpinBox *m_backendsMax = nullptr;
    QSpinBox *m_depth = nullptr;
    QSpinBox *m_fanOutMin = nullptr;
    QSpinBox *m_fanOutMax = nullptr;
    QDoubleSpinBox *m_medianMs = nullptr;
    QDoubleSpinBox *m_p99Ms = nullptr;
    QDoubleSpinBox *m_errorRatio = nullptr;
    bool m_updating = false;
};

} // namespace ocw
