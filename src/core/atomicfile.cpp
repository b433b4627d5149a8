// SPDX-License-Identifier: Apache-2.0
#include "atomicfile.h"

#include <QSaveFile>

#include <cerrno>
#include <cstring>

namespace ocw {

namespace {

// Qt reports some failures (a rename, a close) without a reason of its own; errno, read right at the
// failing call, still has it.
QString reasonFor(const QFileDevice &file, int errnoAtFailure)
{
    const QString qtReason = file.errorString();
    if (qtReason.isEmpty() || qtReason == u"Unknown error")
        return errnoAtFailure != 0 ? QString::fromLocal8Bit(std::strerror(errnoAtFailure)) : QStringLiteral("unknown reason");
    return qtReason;
}

QString failed(QSaveFile &file, const QString &what, int errnoAtFailure)
{
    const QString reason = reasonFor(file, errnoAtFailure);
    file.cancelWriting();
    return QStringLiteral("%1: %2: %3").arg(file.fileName(), what, reason);
}

} // namespace

QString writeFileAtomically(const QString &path, const QByteArray &bytes, FileReaders readers)
{
    // Unbuffered: every byte reaches the kernel inside the loop below, where a failure is seen. Buffered,
    // the last block would be written by commit()'s flush, whose failure Qt 6.4 ignores: it then renames a
    // truncated file over the original and reports success.
    QSaveFile file(path);
    errno = 0;
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return QStringLiteral("%1: cannot write: %2").arg(path, reasonFor(file, errno));
    if (readers == FileReaders::OwnerOnly) {
        errno = 0;
        if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return failed(file, QStringLiteral("cannot restrict to its owner"), errno);
    }
    // A short write is not an error to Qt; writing the rest makes the system say why it stopped.
    for (qint64 done = 0; done < bytes.size();) {
        errno = 0;
        const qint64 written = file.write(bytes.constData() + done, bytes.size() - done);
        if (written <= 0)
            return failed(file, QStringLiteral("cannot write"), errno);
        done += written;
    }
    errno = 0;
    if (!file.commit())
        return QStringLiteral("%1: cannot save: %2").arg(path, reasonFor(file, errno));
    return QString();
}

} // namespace ocw
