// SPDX-License-Identifier: Apache-2.0
#include "settings.h"

#include <QFileInfo>
#include <QSettings>

namespace ocw::Settings {

namespace {
const QString kRecentFiles = QStringLiteral("workbench/recentFiles");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kLastDirectory = QStringLiteral("workbench/lastDirectory");
} // namespace

QStringList recentFiles()
{
    return QSettings().value(kRecentFiles).toStringList();
}

QStringList addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > MaxRecentFiles)
        files.removeLast();
    QSettings().setValue(kRecentFiles, files);
    return files;
}

QByteArray windowGeometry()
{
    return QSettings().value(kGeometry).toByteArray();
}

void setWindowGeometry(const QByteArray &geometry)
{
    QSettings().setValue(kGeometry, geometry);
}

QByteArray windowState()
{
    return QSettings().value(kState).toByteArray();
}

void setWindowState(const QByteArray &state)
{
    QSettings().setValue(kState, state);
}

QString lastDirectory()
{
    return QSettings().value(kLastDirectory).toString();
}

void setLastDirectory(const QString &directory)
{
    QSettings().setValue(kLastDirectory, directory);
}

} // namespace ocw::Settings
