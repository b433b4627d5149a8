// SPDX-License-Identifier: Apache-2.0
#include "problemsmodel.h"

#include <QApplication>
#include <QIcon>
#include <QStyle>

namespace ocw {

ProblemsModel::ProblemsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ProblemsModel::setDiagnostics(const Diagnostics &diagnostics)
{
    beginResetModel();
    m_diagnostics = diagnostics;
    endResetModel();
}

int ProblemsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_diagnostics.size());
}

int ProblemsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : NumColumns;
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Diagnostic &d = m_diagnostics.at(index.row());
    if (role == DiagnosticRole)
        return QVariant::fromValue(d);
    switch (index.column()) {
    case SeverityColumn:
        if (role == Qt::DecorationRole)
            return QApplication::style()->standardIcon(d.isError() ? QStyle::SP_MessageBoxCritical
                                                                   : QStyle::SP_MessageBoxWarning);
        if (role == Qt::DisplayRole)
            return d.isError() ? tr("Error") : tr("Warning");
        break;
    case RuleColumn:
        if (role == Qt::DisplayRole)
            return d.rule;
        break;
    case LocationColumn:
        if (role == Qt::DisplayRole)
            return QStringLiteral("%1:%2").arg(d.line).arg(d.column);
        if (role == Qt::ToolTipRole)
            return d.pointer.isEmpty() ? tr("the whole document") : d.pointer;
        break;
    case MessageColumn:
        if (role == Qt::DisplayRole)
            return d.message;
        if (role == Qt::DecorationRole && d.fix)
            return QIcon(QStringLiteral(":/icons/lightbulb.svg"));
        if (role == Qt::ToolTipRole)
            return QStringLiteral("<p>%1</p><p><i>%2</i></p>%3")
                .arg(d.message.toHtmlEscaped(), d.pointer.toHtmlEscaped(),
                     d.fix ? tr("<p>Quick fix (right-click, or Ctrl+.): %1</p>").arg(d.fix->title.toHtmlEscaped())
                           : QString());
        break;
    default:
        break;
    }
    return {};
}

QVariant ProblemsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case RuleColumn:
        return tr("Rule");
    case LocationColumn:
        return tr("Line:Col");
    case MessageColumn:
        return tr("Problem");
    default:
        return {};
    }
}

} // namespace ocw
