// SPDX-License-Identifier: Apache-2.0
#include "regularfile.h"

#include "nativepath.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ocw {

namespace {

QString kindOf(mode_t mode)
{
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISFIFO(mode))
        return QStringLiteral("a named pipe (FIFO)");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    return QStringLiteral("a special file");
}

} // namespace

QString openRegularFile(const QString &path, QFile &file, const QString &noun)
{
    const QString shown = displayPath(path);
    // A socket cannot be opened at all; say what it is rather than "No such device or address".
    struct stat status {};
    if (::stat(nativePath(path).constData(), &status) == 0 && S_ISSOCK(status.st_mode))
        return QStringLiteral("%1: is a socket, not a %2; name a regular file").arg(shown, noun);
    const int fd = openNative(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT)
            return QStringLiteral("%1: no such file").arg(shown);
        return QStringLiteral("%1: cannot open: %2").arg(shown, qt_error_string(errno));
    }
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode)) {
        const QString kind = kindOf(status.st_mode);
        ::close(fd);
        if (S_ISDIR(status.st_mode))
            return QStringLiteral("%1: is a directory, not a %2").arg(shown, noun);
        return QStringLiteral("%1: is %2, not a %3; name a regular file").arg(shown, kind, noun);
    }
    if (!file.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return QStringLiteral("%1: cannot open: %2").arg(shown, file.errorString());
    }
    return QString();
}

} // namespace ocw
