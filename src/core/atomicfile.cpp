// SPDX-License-Identifier: Apache-2.0
#include "atomicfile.h"

namespace ocw {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;
} // namespace

AtomicFileWriter::AtomicFileWriter(const QString &path, FileReaders readers) : m_path(path), m_file(path)
{
    // Unbuffered: every byte reaches the kernel in flushBuffer(), where a failure is seen. Buffered by Qt,
    // the last block would be written by commit()'s flush, whose failure Qt 6.4 ignores: it renames the
    // truncated temporary file over the original and reports success.
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        fail(QStringLiteral("cannot write"));
    else if (readers == FileReaders::OwnerOnly && !m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        fail(QStringLiteral("cannot make it private to its owner"));
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
    // A short write is no error to Qt ("Unknown error"); writing on makes the system say why it stopped.
    for (std::size_t done = 0; done < bytes.size();) {
        const qint64 written = m_file.write(bytes.data() + done, qint64(bytes.size() - done));
        if (written <= 0)
            return fail(QStringLiteral("cannot write"));
        done += std::size_t(written);
    }
    return true;
}

bool AtomicFileWriter::commit()
{
    if (failed() || !flushBuffer())
        return false;
    // Every failure before this leaves the original untouched: QSaveFile's destructor removes its temporary.
    return m_file.commit() || fail(QStringLiteral("cannot save"));
}

bool AtomicFileWriter::fail(const QString &what)
{
    if (m_error.isEmpty())
        m_error = QStringLiteral("%1: %2: %3").arg(m_path, what, m_file.errorString());
    m_file.cancelWriting();
    return false;
}

QString writeFileAtomically(const QString &path, const QByteArray &bytes, FileReaders readers)
{
    AtomicFileWriter file(path, readers);
    file.write(bytes);
    file.commit();
    return file.error();
}

} // namespace ocw
