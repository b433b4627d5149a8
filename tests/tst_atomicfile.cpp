// SPDX-License-Identifier: Apache-2.0
#include "atomicfile.h"
#include "nativepath.h"
#include "filesizelimit.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ocw;

namespace {

const QByteArray kOriginal = "{\n  \"version\": 3,\n  \"extra_config\": {}\n}\n";

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeOriginal(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(kOriginal) == kOriginal.size();
}

// The permission bits as the system has them, which QFileInfo folds into owner/user flags.
unsigned modeBits(const QString &path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_mode & 07777 : 0;
}

} // namespace

class TestAtomicFile : public QObject
{
    Q_OBJECT

private slots:
    void aNewFileIsWrittenWhole()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("krakend.json"));
        QCOMPARE(writeFileAtomically(path, kOriginal), QString());
        QCOMPARE(contents(path), kOriginal);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("krakend.json")});
    }

    void aFailedWriteKeepsTheOriginalAndSaysWhy_data()
    {
        QTest::addColumn<rlim_t>("limit");
        QTest::addColumn<qsizetype>("size");
        // Smaller than QFileDevice's 16 KiB buffer: buffered, nothing would fail before commit()'s flush.
        QTest::addRow("small, nothing fits") << rlim_t(0) << qsizetype(2000);
        // Part of it fits: a short write, which Qt does not count as an error.
        QTest::addRow("small, part fits") << rlim_t(1000) << qsizetype(3000);
        QTest::addRow("large, part fits") << rlim_t(20000) << qsizetype(100000);
    }

    void aFailedWriteKeepsTheOriginalAndSaysWhy()
    {
        QFETCH(rlim_t, limit);
        QFETCH(qsizetype, size);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("krakend.json"));
        QVERIFY(writeOriginal(path));
        QString error;
        {
            const FileSizeLimit fileSizeLimit(limit);
            QVERIFY(fileSizeLimit.isSet());
            error = writeFileAtomically(path, QByteArray(size, 'x'));
        }
        QCOMPARE(error, path + QStringLiteral(": cannot write: File too large"));
        QCOMPARE(contents(path), kOriginal);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("krakend.json")});
    }

    // Streamed in many pieces, the file appears whole only at commit(): until then the original stays.
    void aStreamedFileAppearsWholeAtCommit()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("requests.bin"));
        QVERIFY(writeOriginal(path));
        const QByteArray piece(300000, 'r'); // pieces that fill the writer's block several times
        AtomicFileWriter file(path);
        for (int i = 0; i < 10; ++i)
            QVERIFY(file.write(piece));
        QCOMPARE(contents(path), kOriginal);
        QVERIFY(file.commit());
        QCOMPARE(contents(path), piece.repeated(10));
        QCOMPARE(file.bytesWritten(), 10 * piece.size());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("requests.bin")});
    }

    // A write that fails in the middle of the stream (a full disk) is kept: later writes and the commit fail
    // with the first reason, and the original stays as it was, with nothing beside it.
    void aStreamThatFailsMidwayKeepsTheOriginal()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("requests.bin"));
        QVERIFY(writeOriginal(path));
        const QByteArray piece(300000, 'r');
        {
            const FileSizeLimit fileSizeLimit(2000000);
            QVERIFY(fileSizeLimit.isSet());
            AtomicFileWriter file(path);
            int accepted = 0;
            for (int i = 0; i < 20 && file.write(piece); ++i)
                ++accepted;
            QVERIFY2(accepted > 3 && accepted < 20, "the failure comes in the middle of the stream");
            QVERIFY(file.failed());
            QVERIFY(!file.write(piece));
            QVERIFY(!file.commit());
            QCOMPARE(file.error(), path + QStringLiteral(": cannot write: File too large"));
        }
        QCOMPARE(contents(path), kOriginal);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("requests.bin")});
    }

    void aPathThatCannotBeCreatedIsNamedWithTheReason_data()
    {
        QTest::addColumn<QString>("relativePath");
        QTest::addColumn<QString>("reason");
        QTest::addRow("missing directory") << QStringLiteral("no-such-dir/report.json") << QStringLiteral("No such file or directory");
        QTest::addRow("a file as directory") << QStringLiteral("krakend.json/report.json") << QStringLiteral("Not a directory");
        QTest::addRow("a directory in the way") << QStringLiteral("sub") << QStringLiteral("Is a directory");
    }

    void aPathThatCannotBeCreatedIsNamedWithTheReason()
    {
        QFETCH(QString, relativePath);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        QVERIFY(writeOriginal(dir.filePath(QStringLiteral("krakend.json"))));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("sub")));
        const QString path = dir.filePath(relativePath);
        QCOMPARE(writeFileAtomically(path, kOriginal), path + QStringLiteral(": cannot write: ") + reason);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 (QStringList{QStringLiteral("krakend.json"), QStringLiteral("sub")}));
        QVERIFY(QDir(dir.filePath(QStringLiteral("sub"))).isEmpty());
    }

    void aReadOnlyDirectoryKeepsTheOriginal()
    {
        if (::geteuid() == 0)
            QSKIP("root writes into a read-only directory");
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("krakend.json"));
        QVERIFY(writeOriginal(path));
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const QString error = writeFileAtomically(path, "{}");
        QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
        QCOMPARE(error, path + QStringLiteral(": cannot write: Permission denied"));
        QCOMPARE(contents(path), kOriginal);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("krakend.json")});
    }

    void anOwnerOnlyFileIsTheUsersAlone()
    {
        QTemporaryDir dir;
        const QString created = dir.filePath(QStringLiteral("report.json"));
        QCOMPARE(writeFileAtomically(created, kOriginal, FileReaders::OwnerOnly), QString());
        QCOMPARE(modeBits(created), 0600u);
        // A file the user had left readable by others is not, once it holds a report.
        const QString replaced = dir.filePath(QStringLiteral("summary.json"));
        QVERIFY(writeOriginal(replaced));
        QVERIFY(::chmod(QFile::encodeName(replaced).constData(), 0644) == 0);
        QCOMPARE(writeFileAtomically(replaced, kOriginal, FileReaders::OwnerOnly), QString());
        QCOMPARE(modeBits(replaced), 0600u);
    }

    // A pipe or a device (--out /dev/null, /dev/stdout, a process substitution) is written through, and stays
    // what it was: replaced by rename, /dev/null would become a regular file for the whole machine.
    void aPipeIsWrittenThroughAndStaysAPipe()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("out.fifo"));
        QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        // A reader first, so that the writer's open does not wait for one; the pipe holds these few bytes.
        const int reader = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(reader >= 0);
        QCOMPARE(writeFileAtomically(path, kOriginal), QString());
        QByteArray received(kOriginal.size() + 16, '\0');
        const ssize_t length = ::read(reader, received.data(), size_t(received.size()));
        ::close(reader);
        QCOMPARE(received.left(length), kOriginal);
        struct stat st {};
        QVERIFY(::stat(QFile::encodeName(path).constData(), &st) == 0);
        QVERIFY(S_ISFIFO(st.st_mode));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::System | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("out.fifo")});
    }

    // Saving through a symbolic link changes the file it names and keeps the link.
    void aLinkStaysALink()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("real.json"));
        const QString link = dir.filePath(QStringLiteral("krakend.json"));
        QVERIFY(writeOriginal(target));
        QVERIFY(QFile::link(QStringLiteral("real.json"), link));
        QCOMPARE(writeFileAtomically(link, "{}"), QString());
        QVERIFY(QFileInfo(link).isSymLink());
        QCOMPARE(contents(target), QByteArray("{}"));
    }

    // A name that is not valid UTF-8 is written under its own bytes, not under a lossy decoding of them.
    void aNameThatIsNotUtf8KeepsItsBytes()
    {
        QTemporaryDir dir;
        const QByteArray name = "bad\xff\xfe-\xc3\xa9.json"; // two invalid bytes, then a valid "é"
        const QString path = pathFromNative(QFile::encodeName(dir.path()) + '/' + name);
        QCOMPARE(writeFileAtomically(path, kOriginal), QString());
        const QByteArray native = QFile::encodeName(dir.path()) + '/' + name;
        struct stat st {};
        QVERIFY(::stat(native.constData(), &st) == 0);
        QCOMPARE(qint64(st.st_size), qint64(kOriginal.size()));
        QCOMPARE(nativePath(path), native);
        QCOMPARE(displayPath(path), dir.path() + QStringLiteral("/bad\\xFF\\xFE-\u00e9.json"));
        QVERIFY(::unlink(native.constData()) == 0); // QTemporaryDir could not: Qt cannot name this file
    }

    void aConfigKeepsItsPermissions()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("krakend.json"));
        QVERIFY(writeOriginal(path));
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0640) == 0);
        QCOMPARE(writeFileAtomically(path, "{}"), QString());
        QCOMPARE(modeBits(path), 0640u);
        QCOMPARE(contents(path), QByteArray("{}"));
    }
};

QTEST_APPLESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
