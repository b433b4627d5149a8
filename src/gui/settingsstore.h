// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QVariant>

namespace ocw {

// Where the workbench keeps what it remembers between sessions: one JSON file (settings.json in the
// application's config directory), the user's alone, read once and written whole through the product's one
// atomic writer on each change. QSettings is not used for it: Qt 6.4's QSettings writes through a buffered
// QSaveFile whose failed flush goes unnoticed, so a full disk would leave an empty file and no error.
// A failed write keeps the previous file and emits writeFailed() with the file and the reason.
class SettingsStore final : public QObject
{
    Q_OBJECT

public:
    static SettingsStore &instance();

    QVariant value(const QString &key, const QVariant &fallback = {}) const;
    QByteArray bytes(const QString &key) const; // stored as base64, for binary values (window geometry)
    void setValue(const QString &key, const QVariant &value);
    void setBytes(const QString &key, const QByteArray &value);
    QString fileName() const { return m_file; }

signals:
    void writeFailed(const QString &error);

private:
    SettingsStore();
    void load();
    void save();

    QString m_file;
    QJsonObject m_values;
    bool m_loaded = false;
};

} // namespace ocw
