// SPDX-License-Identifier: Apache-2.0
#include "configfile.h"

#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif

namespace ocw::ConfigFile {

namespace {

// What `path` is when it is neither a regular file nor a directory: reading a FIFO or a device would block.
QString specialFileKind(const QString &path)
{
#ifdef Q_OS_UNIX
    struct stat status {};
    if (::stat(QFile::encodeName(path).constData(), &status) == 0) {
        if (S_ISFIFO(status.st_mode))
            return QStringLiteral("a named pipe (FIFO)");
        if (S_ISSOCK(status.st_mode))
            return QStringLiteral("a socket");
        if (S_ISCHR(status.st_mode))
            return QStringLiteral("a character device");
        if (S_ISBLK(status.st_mode))
            return QStringLiteral("a block device");
    }
#endif
    return QStringLiteral("a special file");
}

} // namespace

ReadResult read(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return {{}, QStringLiteral("%1: no such file").arg(path)};
    if (info.isDir())
        return {{}, QStringLiteral("%1: is a directory, not a config file").arg(path)};
    if (!info.isFile())
        return {{}, QStringLiteral("%1: is %2, not a config file; name a regular file").arg(path, specialFileKind(path))};
    if (info.size() > MaxBytes)
        return {{}, QStringLiteral("%1: %2 MiB is larger than the %3 MiB a config may have")
                        .arg(path)
                        .arg(info.size() / (1024 * 1024))
                        .arg(MaxBytes / (1024 * 1024))};
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, QStringLiteral("%1: cannot open: %2").arg(path, file.errorString())};
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
        return {{}, QStringLiteral("%1: larger than the %2 MiB a config may have").arg(path).arg(MaxBytes / (1024 * 1024))};
    if (file.error() != QFileDevice::NoError)
        return {{}, QStringLiteral("%1: cannot read: %2").arg(path, file.errorString())};
    return {bytes, {}};
}

} // namespace ocw::ConfigFile
