// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exporter/exporteroptions.h"

#include <QByteArray>
#include <QStringList>

#include <cstddef>

namespace ocw::Settings {

// Every persisted key is declared here once, with its type; widgets never touch the store (SettingsStore) directly.
inline constexpr int MaxRecentFiles = 8;

QStringList recentFiles();
// Moves `path` to the front of the recent files and returns the new list.
QStringList addRecentFile(const QString &path);
QByteArray windowGeometry();
void setWindowGeometry(const QByteArray &geometry);
QByteArray windowState();
void setWindowState(const QByteArray &state);
int currentPage();
void setCurrentPage(int index);
QString lastDirectory();
void setLastDirectory(const QString &directory);

inline constexpr int MaxRecentAddresses = 8;

// The run page's choices, as the user left them.
struct RunChoices {
    QString sendTo = QStringLiteral("embedded"); // "embedded", "config" (its address) or "address" (the one below)
    QString address;                             // the address typed last
    QStringList recentAddresses;                 // most recent first, at most MaxRecentAddresses
    QStringList thresholds;                      // pass/fail expressions, as `run --threshold` takes them
    QString load = QStringLiteral("krakend-gateway"); // a preset's name, or empty: the load profile page's profile
    bool faultCycle = false;
    std::size_t queueItems = DefaultMaxQueueItems;
    std::size_t queueMiB = DefaultMaxQueueBytes >> 20;
    int connections = 1; // parallel exporters (run --connections)
    QString caFile;
    QString certFile;
    QString keyFile;
    int windowMinutes = 5;
    QString fidelity = fidelityName(Fidelity::Krakend); // "krakend" or "improved"
};
RunChoices runChoices();
void setRunChoices(const RunChoices &choices);

// Where the Agent page's agent listens on its own. A required header's value is never kept: it may be a credential.
struct ListenChoices {
    QString address;
    QString tlsCert;
    QString tlsKey;
    QString headerName;
    QString forwardAddress;
    bool forwardPlaintext = false;
    QString forwardCa;
    QString recordFile;
};
ListenChoices listenChoices();
void setListenChoices(const ListenChoices &choices);

} // namespace ocw::Settings
