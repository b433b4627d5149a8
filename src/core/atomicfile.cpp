// SPDX-License-Identifier: Apache-2.0
#include "atomicfile.h"

#include <QSaveFile>

namespace ocw {

namespace {

QString failure(const QString &path, const QString &what, const QFileDevice &file)
{
    return QStringLiteral("%1: %2: %3").arg(path, what, file.errorString());
}

} // namespace

QString writeFileAtomically(const QString &path, const QByteArray &bytes, FileReaders readers)
{
    // Every return before commit() leaves the original untouched: QSaveFile's destructor removes its
    // temporary file.
    QSaveFile file(path);
    // Unbuffered: every byte reaches the kernel inside the loop below, where a failure is seen. Buffered,
    // the last block would be written by commit()'s flush, whose failure Qt 6.4 ignores: it renames the
    // truncated temporary file over the original and reports success.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return failure(path, QStringLiteral("cannot write"), file);
    if (readers == FileReaders::OwnerOnly && !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return failure(path, QStringLiteral("cannot make it private to its owner"), file);
    // A short write is no error to Qt ("Unknown error"); writing on makes the system say why it stopped.
    for (qint64 done = 0; done < bytes.size();) {
        const qint64 written = file.write(bytes.constData() + done, bytes.size() - done);
        if (written <= 0)
            return failure(path, QStringLiteral("cannot write"), file);
        done += written;
    }
    if (!file.commit())
        return failure(path, QStringLiteral("cannot save"), file);
    return QString();
}

} // namespace ocw
