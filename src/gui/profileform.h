// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "load/loadprofile.h"

#include <QWidget>

#include <memory>

namespace Ui {
class ProfileForm;
}

namespace ocw {

class RateShapeEditor;

// The profile's scalar settings as a form. It shows a parsed profile and reports each edit as a JSON
// pointer and a JSON value; the page turns those into text edits, so the JSON stays the one truth.
// The rate shape has its own segment editor; the other lists (attributes, metrics) are edited in the JSON.
class ProfileForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileForm)

public:
    explicit ProfileForm(QWidget *parent = nullptr);
    ~ProfileForm() override;

    void showProfile(const LoadProfile &profile);
    RateShapeEditor *rateShape() const;

signals:
    void valueEdited(const QString &pointer, const QByteArray &json);

private:
    std::unique_ptr<Ui::ProfileForm> m_ui;
    bool m_updating = false;
};

} // namespace ocw
