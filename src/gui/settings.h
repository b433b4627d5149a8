// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QStringList>

namespace ocw::Settings {

// Every persisted key is declared here once, with its type; widgets never touch QSettings directly.
inline constexpr int MaxRecentFiles = 8;

QStringList recentFiles();
// Moves `path` to the front of the recent files and returns the new list.
QStringList addRecentFile(const QString &path);
QByteArray windowGeometry();
void setWindowGeometry(const QByteArray &geometry);
QByteArray windowState();
void setWindowState(const QByteArray &state);
QString lastDirectory();
void setLastDirectory(const QString &directory);

} // namespace ocw::Settings
