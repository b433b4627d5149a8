// SPDX-License-Identifier: Apache-2.0
#include "atomicfile.h"

#include "nativepath.h"

#include <QRandomGenerator>

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ocw {

namespace {

QString failure(const QString &path, const QString &what, int error)
{
    return QStringLiteral("%1: %2: %3").arg(displayPath(path), what, qt_error_string(error));
}

// Where the bytes go: `path`, or the file its chain of symbolic links ends at (even a dangling one), so
// that saving through a link keeps the link and changes the file it names.
QByteArray followLinks(QByteArray path)
{
    for (int hops = 0; hops < 40; ++hops) {
        char target[PATH_MAX];
        const ssize_t length = ::readlink(path.constData(), target, sizeof target);
        if (length < 0)
            break;
        QByteArray next(target, length);
        if (!next.startsWith('/'))
            next.prepend(path.left(path.lastIndexOf('/') + 1));
        path = next;
    }
    return path;
}

// A new file beside `target`, created exclusively; the kernel applies the umask to `mode`.
int createTemporary(const QByteArray &target, mode_t mode, QByteArray &name)
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        name = target + '.' + QByteArray::number(QRandomGenerator::global()->generate64(), 36);
        const int fd = ::open(name.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    return -1;
}

bool writeAll(int fd, const QByteArray &bytes)
{
    for (qsizetype done = 0; done < bytes.size();) {
        const ssize_t written = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false; // errno says why; a short write is followed by one that fails with the reason
        done += written;
    }
    return true;
}

// A device or a pipe (/dev/null, /dev/stdout, a shell's process substitution) has nothing to keep and cannot
// be replaced: it is written in place. Renaming over it would put a regular file where /dev/null was.
QString writeThrough(const QString &path, const QByteArray &bytes)
{
    const int fd = openNative(path, O_WRONLY);
    if (fd < 0)
        return failure(path, QStringLiteral("cannot write"), errno);
    const bool written = writeAll(fd, bytes);
    const int error = errno;
    if (::close(fd) != 0 && written)
        return failure(path, QStringLiteral("cannot write"), errno);
    return written ? QString() : failure(path, QStringLiteral("cannot write"), error);
}

} // namespace

QString writeFileAtomically(const QString &path, const QByteArray &bytes, FileReaders readers)
{
    // Written on the file's own bytes (nativePath), not through QSaveFile: Qt cannot name a file whose name is
    // not valid UTF-8. The new content goes to a temporary file beside the target, reaches the disk, and
    // only then replaces the target by rename(2), which is atomic: every failure before it leaves the
    // original as it was and removes the temporary file.
    struct stat existing {};
    const bool exists = ::stat(nativePath(path).constData(), &existing) == 0;
    if (exists && S_ISDIR(existing.st_mode))
        return failure(path, QStringLiteral("cannot write"), EISDIR);
    if (exists && !S_ISREG(existing.st_mode))
        return writeThrough(path, bytes);
    const QByteArray target = followLinks(nativePath(path));
    if (exists && ::access(target.constData(), W_OK) != 0)
        return failure(path, QStringLiteral("cannot write"), errno);

    // A private file is private from its first byte; a config keeps its permissions, a new file gets the umask's.
    const mode_t mode = readers == FileReaders::OwnerOnly ? 0600 : exists ? existing.st_mode & 07777 : 0666;
    QByteArray temporary;
    int fd = createTemporary(target, mode, temporary);
    if (fd < 0)
        return failure(path, QStringLiteral("cannot write"), errno);
    const auto abandon = [&](const QString &what) {
        const int error = errno;
        if (fd >= 0)
            ::close(fd);
        ::unlink(temporary.constData());
        return failure(path, what, error);
    };
    if ((exists || readers == FileReaders::OwnerOnly) && ::fchmod(fd, mode) != 0)
        return abandon(readers == FileReaders::OwnerOnly ? QStringLiteral("cannot make it private to its owner")
                                                         : QStringLiteral("cannot keep its permissions"));
    if (!writeAll(fd, bytes))
        return abandon(QStringLiteral("cannot write"));
    if (::fsync(fd) != 0) // a delayed write error shows here or at close
        return abandon(QStringLiteral("cannot save"));
    const int closed = ::close(fd);
    fd = -1;
    if (closed != 0)
        return abandon(QStringLiteral("cannot save"));
    if (::rename(temporary.constData(), target.constData()) != 0)
        return abandon(QStringLiteral("cannot save"));
    return QString();
}

} // namespace ocw
