// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QSaveFile>
#include <QString>

#include <string_view>

namespace ocw {

// Who may read a written file. A file that can hold anything from a config (a header's value may be a
// credential) is the user's alone; a config keeps the permissions it had, or the umask's for a new one.
enum class FileReaders { Default, OwnerOnly };

// The one way the product writes a file, streamed: written piece by piece into a temporary file beside
// `path`, which commit() renames over it. Until commit() succeeds the file at `path` is the old one,
// untouched; a writer destroyed uncommitted (or after a failure) leaves no temporary behind. Failures are
// kept, so a caller can write on and ask once at the end: error() names the file and the system's reason
// ("No space left on device", "File too large"). Not thread-safe: one writer, one thread.
class AtomicFileWriter final
{
public:
    explicit AtomicFileWriter(const QString &path, FileReaders readers = FileReaders::Default);
    Q_DISABLE_COPY_MOVE(AtomicFileWriter)

    // Appends bytes; false once anything has failed.
    bool write(std::string_view bytes);
    bool write(const QByteArray &bytes) { return write(std::string_view(bytes.constData(), std::size_t(bytes.size()))); }
    // Writes what is buffered and puts the file in place; false (and error()) when it could not.
    bool commit();
    bool failed() const { return !m_error.isEmpty(); }
    QString error() const { return m_error; }
    qint64 bytesWritten() const { return m_total; }

private:
    bool flushBuffer();
    bool writeThrough(std::string_view bytes);
    bool fail(const QString &what);

    const QString m_path;
    QSaveFile m_file;
    std::string m_buffer; // gathered into large writes, since the file itself is unbuffered
    qint64 m_total = 0;
    QString m_error;
};

// A whole file at once, through AtomicFileWriter. Returns an empty string on success, otherwise the error.
QString writeFileAtomically(const QString &path, const QByteArray &bytes, FileReaders readers = FileReaders::Default);

} // namespace ocw
