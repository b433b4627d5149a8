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

constexpr std::size_t kBufferBytes = 1 << 20;

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

} // namespace

// Plain POSIX on the file's own bytes (nativePath), not QSaveFile: Qt 6.4's QSaveFile::commit() ignores a failed
// flush of its last buffered block (on a full disk it renamed an empty file over the user's config and reported
// success), and Qt cannot name a file whose name is not valid UTF-8. The content goes to a temporary file
// beside the target, reaches the disk (fsync), and only then replaces the target by rename(2), which is atomic.
AtomicFileWriter::AtomicFileWriter(const QString &path, FileReaders readers) : m_path(path)
{
    open(readers);
}

AtomicFileWriter::~AtomicFileWriter()
{
    discard();
}

void AtomicFileWriter::open(FileReaders readers)
{
    const QByteArray native = nativePath(m_path);
    struct stat existing {};
    const bool exists = ::stat(native.constData(), &existing) == 0;
    if (exists && S_ISDIR(existing.st_mode)) {
        fail(QStringLiteral("cannot write"), EISDIR);
        return;
    }
    if (exists && !S_ISREG(existing.st_mode)) {
        // A device or a pipe has nothing to keep, and renaming over /dev/null would put a regular file there.
        m_fd = ::open(native.constData(), O_WRONLY | O_CLOEXEC);
        if (m_fd < 0)
            fail(QStringLiteral("cannot write"), errno);
        return;
    }
    m_target = followLinks(native);
    if (exists && ::access(m_target.constData(), W_OK) != 0) {
        fail(QStringLiteral("cannot write"), errno);
        return;
    }
    // A private file is private from its first byte; a config keeps its permissions, a new file gets the umask's.
    const mode_t mode = readers == FileReaders::OwnerOnly ? 0600 : exists ? existing.st_mode & 07777 : 0666;
    m_fd = createTemporary(m_target, mode, m_temporary);
    if (m_fd < 0) {
        m_temporary.clear();
        fail(QStringLiteral("cannot write"), errno);
        return;
    }
    if ((exists || readers == FileReaders::OwnerOnly) && ::fchmod(m_fd, mode) != 0)
        fail(readers == FileReaders::OwnerOnly ? QStringLiteral("cannot make it private to its owner")
                                               : QStringLiteral("cannot keep its permissions"),
             errno);
}

bool AtomicFileWriter::write(std::string_view bytes)
{
    if (failed())
        return false;
    m_total += qint64(bytes.size());
    if (m_buffer.size() + bytes.size() < kBufferBytes) {
        m_buffer.append(bytes);
        return true;
    }
    return flushBuffer() && writeThrough(bytes); // a large piece is not copied into the buffer
}

bool AtomicFileWriter::flushBuffer()
{
    const bool ok = writeThrough(m_buffer);
    m_buffer.clear();
    return ok;
}

bool AtomicFileWriter::writeThrough(std::string_view bytes)
{
    for (std::size_t done = 0; done < bytes.size();) {
        const ssize_t written = ::write(m_fd, bytes.data() + done, bytes.size() - done);
        if (written < 0 && errno == EINTR)
            continue;
        // A short write is followed by one that fails with the system's reason.
        if (written <= 0)
            return fail(QStringLiteral("cannot write"), written == 0 ? EIO : errno);
        done += std::size_t(written);
    }
    return true;
}

bool AtomicFileWriter::commit()
{
    if (failed() || !flushBuffer())
        return false;
    if (m_temporary.isEmpty()) { // written through
        const int closed = ::close(m_fd);
        m_fd = -1;
        return closed == 0 || fail(QStringLiteral("cannot write"), errno);
    }
    if (::fsync(m_fd) != 0) // a delayed write error shows here or at close
        return fail(QStringLiteral("cannot save"), errno);
    const int closed = ::close(m_fd);
    m_fd = -1;
    if (closed != 0)
        return fail(QStringLiteral("cannot save"), errno);
    if (::rename(m_temporary.constData(), m_target.constData()) != 0)
        return fail(QStringLiteral("cannot save"), errno);
    m_temporary.clear(); // it is the target now
    return true;
}

bool AtomicFileWriter::fail(const QString &what, int error)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("%1: %2: %3").arg(displayPath(m_path), what, qt_error_string(error));
    discard();
    return false;
}

void AtomicFileWriter::discard()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
    if (!m_temporary.isEmpty())
        ::unlink(m_temporary.constData());
    m_temporary.clear();
}

QString writeFileAtomically(const QString &path, const QByteArray &bytes, FileReaders readers)
{
    AtomicFileWriter file(path, readers);
    file.write(bytes);
    file.commit();
    return file.error();
}

} // namespace ocw
