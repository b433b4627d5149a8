// SPDX-License-Identifier: Apache-2.0
#include "configfile.h"

#include "nativepath.h"
#include "regularfile.h"

namespace ocw::ConfigFile {

ReadResult read(const QString &path)
{
    const QString shown = displayPath(path);
    QFile file;
    if (const QString error = openRegularFile(path, file, QStringLiteral("config file")); !error.isEmpty())
        return {{}, error};
    if (file.size() > MaxBytes)
        return {{}, QStringLiteral("%1: %2 MiB is larger than the %3 MiB a config may have")
                        .arg(shown)
                        .arg(file.size() / (1024 * 1024))
                        .arg(MaxBytes / (1024 * 1024))};
    // A buffer as large as the file, not the cap: reserving 64 MiB would cost that for every small file.
    QByteArray bytes = file.read(file.size());
    // A file that grew since it was measured, or reports no size (/proc): read on in chunks, up to the cap.
    constexpr qint64 chunkBytes = 64 * 1024;
    while (bytes.size() <= MaxBytes) {
        const QByteArray more = file.read(chunkBytes);
        if (more.isEmpty())
            break;
        bytes += more;
    }
    if (bytes.size() > MaxBytes)
        return {{}, QStringLiteral("%1: larger than the %2 MiB a config may have").arg(shown).arg(MaxBytes / (1024 * 1024))};
    if (file.error() != QFileDevice::NoError)
        return {{}, QStringLiteral("%1: cannot read: %2").arg(shown, file.errorString())};
    return {bytes, {}};
}

} // namespace ocw::ConfigFile
