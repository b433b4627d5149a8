// SPDX-License-Identifier: Apache-2.0
#include "settings.h"

#include "settingsstore.h"

#include <QFileInfo>

namespace ocw::Settings {

namespace {
const QString kRecentFiles = QStringLiteral("workbench/recentFiles");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kLastDirectory = QStringLiteral("workbench/lastDirectory");
const QString kRun = QStringLiteral("run/");
const QString kListen = QStringLiteral("listen/");
const QString kCurrentPage = QStringLiteral("window/currentPage");
} // namespace

QStringList recentFiles()
{
    return SettingsStore::instance().value(kRecentFiles).toStringList();
}

QStringList addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > MaxRecentFiles)
        files.removeLast();
    SettingsStore::instance().setValue(kRecentFiles, files);
    return files;
}

QByteArray windowGeometry()
{
    return SettingsStore::instance().bytes(kGeometry);
}

void setWindowGeometry(const QByteArray &geometry)
{
    SettingsStore::instance().setBytes(kGeometry, geometry);
}

QByteArray windowState()
{
    return SettingsStore::instance().bytes(kState);
}

void setWindowState(const QByteArray &state)
{
    SettingsStore::instance().setBytes(kState, state);
}

int currentPage()
{
    return SettingsStore::instance().value(kCurrentPage, 0).toInt();
}

void setCurrentPage(int index)
{
    SettingsStore::instance().setValue(kCurrentPage, index);
}

QString lastDirectory()
{
    return SettingsStore::instance().value(kLastDirectory).toString();
}

void setLastDirectory(const QString &directory)
{
    SettingsStore::instance().setValue(kLastDirectory, directory);
}

RunChoices runChoices()
{
    const SettingsStore &s = SettingsStore::instance();
    const RunChoices defaults;
    RunChoices c;
    c.sendTo = s.value(kRun + u"sendTo", defaults.sendTo).toString();
    c.address = s.value(kRun + u"address").toString();
    c.recentAddresses = s.value(kRun + u"recentAddresses").toStringList().mid(0, MaxRecentAddresses);
    c.thresholds = s.value(kRun + u"thresholds").toStringList();
    c.load = s.value(kRun + u"load", defaults.load).toString();
    c.faultCycle = s.value(kRun + u"faultCycle", defaults.faultCycle).toBool();
    c.queueItems = s.value(kRun + u"queueItems", qulonglong(defaults.queueItems)).toULongLong();
    c.queueMiB = s.value(kRun + u"queueMiB", qulonglong(defaults.queueMiB)).toULongLong();
    c.connections = s.value(kRun + u"connections", defaults.connections).toInt();
    c.caFile = s.value(kRun + u"caFile").toString();
    c.certFile = s.value(kRun + u"certFile").toString();
    c.keyFile = s.value(kRun + u"keyFile").toString();
    c.windowMinutes = s.value(kRun + u"windowMinutes", defaults.windowMinutes).toInt();
    c.fidelity = s.value(kRun + u"fidelity", defaults.fidelity).toString();
    return c;
}

void setRunChoices(const RunChoices &c)
{
    SettingsStore &s = SettingsStore::instance();
    s.setValue(kRun + u"sendTo", c.sendTo);
    s.setValue(kRun + u"address", c.address);
    s.setValue(kRun + u"recentAddresses", c.recentAddresses.mid(0, MaxRecentAddresses));
    s.setValue(kRun + u"thresholds", c.thresholds);
    s.setValue(kRun + u"load", c.load);
    s.setValue(kRun + u"faultCycle", c.faultCycle);
    s.setValue(kRun + u"queueItems", qulonglong(c.queueItems));
    s.setValue(kRun + u"queueMiB", qulonglong(c.queueMiB));
    s.setValue(kRun + u"connections", c.connections);
    s.setValue(kRun + u"caFile", c.caFile);
    s.setValue(kRun + u"certFile", c.certFile);
    s.setValue(kRun + u"keyFile", c.keyFile);
    s.setValue(kRun + u"windowMinutes", c.windowMinutes);
    s.setValue(kRun + u"fidelity", c.fidelity);
}

ListenChoices listenChoices()
{
    const SettingsStore &s = SettingsStore::instance();
    return {s.value(kListen + u"address").toString(),        s.value(kListen + u"tlsCert").toString(),
            s.value(kListen + u"tlsKey").toString(),         s.value(kListen + u"headerName").toString(),
            s.value(kListen + u"forwardAddress").toString(), s.value(kListen + u"forwardPlaintext").toBool(),
            s.value(kListen + u"forwardCa").toString(),      s.value(kListen + u"recordFile").toString()};
}

void setListenChoices(const ListenChoices &c)
{
    SettingsStore &s = SettingsStore::instance();
    s.setValue(kListen + u"address", c.address);
    s.setValue(kListen + u"tlsCert", c.tlsCert);
    s.setValue(kListen + u"tlsKey", c.tlsKey);
    s.setValue(kListen + u"headerName", c.headerName);
    s.setValue(kListen + u"forwardAddress", c.forwardAddress);
    s.setValue(kListen + u"forwardPlaintext", c.forwardPlaintext);
    s.setValue(kListen + u"forwardCa", c.forwardCa);
    s.setValue(kListen + u"recordFile", c.recordFile);
}

} // namespace ocw::Settings
