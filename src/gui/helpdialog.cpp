// SPDX-License-Identifier: Apache-2.0
#include "helpdialog.h"
#include "ui_helpdialog.h"

namespace ocw {

HelpDialog::HelpDialog(const QString &title, const QString &markdown, QWidget *parent)
    : QDialog(parent), m_ui(std::make_unique<Ui::HelpDialog>())
{
    m_ui->setupUi(this);
    setWindowTitle(title);
    setAttribute(Qt::WA_DeleteOnClose);
    m_ui->helpText->setMarkdown(markdown);
}

HelpDialog::~HelpDialog() = default;

QString HelpDialog::text() const
{
    return m_ui->helpText->toPlainText();
}

} // namespace ocw
