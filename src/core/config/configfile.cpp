// SPDX-License-Identifier: Apache-2.0
#include "configfile.h"

#include <QFile>
#include <QFileInfo>

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

} // namespace ocw::ConfigFile
