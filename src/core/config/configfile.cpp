// SPDX-License-Identifier: Apache-2.0
#include "configfile.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace ocw::ConfigFile {

ReadResult read(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return {{}, QStringLiteral("%1: no such file").arg(path)};
    if (info.isDir())
        return {{}, QStringLiteral("%1: is a directory, not a config file").arg(path)};
    if (info.size() > MaxBytes)
        return {{}, QStringLiteral("%1: %2 MiB is larger than the %3 MiB a config may have")
                        .arg(path)
                        .arg(info.size() / (1024 * 1024))
                        .arg(MaxBytes / (1024 * 1024))};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, QStringLiteral("%1: cannot open: %2").arg(path, file.errorString())};
    QByteArray bytes = file.read(MaxBytes + 1);
    if (bytes.size() > MaxBytes)
        return {{}, QStringLiteral("%1: larger than the %2 MiB a config may have").arg(path).arg(MaxBytes / (1024 * 1024))};
    if (file.error() != QFileDevice::NoError)
        return {{}, QStringLiteral("%1: cannot read: %2").arg(path, file.errorString())};
    return {bytes, {}};
}

QString writeAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
    if (file.write(bytes) != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return QStringLiteral("%1: cannot write: %2").arg(path, reason);
    }
    if (!file.commit())
        return QStringLiteral("%1: cannot save: %2").arg(path, file.errorString());
    return QString();
}

} // namespace ocw::ConfigFile
