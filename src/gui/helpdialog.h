// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class HelpDialog;
}

namespace ocw {

// A document shown in the app (a Markdown file from the resources, or a generated page), not modal, so it can
// stay open beside the page it explains. It deletes itself when closed.
class HelpDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HelpDialog)

public:
    HelpDialog(const QString &title, const QString &markdown, QWidget *parent = nullptr);
    ~HelpDialog() override;

    QString text() const;

private:
    std::unique_ptr<Ui::HelpDialog> m_ui;
};

} // namespace ocw
