// SPDX-License-Identifier: Apache-2.0
#include "settingsstore.h"

#include "atomicfile.h"

#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QJsonDocument>
#include <QSettings>
#include <QStandardPaths>

namespace ocw {

namespace {

// Settings an earlier version kept in QSettings, taken over once, the first time there is no settings.json.
QJsonObject fromQSettings()
{
    const QSettings old;
    QJsonObject values;
    for (const QString &key : old.allKeys()) {
        const QVariant value = old.value(key);
        values.insert(key, value.typeId() == QMetaType::QByteArray ? QJsonValue(QString::fromLatin1(value.toByteArray().toBase64()))
                                                                   : QJsonValue::fromVariant(value));
    }
    return values;
}

} // namespace

SettingsStore &SettingsStore::instance()
{
    static SettingsStore store;
    return store;
}

SettingsStore::SettingsStore()
{
}

void SettingsStore::load()
{
    // Not in the constructor: the application's name (part of the path) and a test's test mode come first.
    if (m_loaded)
        return;
    m_loaded = true;
    m_file = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) + QStringLiteral("/settings.json");
    QFile file(m_file);
    if (!file.exists()) {
        m_values = fromQSettings();
        return;
    }
    if (!file.open(QIODevice::ReadOnly))
        return;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    file.close();
    m_values = document.object();
    // A file that does not parse (edited by hand, say) is set aside, not overwritten by the next save.
    if (error.error != QJsonParseError::NoError || !document.isObject())
        QFile::rename(m_file, m_file + QStringLiteral(".unreadable"));
}

QVariant SettingsStore::value(const QString &key, const QVariant &fallback) const
{
    const_cast<SettingsStore *>(this)->load();
    const QJsonValue value = m_values.value(key);
    return value.isUndefined() ? fallback : value.toVariant();
}

QByteArray SettingsStore::bytes(const QString &key) const
{
    return QByteArray::fromBase64(value(key).toString().toLatin1());
}

void SettingsStore::setValue(const QString &key, const QVariant &value)
{
    load();
    const QJsonValue json = QJsonValue::fromVariant(value);
    if (m_values.value(key) == json)
        return;
    m_values.insert(key, json);
    save();
}

void SettingsStore::setBytes(const QString &key, const QByteArray &value)
{
    setValue(key, QString::fromLatin1(value.toBase64()));
}

void SettingsStore::save()
{
    QDir().mkpath(QFileInfo(m_file).absolutePath());
    const QString error =
        writeFileAtomically(m_file, QJsonDocument(m_values).toJson(QJsonDocument::Indented), FileReaders::OwnerOnly);
    if (!error.isEmpty())
        emit writeFailed(error);
}

} // namespace ocw
