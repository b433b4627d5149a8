// SPDX-License-Identifier: Apache-2.0
#include "atomicfile.h"
#include "config/configfile.h"
#include "quirkytrace.h"

#include "opencensus/proto/agent/metrics/v1/metrics_service.grpc.pb.h"
#include "opencensus/proto/agent/trace/v1/trace_service.grpc.pb.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QElapsedTimer>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <grpcpp/grpcpp.h>

#include <sys/stat.h>

// The command-line contract that scripts rely on: outputs and exit codes.
class TestCli : public QObject
{
    Q_OBJECT

    struct Result {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    Result cli(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(OCW_CLI_PATH), arguments);
        if (!process.waitForFinished(30000))
            return {};
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    // The CLI under a file-size limit (ulimit -f, in the shell's blocks): past it write() fails with EFBIG, a real
    // failure of the system call as a full disk's ENOSPC is, with no root and no mount.
    Result cliWithFileSizeLimit(int blocks, const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral("/bin/sh"), QStringList{QStringLiteral("-c"), QStringLiteral("ulimit -f %1; exec \"$0\" \"$@\"").arg(blocks),
                                                             QStringLiteral(OCW_CLI_PATH)}
                                                     + arguments);
        if (!process.waitForFinished(30000))
            return {};
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    // A directory of its own, so that a leftover (a temporary file, a partial output) shows.
    QString freshDirectory(const QString &name)
    {
        QDir(m_dir.path()).mkdir(name);
        return m_dir.filePath(name);
    }

    static QStringList entries(const QString &directory)
    {
        return QDir(directory).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    }

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            return QString();
        return path;
    }

    QByteArray base() { return ocw::ConfigFile::read(QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json")).bytes; }
    // The bundled config without its headers, whose warning (OCW214) would otherwise come with every file validated.
    QByteArray headerless()
    {
        QByteArray bytes = base();
        return bytes.replace(",\n          \"headers\": {\n            \"tenant\": \"team-a\"\n          }", "");
    }

    // Starts `ocworkbench-cli agent` on a free loopback port with `extra` options; returns its port, or 0.
    QByteArray startAgent(QProcess &agent, const QString &summary, const QStringList &extra = {})
    {
        agent.start(QStringLiteral(OCW_CLI_PATH), QStringList{QStringLiteral("agent"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                                              QStringLiteral("--duration"), QStringLiteral("60"), QStringLiteral("--summary"), summary}
                                                      + extra);
        if (!agent.waitForReadyRead(10000))
            return {};
        const QByteArray first = agent.readLine();
        return first.startsWith("LISTENING ") ? first.mid(10).trimmed() : QByteArray();
    }

    static QJsonObject readJson(const QString &file)
    {
        return QJsonDocument::fromJson(ocw::ConfigFile::read(file).bytes).object();
    }

    // The requests of a `generate --format binary` file, each as its bytes.
    static QList<QByteArray> delimitedRecords(const QByteArray &bytes)
    {
        QList<QByteArray> records;
        google::protobuf::io::CodedInputStream in(reinterpret_cast<const quint8 *>(bytes.constData()), int(bytes.size()));
        std::uint32_t size = 0;
        std::string record;
        while (in.ReadVarint32(&size) && in.ReadString(&record, int(size)))
            records.append(QByteArray::fromStdString(record));
        return records;
    }

    // A message's bytes with its map entries in key order: parsed maps keep no order of their own.
    static QByteArray deterministicBytes(const google::protobuf::Message &message)
    {
        std::string bytes;
        {
            google::protobuf::io::StringOutputStream stream(&bytes);
            google::protobuf::io::CodedOutputStream out(&stream);
            out.SetSerializationDeterministic(true);
            message.SerializeToCodedStream(&out);
        }
        return QByteArray::fromStdString(bytes);
    }

    // Every span of a `generate --format binary` trace file, as its bytes, with its trace id.
    static QList<std::pair<QByteArray, QByteArray>> spansOf(const QByteArray &bytes)
    {
        QList<std::pair<QByteArray, QByteArray>> spans;
        for (const QByteArray &record : delimitedRecords(bytes)) {
            opencensus::proto::agent::trace::v1::ExportTraceServiceRequest request;
            if (!request.ParseFromArray(record.constData(), int(record.size())))
                return {};
            for (const auto &span : request.spans())
                spans.append({QByteArray::fromStdString(span.trace_id()), deterministicBytes(span)});
        }
        return spans;
    }

    // A run report as `run` writes it, with only what merge-reports reads.
    static QByteArray shardReport(int index, int count, qint64 spans, const QString &seed = QStringLiteral("7"))
    {
        const QJsonObject report{{QStringLiteral("spans_generated"), spans},      {QStringLiteral("spans_sent"), spans - 2},
                                 {QStringLiteral("spans_dropped"), 2},            {QStringLiteral("points_generated"), 10},
                                 {QStringLiteral("points_sent"), 10},             {QStringLiteral("bytes_uncompressed"), 1000},
                                 {QStringLiteral("bytes_wire"), 250},             {QStringLiteral("bytes_wire_measured"), true},
                                 {QStringLiteral("dropped_by_reason"), QJsonObject{{QStringLiteral("queue_full"), 2}}},
                                 {QStringLiteral("started_at_unix_ms"), 1000000 + index * 100},
                                 {QStringLiteral("stopped_at_unix_ms"), 1002000 + index * 100},
                                 {QStringLiteral("load"), QJsonObject{{QStringLiteral("profile"), QStringLiteral("steady")},
                                                                      {QStringLiteral("seed"), seed}}},
                                 {QStringLiteral("shard"), QJsonObject{{QStringLiteral("index"), index}, {QStringLiteral("count"), count}}}};
        return QJsonDocument(report).toJson();
    }

    Result cliWithInput(const QStringList &arguments, const QByteArray &input)
    {
        QProcess process;
        process.start(QStringLiteral(OCW_CLI_PATH), arguments);
        process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(30000))
            return {};
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    QTemporaryDir m_dir;

private slots:
    void versionAndHelp()
    {
        const Result v = cli({QStringLiteral("--version")});
        QCOMPARE(v.exitCode, 0);
        QVERIFY(v.out.startsWith("OC Workbench "));
        QVERIFY(v.out.contains("gRPC"));
        for (const char *command : {"validate", "set", "export", "run", "agent", "generate", "merge-reports", "bench"}) {
            const Result h = cli({QString::fromLatin1(command), QStringLiteral("--help")});
            QCOMPARE(h.exitCode, 0);
            QVERIFY(h.out.contains("Usage:"));
        }
        QCOMPARE(cli({QStringLiteral("frobnicate")}).exitCode, 2);
        QCOMPARE(cli({}).exitCode, 2);
    }

    void validateExitCodesAndLines()
    {
        const QString good = write(QStringLiteral("good.json"), headerless());
        QByteArray broken = headerless();
        broken.replace("\"2s\"", "\"2 s\"");
        const QString bad = write(QStringLiteral("bad.json"), broken);
        QByteArray warned = headerless();
        warned.replace("\"insecure\": true", "\"insecure\": false");
        const QString warn = write(QStringLiteral("warn.json"), warned);

        QCOMPARE(cli({QStringLiteral("validate"), good}).exitCode, 0);
        const Result w = cli({QStringLiteral("validate"), warn});
        QCOMPARE(w.exitCode, 0);
        QVERIFY(w.out.contains(": warning: [OCW208]"));
        const Result b = cli({QStringLiteral("validate"), good, bad});
        QCOMPARE(b.exitCode, 1);
        QCOMPARE(b.out.count('\n'), 1);
        QVERIFY(b.out.startsWith((bad + QStringLiteral(":21:27: error: [OCW203] reconnection \"2 s\"")).toUtf8()));
        QVERIFY(b.out.trimmed().endsWith("(at /extra_config/telemetry~1opencensus/exporters/ocagent/reconnection)"));
        QCOMPARE(cli({QStringLiteral("validate"), bad, m_dir.filePath(QStringLiteral("missing.json"))}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("validate"), QStringLiteral("--format"), QStringLiteral("xml"), good}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("validate")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("validate"), m_dir.path()}).exitCode, 2);
    }

    // A file name is bytes: one that is not valid UTF-8 is opened and saved under its own bytes.
    void aFileNameThatIsNotUtf8IsOpened()
    {
        const QString dir = freshDirectory(QStringLiteral("not-utf8"));
        QFile::copy(QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"), dir + QStringLiteral("/plain.json"));
        // QProcess would encode the name lossily, as Qt decodes it: the shell's printf makes the raw byte.
        const auto viaShell = [&](const QString &script) {
            QProcess process;
            process.setWorkingDirectory(dir);
            process.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), script, QStringLiteral(OCW_CLI_PATH)});
            process.waitForFinished(30000);
            return Result{process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
        };
        QCOMPARE(viaShell(QStringLiteral("mv plain.json \"$(printf 'bad\\377.json')\"")).exitCode, 0);
        const Result validated = viaShell(QStringLiteral("exec \"$0\" validate \"$(printf 'bad\\377.json')\""));
        QVERIFY2(validated.exitCode == 0, validated.err.constData());
        const Result set = viaShell(QStringLiteral("exec \"$0\" set \"$(printf 'bad\\377.json')\" sample_rate=7"));
        QVERIFY2(set.exitCode == 0, set.err.constData());
        // Saved in place, under the same name (Qt lists no such name, so the shell looks), then removed by the
        // shell too: QTemporaryDir could not remove it.
        const Result listed = viaShell(QStringLiteral("ls -A; grep -c '\"sample_rate\": 7' \"$(printf 'bad\\377.json')\" "
                                                      "&& rm \"$(printf 'bad\\377.json')\""));
        QCOMPARE(listed.out, QByteArray("bad\xff.json\n1\n"));
        const Result missing = viaShell(QStringLiteral("exec \"$0\" validate \"$(printf 'gone\\376.json')\""));
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("gone\\xFE.json: no such file"), missing.err.constData());
    }

    // Reading a FIFO blocks until a writer comes; a device or socket is no config either: each is refused at once.
    void specialFilesAreRefusedAtOnce_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("fifo") << QStringLiteral("fifo") << QByteArray("is a named pipe (FIFO), not a config file");
        QTest::newRow("socket") << QStringLiteral("socket") << QByteArray("is a socket, not a config file");
        QTest::newRow("device") << QStringLiteral("device") << QByteArray("is a character device, not a config file");
    }

    void specialFilesAreRefusedAtOnce()
    {
        QFETCH(QString, kind);
        QFETCH(QByteArray, expected);
        QString path = QStringLiteral("/dev/zero"); // reading it would never end: it must not be read
        QLocalServer server;
        QTemporaryDir dir; // what the test makes goes in here, removed with it; never remove a device
        if (kind == u"fifo") {
            path = dir.filePath(QStringLiteral("config.fifo"));
            QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        } else if (kind == u"socket") {
            path = dir.filePath(QStringLiteral("config.sock"));
            server.setSocketOptions(QLocalServer::UserAccessOption);
            QVERIFY(server.listen(path));
        }
        for (const QStringList &command : {QStringList{QStringLiteral("validate"), path},
                                           QStringList{QStringLiteral("set"), path, QStringLiteral("sample_rate=5")}}) {
            QElapsedTimer clock;
            clock.start();
            const Result r = cli(command);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(QByteArray(path.toUtf8() + ": " + expected)), r.err.constData());
            QVERIFY(clock.elapsed() < 10000);
        }
    }

    void validateJson()
    {
        QByteArray broken = headerless();
        broken.replace("\"sample_rate\": 100", "\"sample_rate\": 101");
        const QString bad = write(QStringLiteral("bad-rate.json"), broken);
        const Result r = cli({QStringLiteral("validate"), QStringLiteral("--format"), QStringLiteral("json"), bad});
        QCOMPARE(r.exitCode, 1);
        const QJsonArray array = QJsonDocument::fromJson(r.out).array();
        QCOMPARE(array.size(), 1);
        const QJsonObject o = array.first().toObject();
        QCOMPARE(o.value(u"file").toString(), bad);
        QCOMPARE(o.value(u"severity").toString(), QStringLiteral("error"));
        QCOMPARE(o.value(u"rule").toString(), QStringLiteral("OCW110"));
        QCOMPARE(o.value(u"line").toInt(), 10);
        QCOMPARE(o.value(u"column").toInt(), 22);
        QCOMPARE(o.value(u"pointer").toString(), QStringLiteral("/extra_config/telemetry~1opencensus/sample_rate"));
        QVERIFY(!o.value(u"message").toString().isEmpty());
    }

    void setChangesOnlyTheValue()
    {
        QByteArray crlf = base();
        crlf.replace("\n", "\r\n");
        const QString path = write(QStringLiteral("set.json"), crlf);
        const Result r = cli({QStringLiteral("set"), path, QStringLiteral("exporters/ocagent/reconnection=\"5s\""),
                              QStringLiteral("/extra_config/telemetry~1opencensus/sample_rate=25")});
        QCOMPARE(r.exitCode, 0);
        QByteArray expected = crlf;
        expected.replace("\"2s\"", "\"5s\"").replace("\"sample_rate\": 100", "\"sample_rate\": 25");
        QCOMPARE(ocw::ConfigFile::read(path).bytes, expected);
    }

    void setRefusesAResultWithErrors()
    {
        const QString path = write(QStringLiteral("refuse.json"), base());
        const Result r = cli({QStringLiteral("set"), path, QStringLiteral("exporters/ocagent/address=\"nohost\"")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("OCW201"));
        QCOMPARE(ocw::ConfigFile::read(path).bytes, base());
        const Result deep = cli({QStringLiteral("set"), path, QStringLiteral("/a").repeated(1002) + QStringLiteral("=1")});
        QCOMPARE(deep.exitCode, 1);
        QVERIFY2(deep.err.contains("deeper than 1000 levels; no KrakenD config needs that; nothing changed"), deep.err.constData());
        QCOMPARE(cli({QStringLiteral("set"), path, QStringLiteral("sample_rate=abc")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("set"), path}).exitCode, 2);
        QCOMPARE(ocw::ConfigFile::read(path).bytes, base());
    }

    void setWithOutLeavesTheSource()
    {
        const QString path = write(QStringLiteral("src.json"), base());
        const QString out = m_dir.filePath(QStringLiteral("out.json"));
        QCOMPARE(cli({QStringLiteral("set"), path, QStringLiteral("sample_rate=5"), QStringLiteral("--out"), out}).exitCode, 0);
        QCOMPARE(ocw::ConfigFile::read(path).bytes, base());
        QVERIFY(ocw::ConfigFile::read(out).bytes.contains("\"sample_rate\": 5,"));
    }

    // A set that cannot be written (a full disk, a file-size limit) says so, exits 1 and leaves the user's file
    // byte for byte as it was: never "wrote" over an empty file.
    void aSetThatCannotBeWrittenKeepsTheFile_data()
    {
        QTest::addColumn<bool>("inPlace");
        QTest::addColumn<int>("blocks");
        QTest::addRow("in place, part fits") << true << 1; // 512 or 1024 bytes of the 1 KiB config
        QTest::addRow("in place, nothing fits") << true << 0;
        QTest::addRow("--out") << false << 0;
    }

    void aSetThatCannotBeWrittenKeepsTheFile()
    {
        QFETCH(bool, inPlace);
        QFETCH(int, blocks);
        const QString dir = freshDirectory(QStringLiteral("set-limited-%1-%2").arg(int(inPlace)).arg(blocks));
        const QString path = dir + QStringLiteral("/krakend.json");
        QVERIFY(ocw::writeFileAtomically(path, base()).isEmpty());
        const QString target = inPlace ? path : dir + QStringLiteral("/out.json");
        QStringList arguments{QStringLiteral("set"), path, QStringLiteral("sample_rate=5")};
        if (!inPlace)
            arguments << QStringLiteral("--out") << target;
        const Result r = cliWithFileSizeLimit(blocks, arguments);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains((target + QStringLiteral(": cannot write: File too large")).toUtf8()), r.err.constData());
        QVERIFY(!r.err.contains("wrote"));
        QCOMPARE(ocw::ConfigFile::read(path).bytes, base());
        QCOMPARE(entries(dir), QStringList{QStringLiteral("krakend.json")});
    }

    void anExportThatCannotBeWrittenLeavesNothing()
    {
        const QString dir = freshDirectory(QStringLiteral("export-limited"));
        const QString out = dir + QStringLiteral("/snippet.json");
        const Result r = cliWithFileSizeLimit(0, {QStringLiteral("export"), write(QStringLiteral("export-src.json"), headerless()),
                                                  QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains((out + QStringLiteral(": cannot write: File too large")).toUtf8()), r.err.constData());
        QCOMPARE(entries(dir), QStringList());
    }

    // A report or a summary that cannot be written fails the command, leaves no partial file, and is not lost:
    // it goes to stdout instead.
    void aReportAndASummaryThatCannotBeWrittenGoToStdout()
    {
        const QString dir = freshDirectory(QStringLiteral("report-limited"));
        const QString summary = dir + QStringLiteral("/summary.json");
        const Result agent = cliWithFileSizeLimit(0, {QStringLiteral("agent"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                                      QStringLiteral("--duration"), QStringLiteral("1"), QStringLiteral("--summary"), summary});
        QCOMPARE(agent.exitCode, 1);
        QVERIFY2(agent.err.contains((summary + QStringLiteral(": cannot write: File too large")).toUtf8()), agent.err.constData());
        QVERIFY(QJsonDocument::fromJson(agent.out.mid(agent.out.indexOf('{'))).object().contains(u"spans"));

        QProcess listening;
        const QByteArray port = startAgent(listening, m_dir.filePath(QStringLiteral("report-limited-agent.json")));
        QVERIFY(port.toInt() > 0);
        const QString report = dir + QStringLiteral("/report.json");
        const Result run = cliWithFileSizeLimit(0, {QStringLiteral("run"), QStringLiteral("--config"), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"),
                                                    QStringLiteral("--address"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(port),
                                                    QStringLiteral("--duration"), QStringLiteral("1"), QStringLiteral("--report"), report});
        listening.terminate();
        QVERIFY(listening.waitForFinished(10000));
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains((report + QStringLiteral(": cannot write: File too large")).toUtf8()), run.err.constData());
        QVERIFY(QJsonDocument::fromJson(run.out).object().contains(u"spans_sent"));
        QCOMPARE(entries(dir), QStringList());
    }

    // A CI pipeline gates on thresholds: each is in the report with its value, a failed one makes exit status 3,
    // a key the report lacks fails, and an expression that is not KEY OP NUMBER is a usage error before any run.
    void thresholdsGateTheExitStatus()
    {
        QProcess listening;
        const QByteArray port = startAgent(listening, m_dir.filePath(QStringLiteral("thresholds-agent.json")));
        QVERIFY(port.toInt() > 0);
        const auto runWith = [&](const QStringList &thresholds, const QString &report) {
            QStringList arguments{QStringLiteral("run"), QStringLiteral("--config"), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"),
                                  QStringLiteral("--address"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(port),
                                  QStringLiteral("--rate"), QStringLiteral("200"), QStringLiteral("--duration"), QStringLiteral("1"),
                                  QStringLiteral("--report"), report};
            for (const QString &threshold : thresholds)
                arguments << QStringLiteral("--threshold") << threshold;
            return cli(arguments);
        };
        const QString passing = m_dir.filePath(QStringLiteral("thresholds-passing.json"));
        const Result passed = runWith({QStringLiteral("spans_dropped_ratio <= 0.001"), QStringLiteral("spans_generated>0"),
                                       QStringLiteral("dropped_by_reason.queue_full == 0")},
                                      passing);
        QVERIFY2(passed.exitCode == 0, passed.err.constData());
        const QJsonArray results = readJson(passing).value(u"thresholds").toArray();
        QCOMPARE(results.size(), 3);
        QCOMPARE(results.at(0).toObject().value(u"expr").toString(), QStringLiteral("spans_dropped_ratio <= 0.001"));
        QCOMPARE(results.at(0).toObject().value(u"value").toDouble(), 0.0);
        QVERIFY(results.at(1).toObject().value(u"value").toDouble() > 0);
        for (const QJsonValue &result : results)
            QVERIFY(result.toObject().value(u"passed").toBool());

        const QString failing = m_dir.filePath(QStringLiteral("thresholds-failing.json"));
        const Result failed = runWith({QStringLiteral("spans_generated < 1"), QStringLiteral("no_such_key >= 0")}, failing);
        listening.terminate();
        QVERIFY(listening.waitForFinished(10000));
        QCOMPARE(failed.exitCode, 3);
        QVERIFY2(failed.err.contains("threshold spans_generated < 1: "), failed.err.constData());
        QVERIFY(failed.err.contains("threshold no_such_key >= 0: not in the report, FAILED"));
        const QJsonArray failedResults = readJson(failing).value(u"thresholds").toArray();
        QCOMPARE(failedResults.size(), 2);
        QVERIFY(!failedResults.at(0).toObject().value(u"passed").toBool());
        QVERIFY(failedResults.at(1).toObject().value(u"value").isNull());

        for (const QString &bad : {QStringLiteral("spans_sent"), QStringLiteral("spans_sent <> 3"), QStringLiteral("spans_sent < nan"),
                                   QStringLiteral("<= 3")}) {
            const Result usage = cli({QStringLiteral("run"), QStringLiteral("--config"), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"),
                                      QStringLiteral("--threshold"), bad});
            QCOMPARE(usage.exitCode, 2);
            QVERIFY2(usage.err.contains(QByteArray(QByteArray("threshold \"") + bad.toUtf8() + '"')), usage.err.constData());
        }
    }

    // Header values are often credentials. KrakenD reads `headers` whatever its case (Go's decoder ignores
    // case), in either namespace: no output, diagnostic or report may show a value, string or not.
    void noHeaderValueInAnyOutput_data()
    {
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QString>("exporters");
        QTest::addColumn<QString>("ocagent");
        QTest::addColumn<QString>("headers");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("secret");
        const QString v1 = QStringLiteral("github_com/devopsfaith/krakend-opencensus");
        const QString v2 = QStringLiteral("telemetry/opencensus");
        const QByteArray bearer = "\"Bearer s3cr3t-t0k3n\"";
        const QByteArray token = "s3cr3t-t0k3n";
        for (const QString &ns : {v1, v2}) {
            const QString tag = ns == v1 ? QStringLiteral("v1 ") : QStringLiteral("v2 ");
            for (const char *key : {"headers", "Headers", "HEADERS", "headerſ"})
                QTest::addRow("%s%s string", qPrintable(tag), key) << ns << "exporters" << "ocagent" << key << bearer << token;
            QTest::addRow("%sExporters OCAGENT Headers", qPrintable(tag)) << ns << "Exporters" << "OCAGENT" << "Headers" << bearer << token;
            QTest::addRow("%sarray", qPrintable(tag)) << ns << "exporters" << "ocagent" << "Headers" << "[" + bearer + "]" << token;
            QTest::addRow("%snumber", qPrintable(tag)) << ns << "exporters" << "ocagent" << "HEADERS" << QByteArray("271828182845") << QByteArray("271828182845");
            QTest::addRow("%sobject", qPrintable(tag)) << ns << "exporters" << "ocagent" << "headers" << "{\"v\": " + bearer + "}" << token;
        }
    }

    void noHeaderValueInAnyOutput()
    {
        QFETCH(QString, ns);
        QFETCH(QString, exporters);
        QFETCH(QString, ocagent);
        QFETCH(QString, headers);
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, secret);
        const QString socket = m_dir.filePath(QStringLiteral("nobody-listens.sock"));
        const QByteArray config = QStringLiteral("{\n  \"version\": %1,\n  \"extra_config\": {\n    \"%2\": {\n      \"sample_rate\": 100,\n"
                                                 "      \"%3\": {\n        \"%4\": {\n          \"address\": \"unix:%5\",\n"
                                                 "          \"service_name\": \"krakend\",\n          \"insecure\": true,\n"
                                                 "          \"%6\": {\"authorization\": ")
                                      .arg(ns.startsWith(u"telemetry") ? 3 : 2)
                                      .arg(ns, exporters, ocagent, socket, headers)
                                      .toUtf8()
                                  + value + "}\n        }\n      }\n    }\n  }\n}\n";
        const QString file = write(QStringLiteral("secret.json"), config);
        const QString report = m_dir.filePath(QStringLiteral("secret-report.json"));
        QFile::remove(report);
        const QString headersPointer = exporters + u'/' + ocagent + u'/' + headers + QStringLiteral("/authorization");

        // Every writer of text about this config: validation, editing (diagnostics, a value that is not JSON), the run's report.
        const QList<QStringList> commands{
            {QStringLiteral("validate"), file},
            {QStringLiteral("validate"), QStringLiteral("--format"), QStringLiteral("json"), file},
            {QStringLiteral("set"), file, QStringLiteral("sample_rate=50"), QStringLiteral("--out"), m_dir.filePath(QStringLiteral("secret-out.json"))},
            {QStringLiteral("set"), file, headersPointer + u'=' + QString::fromUtf8(secret)},
            {QStringLiteral("run"), QStringLiteral("--config"), file, QStringLiteral("--duration"), QStringLiteral("0.2"),
             QStringLiteral("--drain-timeout"), QStringLiteral("0"), QStringLiteral("--report"), report},
        };
        for (const QStringList &command : commands) {
            const Result r = cli(command);
            QVERIFY2(r.exitCode >= 0, qPrintable(command.join(u' ')));
            QVERIFY2(!r.out.contains(secret), qPrintable(command.join(u' ') + u'\n' + QString::fromUtf8(r.out)));
            QVERIFY2(!r.err.contains(secret), qPrintable(command.join(u' ') + u'\n' + QString::fromUtf8(r.err)));
        }
        const bool stringValue = value.startsWith('"');
        QCOMPARE(QFileInfo::exists(report), stringValue); // the other values are errors: nothing runs
        if (stringValue) {
            const QByteArray written = ocw::ConfigFile::read(report).bytes;
            QVERIFY2(!written.contains(secret), written.constData());
            QVERIFY(written.contains("\"authorization\": \"***\""));
        }
        QCOMPARE(ocw::ConfigFile::read(file).bytes, config); // the config itself keeps its value for KrakenD
    }

    // The agent names its violations and quirks on its progress line as they come, not only in the summary.
    void agentReportsViolationsAndQuirksAsTheyCome()
    {
        QProcess agent;
        const QString summary = m_dir.filePath(QStringLiteral("quirks-summary.json"));
        const QByteArray port = startAgent(agent, summary, {QStringLiteral("--require-header"), QStringLiteral("tenant=team-a")});
        QVERIFY(port.toInt() > 0);
        const auto channel = grpc::CreateChannel("127.0.0.1:" + port.toStdString(), grpc::InsecureChannelCredentials());

        // As KrakenD's exporter sends it, the header on the trace stream only (see quirkyTrace() for the rest).
        grpc::ClientContext traceContext;
        traceContext.AddMetadata("tenant", "team-a");
        auto traceStream = opencensus::proto::agent::trace::v1::TraceService::NewStub(channel)->Export(&traceContext);
        QVERIFY(traceStream->Write(quirkyTrace()));
        traceStream->WritesDone();
        QVERIFY(traceStream->Finish().ok());
        grpc::ClientContext metricsContext;
        auto metricsStream = opencensus::proto::agent::metrics::v1::MetricsService::NewStub(channel)->Export(&metricsContext);
        metricsStream->WritesDone();
        QCOMPARE(metricsStream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);

        // The agent runs on: a progress line names them.
        const QByteArray expected = "| violations: end_before_start 1 | quirks: node_host_name_empty 1, root_parent_all_zero 1, "
                                    "stream_without_required_header 1\n";
        QByteArray progress;
        QDeadlineTimer deadline(10000);
        while (!progress.contains(expected) && !deadline.hasExpired() && agent.state() == QProcess::Running) {
            agent.waitForReadyRead(200);
            progress += agent.readAllStandardError();
        }
        QVERIFY2(progress.contains(expected), progress.constData());
        agent.terminate();
        QVERIFY(agent.waitForFinished(10000));

        const QJsonObject a = readJson(summary);
        QCOMPARE(a.value(u"violations").toObject(), (QJsonObject{{QStringLiteral("end_before_start"), 1}}));
        QCOMPARE(a.value(u"quirks").toObject(), (QJsonObject{{QStringLiteral("node_host_name_empty"), 1},
                                                             {QStringLiteral("root_parent_all_zero"), 1},
                                                             {QStringLiteral("stream_without_required_header"), 1}}));
        QCOMPARE(a.value(u"quirks_total").toInteger(), 3);
        QCOMPARE(a.value(u"rejected_unauthenticated").toInteger(), 1);
        // Every metric type is named, with none received.
        const QJsonObject byType = a.value(u"metrics_by_type").toObject();
        QCOMPARE(byType.keys(), (QStringList{QStringLiteral("cumulative_distribution"), QStringLiteral("cumulative_double"),
                                             QStringLiteral("cumulative_int64"), QStringLiteral("gauge_distribution"),
                                             QStringLiteral("gauge_double"), QStringLiteral("gauge_int64"), QStringLiteral("summary")}));
        for (const QJsonValue &count : byType)
            QCOMPARE(count.toInteger(), 0);
    }

    // sender -> agent --forward --record (a process) -> agent (another): equal counts at each hop, summaries
    // that say so, and usage errors for what does not go together.
    void agentForwardsAndRecordsAcrossProcesses()
    {
        QCOMPARE(cli({QStringLiteral("agent"), QStringLiteral("--forward-insecure")}).exitCode, 2);
        const Result noPort = cli({QStringLiteral("agent"), QStringLiteral("--forward"), QStringLiteral("collector")});
        QCOMPARE(noPort.exitCode, 2);
        QVERIFY(noPort.err.contains("--forward: the upstream address \"collector\" has no port"));

        QProcess upstream;
        const QString upstreamSummary = m_dir.filePath(QStringLiteral("upstream-summary.json"));
        const QByteArray upstreamPort = startAgent(upstream, upstreamSummary);
        QVERIFY(upstreamPort.toInt() > 0);
        QProcess tap;
        const QString tapSummary = m_dir.filePath(QStringLiteral("tap-summary.json"));
        const QString recording = m_dir.filePath(QStringLiteral("tap-recording"));
        const QByteArray tapPort = startAgent(tap, tapSummary,
                                              {QStringLiteral("--forward"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(upstreamPort),
                                               QStringLiteral("--forward-insecure"), QStringLiteral("--record"), recording});
        QVERIFY(tapPort.toInt() > 0);

        const QString report = m_dir.filePath(QStringLiteral("tapped-run.json"));
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--config"), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"),
                      QStringLiteral("--address"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(tapPort), QStringLiteral("--fidelity"),
                      QStringLiteral("improved"), QStringLiteral("--duration"), QStringLiteral("2"), QStringLiteral("--rate"),
                      QStringLiteral("2000"), QStringLiteral("--drain-timeout"), QStringLiteral("60"), QStringLiteral("--report"), report})
                     .exitCode,
                 0);
        tap.terminate(); // forwards what it buffers, closes the recording, writes its summary
        QVERIFY(tap.waitForFinished(20000));
        QCOMPARE(tap.exitCode(), 0);
        upstream.terminate();
        QVERIFY(upstream.waitForFinished(10000));

        const QJsonObject r = readJson(report);
        const QJsonObject t = readJson(tapSummary);
        const QJsonObject u = readJson(upstreamSummary);
        const qint64 sent = r.value(u"spans_sent").toInteger();
        QVERIFY(sent >= 2000);
        QCOMPARE(t.value(u"spans").toInteger(), sent);
        const QJsonObject forwarded = t.value(u"forward").toObject().value(u"spans").toObject();
        QCOMPARE(forwarded.value(u"received").toInteger(), sent);
        QCOMPARE(forwarded.value(u"confirmed").toInteger(), sent);
        QCOMPARE(forwarded.value(u"dropped").toInteger(), 0);
        QCOMPARE(u.value(u"spans").toInteger(), sent);
        QCOMPARE(u.value(u"points").toInteger(), r.value(u"points_sent").toInteger());
        QCOMPARE(u.value(u"violations_total").toInteger(), 0);
        const QJsonObject recorded = t.value(u"record").toObject();
        QCOMPARE(recorded.value(u"spans").toInteger(), sent);
        QCOMPARE(recorded.value(u"points").toInteger(), r.value(u"points_sent").toInteger());
        QCOMPARE(recorded.value(u"error").toString(), QString());
        QVERIFY(QFileInfo(recording).size() > 0 && QFileInfo(recording + QStringLiteral(".metrics")).size() > 0);
    }

    // A recording that hits a file-size limit (a full disk, as far as the agent can tell) is reported, named,
    // and the agent exits 1; it goes on counting what it receives.
    void aRecordingThatCannotBeWrittenFailsTheAgent()
    {
        QProcess tap;
        const QString summary = m_dir.filePath(QStringLiteral("limited-summary.json"));
        const QString recording = m_dir.filePath(QStringLiteral("limited-recording"));
        tap.start(QStringLiteral("/bin/sh"),
                  {QStringLiteral("-c"), QStringLiteral("ulimit -f 20; exec \"$0\" \"$@\""), QStringLiteral(OCW_CLI_PATH),
                   QStringLiteral("agent"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--duration"),
                   QStringLiteral("60"), QStringLiteral("--summary"), summary, QStringLiteral("--record"), recording});
        QVERIFY(tap.waitForReadyRead(10000));
        const QByteArray port = tap.readLine().mid(10).trimmed();
        QVERIFY(port.toInt() > 0);
        const QString report = m_dir.filePath(QStringLiteral("limited-run.json"));
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--config"), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"),
                      QStringLiteral("--address"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(port), QStringLiteral("--duration"),
                      QStringLiteral("1"), QStringLiteral("--rate"), QStringLiteral("3000"), QStringLiteral("--drain-timeout"),
                      QStringLiteral("60"), QStringLiteral("--report"), report})
                     .exitCode,
                 0);
        tap.terminate();
        QVERIFY(tap.waitForFinished(20000));
        QCOMPARE(tap.exitCode(), 1);
        QVERIFY2(tap.readAllStandardError().contains((recording + QStringLiteral(": cannot write the recording: File too large")).toUtf8()),
                 "the error names the file and the reason");
        const QJsonObject a = readJson(summary);
        const QJsonObject recorded = a.value(u"record").toObject();
        QVERIFY(recorded.value(u"error").toString().contains(recording));
        QVERIFY(recorded.value(u"not_recorded").toObject().value(u"spans").toInteger() > 0);
        QCOMPARE(a.value(u"spans").toInteger(), readJson(report).value(u"spans_sent").toInteger()); // the agent lost nothing
        QVERIFY(QFileInfo(recording).size() <= 20 * 1024);
    }

    void agentAndRunAgree()
    {
        QProcess agent;
        const QString summary = m_dir.filePath(QStringLiteral("agent-summary.json"));
        const QByteArray port = startAgent(agent, summary);
        QVERIFY(port.toInt() > 0);

        const QString report = m_dir.filePath(QStringLiteral("run-report.json"));
        const Result run = cli({QStringLiteral("run"), QStringLiteral("--config"), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"),
                                QStringLiteral("--address"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(port),
                                QStringLiteral("--duration"), QStringLiteral("2"), QStringLiteral("--rate"), QStringLiteral("3000"),
                                QStringLiteral("--drain-timeout"), QStringLiteral("60"), QStringLiteral("--report"), report});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.err.contains(" s connected | spans "));
        QVERIFY(run.err.contains("run: stopping: sending what is queued"));
        agent.terminate(); // SIGTERM ends the agent cleanly, with its summary
        QVERIFY(agent.waitForFinished(10000));
        QCOMPARE(agent.exitCode(), 0);

        const QJsonObject r = readJson(report);
        const QJsonObject a = readJson(summary);
        for (const char *key : {"spans_generated", "spans_sent", "spans_unconfirmed", "spans_in_flight", "spans_dropped",
                                "dropped_by_reason", "spans_queued_at_stop", "spans_written", "points_generated", "points_sent",
                                "points_unconfirmed", "points_dropped", "points_queued_at_stop", "requests_sent", "delivery", "drain",
                                "connection_log", "bytes_uncompressed", "bytes_wire", "bytes_wire_measured", "compression_ratio",
                                "reconnection_attempts", "reconnections", "connected_seconds", "duration_s", "spans_per_second",
                                "config", "options"})
            QVERIFY2(r.contains(QLatin1String(key)), key);
        QVERIFY(r.value(u"spans_sent").toInteger() >= 3000);
        // No fault: the agent in the other process read exactly what the report calls sent.
        QCOMPARE(a.value(u"spans").toInteger(), r.value(u"spans_sent").toInteger());
        QCOMPARE(a.value(u"points").toInteger(), r.value(u"points_sent").toInteger());
        QCOMPARE(r.value(u"spans_sent").toInteger(), r.value(u"spans_generated").toInteger());
        QCOMPARE(r.value(u"drain").toObject().value(u"outcome").toString(), QStringLiteral("clean"));
        QVERIFY(r.value(u"bytes_wire_measured").toBool());
        QCOMPARE(a.value(u"violations_total").toInteger(), 0);
        // Header values never reach the report: they may be credentials.
        QVERIFY(!ocw::ConfigFile::read(report).bytes.contains("team-a"));
        QCOMPARE(a.value(u"header_names").toArray().first().toString(), QStringLiteral("tenant"));
        // What a config may have put in them is the user's alone.
        const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
        QCOMPARE(QFile::permissions(report) & others, QFileDevice::Permissions());
        QCOMPARE(QFile::permissions(summary) & others, QFileDevice::Permissions());
    }

    // Against an agent in another process, with faults and with a backlog at the stop, every number of the
    // report stays true: the agent read all that was sent and at most what was written besides, and the
    // report's buckets add up.
    void reportStaysTrueAgainstAnotherProcess_data()
    {
        QTest::addColumn<QStringList>("agentOptions");
        QTest::addColumn<QStringList>("runOptions");
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<QString>("drain");
        // The config retries every 2 s: without jitter, the exporter is back before the 3 s run ends.
        QTest::addRow("streams closed every second") << QStringList{QStringLiteral("--fault-close-every"), QStringLiteral("1")}
                                                     << QStringList{QStringLiteral("--rate"), QStringLiteral("5000"), QStringLiteral("--no-jitter")}
                                                     << true << QString();
        // Without gzip, gRPC's windows and the sockets fill within the run however slow the machine; an agent
        // that reads a message every 200 ms frees room for at most 600 spans within the 0.3 s drain, so a
        // backlog is left queued at the stop.
        QTest::addRow("slow agent, backlog at the stop")
            << QStringList{QStringLiteral("--fault-read-delay-ms"), QStringLiteral("200")}
            << QStringList{QStringLiteral("--rate"), QStringLiteral("150000"), QStringLiteral("--drain-timeout"), QStringLiteral("0.3")}
            << false << QStringLiteral("deadline");
        QTest::addRow("agent that never reads")
            << QStringList{QStringLiteral("--fault-read-delay-ms"), QStringLiteral("3600000")}
            << QStringList{QStringLiteral("--rate"), QStringLiteral("150000"), QStringLiteral("--drain-timeout"), QStringLiteral("0.5")}
            << false << QStringLiteral("deadline");
    }

    void reportStaysTrueAgainstAnotherProcess()
    {
        QFETCH(QStringList, agentOptions);
        QFETCH(QStringList, runOptions);
        QFETCH(bool, gzip);
        QFETCH(QString, drain);
        QByteArray config = base();
        if (!gzip)
            config.replace("\"enable_compression\": true", "\"enable_compression\": false");
        const QString configFile = write(QStringLiteral("faulty-run.json"), config);
        QProcess agent;
        const QString summary = m_dir.filePath(QStringLiteral("faulty-agent-summary.json"));
        const QByteArray port = startAgent(agent, summary, agentOptions);
        QVERIFY(port.toInt() > 0);
        const QString report = m_dir.filePath(QStringLiteral("faulty-run-report.json"));
        const Result run = cli(QStringList{QStringLiteral("run"), QStringLiteral("--config"), configFile,
                                           QStringLiteral("--address"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(port),
                                           QStringLiteral("--duration"), QStringLiteral("3"), QStringLiteral("--queue-items"),
                                           QStringLiteral("5000"), QStringLiteral("--report"), report}
                               + runOptions);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        agent.terminate();
        QVERIFY(agent.waitForFinished(10000));
        const QJsonObject r = readJson(report);
        const QJsonObject a = readJson(summary);
        const auto n = [&](const char *key) { return r.value(QLatin1String(key)).toInteger(); };
        const qint64 cancelled = r.value(u"dropped_by_reason").toObject().value(u"cancelled_at_stop").toInteger();
        QVERIFY(n("spans_written") > 0);
        QCOMPARE(n("spans_in_flight"), 0);
        QCOMPARE(n("spans_generated"), n("spans_sent") + n("spans_unconfirmed") + n("spans_dropped") + n("spans_queued_at_stop"));
        QVERIFY2(a.value(u"spans").toInteger() >= n("spans_sent"), "the report claims more sent than the agent read");
        QVERIFY2(a.value(u"spans").toInteger() <= n("spans_sent") + n("spans_unconfirmed") + cancelled, "the agent read more than was written");
        QVERIFY(a.value(u"points").toInteger() >= n("points_sent"));
        if (!drain.isEmpty()) {
            QCOMPARE(r.value(u"drain").toObject().value(u"outcome").toString(), drain);
            QVERIFY(cancelled > 0);
            QVERIFY(n("spans_queued_at_stop") > 0); // the backlog the drain could not send
            if (agentOptions.last() == QStringLiteral("3600000"))
                QCOMPARE(n("spans_sent"), 0); // nothing read, nothing confirmed
        } else {
            QVERIFY(n("spans_unconfirmed") > 0);
            QVERIFY(n("reconnections") >= 1);
        }
    }

    void demoStreamsToItsOwnAgentThroughAFault()
    {
        const QString report = m_dir.filePath(QStringLiteral("demo-report.json"));
        const Result demo = cli({QStringLiteral("demo"), QStringLiteral("--duration"), QStringLiteral("7"), QStringLiteral("--report"), report});
        QCOMPARE(demo.exitCode, 0);
        QVERIFY2(demo.err.contains("demo: profile \"KrakenD gateway\""), demo.err.constData());
        QVERIFY(demo.err.count(" s connected | spans ") >= 5); // a progress line a second
        const QJsonObject r = QJsonDocument::fromJson(ocw::ConfigFile::read(report).bytes).object();
        const QJsonObject agent = r.value(u"agent").toObject();
        QVERIFY(r.value(u"spans_written").toInteger() > 1000);
        // The agent has all that was sent, and at most what was written besides (on the streams the fault broke).
        const qint64 cancelled = r.value(u"dropped_by_reason").toObject().value(u"cancelled_at_stop").toInteger();
        QVERIFY(agent.value(u"spans").toInteger() >= r.value(u"spans_sent").toInteger());
        QVERIFY(agent.value(u"spans").toInteger()
                <= r.value(u"spans_sent").toInteger() + r.value(u"spans_unconfirmed").toInteger() + cancelled);
        QVERIFY(r.value(u"spans_unconfirmed").toInteger() > 0);
        // The first fault, at 4 s, ends every stream; the exporter comes back within its reconnection period.
        QVERIFY(agent.value(u"faults_injected").toInteger() >= 1);
        QVERIFY(r.value(u"reconnections").toInteger() >= 1);
        QVERIFY(r.value(u"compression_ratio").toDouble() > 1.5);
        QVERIFY(r.value(u"accounting_balanced").toBool());

        const Result unknown = cli({QStringLiteral("demo"), QStringLiteral("--preset"), QStringLiteral("nope")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("there is no preset \"nope\""));
    }

    // A config `validate` passes is one `run` accepts and dials: grpc-go dials both unix: forms, so `run` does
    // too and ends normally, with the failed connection in its report (nothing listens on the socket).
    void validateAndRunAgreeOnAUnixSocket()
    {
        const QString socket = m_dir.filePath(QStringLiteral("nobody-listens.sock"));
        for (const QString &address : QStringList{u"unix:" + socket, u"unix://" + socket}) {
            QByteArray bytes = base();
            bytes.replace("otel-collector:55678", address.toUtf8());
            const QString config = write(QStringLiteral("unix.json"), bytes);
            const Result validate = cli({QStringLiteral("validate"), config});
            QVERIFY2(validate.exitCode == 0, validate.out.constData());
            const QString report = m_dir.filePath(QStringLiteral("unix-report.json"));
            const Result run = cli({QStringLiteral("run"), QStringLiteral("--config"), config, QStringLiteral("--duration"),
                                    QStringLiteral("1"), QStringLiteral("--report"), report});
            QVERIFY2(run.exitCode == 0, run.err.constData());
            const QJsonObject r = QJsonDocument::fromJson(ocw::ConfigFile::read(report).bytes).object();
            QCOMPARE(r.value(u"reconnections").toInteger(), 0);
            QVERIFY2(r.value(u"last_error").toString().contains(socket), qPrintable(r.value(u"last_error").toString()));
        }
    }

    void runAndAgentRefuseBadInput()
    {
        QByteArray broken = base();
        broken.replace("\"2s\"", "\"2 s\"");
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--config"), write(QStringLiteral("run-bad.json"), broken)}).exitCode, 1);
        QCOMPARE(cli({QStringLiteral("run")}).exitCode, 2);
        const QString good = write(QStringLiteral("run-good.json"), base());
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--config"), good, QStringLiteral("--rate"), QStringLiteral("fast")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--config"), good, QStringLiteral("--duration"), QStringLiteral("-1")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--config"), m_dir.filePath(QStringLiteral("none.json"))}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("agent"), QStringLiteral("--listen"), QStringLiteral("nowhere")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("agent"), QStringLiteral("--require-header"), QStringLiteral("novalue")}).exitCode, 2);
        QCOMPARE(cli({QStringLiteral("agent"), QStringLiteral("--tls-cert"), QStringLiteral("c.pem")}).exitCode, 2);
    }

    // Every numeric option of every command refuses NaN, infinity, negatives, overflow and text at once (exit 2),
    // with a message that gives the accepted range.
    void numericOptionsAreRangeChecked_data()
    {
        QTest::addColumn<QStringList>("command");
        QTest::addColumn<QString>("option");
        QTest::addColumn<QString>("value");
        const QString config = QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json");
        const QString none = m_dir.filePath(QStringLiteral("never-read"));
        const QStringList run{QStringLiteral("run"), QStringLiteral("--config"), config};
        const QStringList replay = run + QStringList{QStringLiteral("--replay"), none};
        const QStringList agent{QStringLiteral("agent"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
        const QStringList generate{QStringLiteral("generate"), QStringLiteral("--profile"), none, QStringLiteral("--count"),
                                   QStringLiteral("1"), QStringLiteral("--out"), none};
        QList<std::pair<QStringList, QString>> options{
            {run, QStringLiteral("duration")},     {run, QStringLiteral("rate")},
            {run, QStringLiteral("seed")},         {run, QStringLiteral("queue-items")},
            {run, QStringLiteral("queue-bytes")},  {run, QStringLiteral("drain-timeout")},
            {run, QStringLiteral("connections")},
            {replay, QStringLiteral("speed")},     {{QStringLiteral("demo")}, QStringLiteral("duration")},
            {agent, QStringLiteral("duration")},   {agent, QStringLiteral("fault-close-every")},
            {agent, QStringLiteral("fault-read-delay-ms")}, {generate, QStringLiteral("count")},
            {generate, QStringLiteral("seed")},    {{QStringLiteral("bench")}, QStringLiteral("seconds")},
            {{QStringLiteral("bench")}, QStringLiteral("outage-seconds")},
        };
        // The agent's limits take no 0 either: each would refuse everything.
        const QStringList limits{QStringLiteral("max-message-bytes"), QStringLiteral("max-decompressed-bytes"), QStringLiteral("max-streams"),
                                 QStringLiteral("max-threads"), QStringLiteral("max-buffered-bytes")};
        for (const QString &option : limits)
            options.append({agent, option});
        for (const auto &[command, option] : options) {
            for (const char *value : {"nan", "inf", "-1", "1e16", "abc"})
                QTest::addRow("%s --%s %s", qPrintable(command.first()), qPrintable(option), value)
                    << command << option << QString::fromLatin1(value);
        }
        for (const QString &option : limits)
            QTest::addRow("agent --%s 0", qPrintable(option)) << agent << option << QStringLiteral("0");
        QTest::addRow("run --connections 0") << run << QStringLiteral("connections") << QStringLiteral("0");
        QTest::addRow("run --connections 65") << run << QStringLiteral("connections") << QStringLiteral("65");
    }

    void numericOptionsAreRangeChecked()
    {
        QFETCH(QStringList, command);
        QFETCH(QString, option);
        QFETCH(QString, value);
        const Result r = cli(command + QStringList{u"--" + option, value});
        QCOMPARE(r.exitCode, 2);
        const QByteArray expected = QStringLiteral("ocworkbench-cli: --%1 takes ").arg(option).toUtf8();
        QVERIFY2(r.err.startsWith(expected), r.err.constData());
        const QByteArray firstLine = r.err.left(r.err.indexOf('\n'));
        QVERIFY2(firstLine.contains(" from ") && firstLine.contains(" to ")
                     && firstLine.endsWith(QByteArray(", not \"" + value.toUtf8() + '"')),
                 firstLine.constData());
    }

    void generateIsByteIdenticalForASeed()
    {
        const QString profile = write(QStringLiteral("profile.json"), R"({"format": "ocworkbench-load-profile", "version": 1,
            "name": "gw", "seed": 5, "rate": {"unit": "traces", "shape": [{"constant": 200}]}, "traces": {"preset": "krakend"}})");
        QByteArray outputs[3];
        for (int i = 0; i < 3; ++i) {
            const QString out = m_dir.filePath(QStringLiteral("gen%1.bin").arg(i));
            const Result r = cli({QStringLiteral("generate"), QStringLiteral("--profile"), profile, QStringLiteral("--seed"),
                                  QString::number(i < 2 ? 9 : 10), QStringLiteral("--count"), QStringLiteral("4"), QStringLiteral("--out"),
                                  out, QStringLiteral("--format"), QStringLiteral("binary")});
            QCOMPARE(r.exitCode, 0);
            outputs[i] = ocw::ConfigFile::read(out).bytes;
        }
        QVERIFY(!outputs[0].isEmpty());
        QCOMPARE(outputs[0], outputs[1]);
        QVERIFY(outputs[0] != outputs[2]);
        // Length-delimited requests: the first holds the Node, the next four 300 spans each.
        google::protobuf::io::CodedInputStream in(reinterpret_cast<const quint8 *>(outputs[0].constData()), int(outputs[0].size()));
        int requests = 0;
        std::uint32_t size = 0;
        while (in.ReadVarint32(&size)) {
            const auto limit = in.PushLimit(int(size));
            opencensus::proto::agent::trace::v1::ExportTraceServiceRequest request;
            QVERIFY(request.ParseFromCodedStream(&in));
            in.PopLimit(limit);
            QCOMPARE(request.has_node(), requests == 0);
            QCOMPARE(request.spans_size(), requests == 0 ? 0 : 300);
            ++requests;
        }
        QCOMPARE(requests, 5);

        const QString json = m_dir.filePath(QStringLiteral("gen.json"));
        QCOMPARE(cli({QStringLiteral("generate"), QStringLiteral("--profile"), profile, QStringLiteral("--count"), QStringLiteral("2"),
                      QStringLiteral("--out"), json}).exitCode, 0);
        const QJsonArray array = QJsonDocument::fromJson(ocw::ConfigFile::read(json).bytes).array();
        QCOMPARE(array.size(), 3);
        QCOMPARE(array.first().toObject().value(u"node").toObject().value(u"service_info").toObject().value(u"name").toString(),
                 QStringLiteral("gw"));

        QCOMPARE(cli({QStringLiteral("generate"), QStringLiteral("--profile"), profile}).exitCode, 2);
        const QString broken = write(QStringLiteral("broken-profile.json"), R"({"format": "ocworkbench-load-profile", "version": 1,
            "rate": {"shape": [{"constant": -1}]}})");
        const Result bad = cli({QStringLiteral("generate"), QStringLiteral("--profile"), broken, QStringLiteral("--count"),
                                QStringLiteral("1"), QStringLiteral("--out"), json});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains(":2:45: error: [PRF103] \"constant\" is -1; expected a number from 0 to 1000000000"));
    }

    void generateWritesMetricRequestsForAMetricsProfile()
    {
        const QString profile = QStringLiteral(OCW_RESOURCES_DIR "/profiles/metrics-only.json");
        QByteArray outputs[2];
        for (int i = 0; i < 2; ++i) {
            const QString out = m_dir.filePath(QStringLiteral("metrics%1.json").arg(i));
            const Result r = cli({QStringLiteral("generate"), QStringLiteral("--profile"), profile, QStringLiteral("--count"),
                                  QStringLiteral("3"), QStringLiteral("--out"), out});
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.err.contains("metrics requests"), r.err.constData());
            outputs[i] = ocw::ConfigFile::read(out).bytes;
        }
        QCOMPARE(outputs[0], outputs[1]);
        const QJsonArray requests = QJsonDocument::fromJson(outputs[0]).array();
        QCOMPARE(requests.size(), 4);
        QVERIFY(requests.first().toObject().contains(u"node"));
        // Reports 10 s apart (KrakenD's default reporting period): a counter's cumulative value grows.
        qint64 previous = -1;
        for (int i = 1; i < requests.size(); ++i) {
            const QJsonArray metrics = requests.at(i).toObject().value(u"metrics").toArray();
            QCOMPARE(metrics.size(), 6);
            const QJsonObject counter = metrics.at(2).toObject();
            QCOMPARE(counter.value(u"metric_descriptor").toObject().value(u"name").toString(), QStringLiteral("krakend/requests"));
            const QJsonArray series = counter.value(u"timeseries").toArray();
            QCOMPARE(series.size(), 10);
            const qint64 value = series.first().toObject().value(u"points").toArray().first().toObject().value(u"int64_value").toString().toLongLong();
            QVERIFY(value > previous);
            previous = value;
        }

        // The KrakenD profile's metrics on request; --kind is checked.
        const QString gateway = QStringLiteral(OCW_RESOURCES_DIR "/profiles/krakend-gateway.json");
        const QString out = m_dir.filePath(QStringLiteral("gateway-metrics.bin"));
        QCOMPARE(cli({QStringLiteral("generate"), QStringLiteral("--profile"), gateway, QStringLiteral("--kind"), QStringLiteral("metrics"),
                      QStringLiteral("--count"), QStringLiteral("1"), QStringLiteral("--out"), out, QStringLiteral("--format"),
                      QStringLiteral("binary")})
                     .exitCode,
                 0);
        const QByteArray binary = ocw::ConfigFile::read(out).bytes;
        google::protobuf::io::CodedInputStream in(reinterpret_cast<const quint8 *>(binary.constData()), int(binary.size()));
        int metricsRequests = 0;
        std::uint32_t size = 0;
        while (in.ReadVarint32(&size)) {
            const auto limit = in.PushLimit(int(size));
            opencensus::proto::agent::metrics::v1::ExportMetricsServiceRequest request;
            QVERIFY(request.ParseFromCodedStream(&in));
            in.PopLimit(limit);
            QCOMPARE(request.has_node(), metricsRequests == 0);
            QCOMPARE(request.metrics_size() > 0, metricsRequests > 0);
            ++metricsRequests;
        }
        QCOMPARE(metricsRequests, 2);
        QCOMPARE(cli({QStringLiteral("generate"), QStringLiteral("--profile"), gateway, QStringLiteral("--kind"), QStringLiteral("logs"),
                      QStringLiteral("--count"), QStringLiteral("1"), QStringLiteral("--out"), out})
                     .exitCode,
                 2);
    }

    // A flag the user typed acts or is refused with a usage error that says why (issue 13 §5).
    void flagsAreActedOnOrRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("expected");
        const QString profile = QStringLiteral(OCW_RESOURCES_DIR "/profiles/steady.json");
        const QString config = QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"); // insecure: true
        const QStringList run{QStringLiteral("run"), QStringLiteral("--config"), config};
        const QStringList generate{QStringLiteral("generate"), QStringLiteral("--profile"), profile, QStringLiteral("--count"),
                                   QStringLiteral("1"), QStringLiteral("--out"), QStringLiteral("/nonexistent/never-written")};
        QTest::newRow("run --profile --rate") << run + QStringList{QStringLiteral("--profile"), profile, QStringLiteral("--rate"), QStringLiteral("5000")}
                                              << QByteArray("--rate sets the built-in load's spans per second; a profile's rate is the shape in its \"rate\"");
        QTest::newRow("run --replay --shard") << run + QStringList{QStringLiteral("--replay"), profile, QStringLiteral("--shard"), QStringLiteral("0/2")}
                                              << QByteArray("--replay sends a recording: it takes neither --profile, --rate nor --shard");
        QTest::newRow("run --tls-ca, insecure config") << run + QStringList{QStringLiteral("--tls-ca"), config}
                                                       << QByteArray("ocagent exporter is insecure (plaintext): set \"insecure\": false");
        for (const char *shard : {"2/2", "1/0", "-1/3", "a/b", "1/2/3", "1", "0/1000001"}) {
            QTest::addRow("run --shard %s", shard) << run + QStringList{QStringLiteral("--shard"), QLatin1String(shard)}
                                                   << QByteArray("--shard takes I/N, whole numbers with 0 <= I < N <= 1000000, not \"") + shard;
            QTest::addRow("generate --shard %s", shard) << generate + QStringList{QStringLiteral("--shard"), QLatin1String(shard)}
                                                        << QByteArray("--shard takes I/N");
        }
    }

    void flagsAreActedOnOrRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, expected);
        const Result r = cli(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected), r.err.constData());
    }

    // The bytes `generate` wrote before it streamed, for the same profiles and seeds: pinned, so that a change
    // to the generators that changes what a seed makes is a decision, not an accident. (The first request, the
    // Node, carries the version, so it is left out.) Changed once on purpose: each trace now draws from random
    // sources of its own, so that passing over a trace (another shard's, a sampled-out one, one a full queue
    // would drop) costs no encoding.
    void generateKeepsItsBytesPerSeed_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("sha256");
        const QString profiles = QStringLiteral(OCW_RESOURCES_DIR "/profiles/");
        const auto row = [&](const char *name, const char *profile, const char *seed, const char *count, const char *kind, const char *sha256) {
            QTest::newRow(name) << QStringList{QStringLiteral("--profile"), profiles + QLatin1String(profile), QStringLiteral("--seed"), QLatin1String(seed),
                                               QStringLiteral("--count"), QLatin1String(count), QStringLiteral("--kind"), QLatin1String(kind)}
                                << QByteArray(sha256);
        };
        row("krakend-gateway", "krakend-gateway.json", "7", "40", "traces", "3c597b7c724a028811354c48b929079bf05ea88a8e71bbb6e5307d7e5b0cdd72");
        row("steady, rate in spans", "steady.json", "1", "25", "traces", "d84123f3342a31875ec1385effa9125647dec3e2f1e676bc02c956a0917c914e");
        row("spiky", "spiky.json", "11", "17", "traces", "3017a03e590dba0b925d3a4abe8e8c5b6bb59f1335d2cd2a1b069a8fb7291d45");
        row("metrics-only", "metrics-only.json", "2", "9", "metrics", "cf45f6fce635125f0540a889379e3c72d5cbfb996e871aa29d2cbd031cbb41a1");
    }

    void generateKeepsItsBytesPerSeed()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, sha256);
        const QString out = m_dir.filePath(QStringLiteral("pinned.bin"));
        const Result r = cli(QStringList{QStringLiteral("generate"), QStringLiteral("--format"), QStringLiteral("binary"), QStringLiteral("--out"), out}
                             + arguments);
        QCOMPARE(r.exitCode, 0);
        const QByteArray bytes = ocw::ConfigFile::read(out).bytes;
        google::protobuf::io::CodedInputStream in(reinterpret_cast<const quint8 *>(bytes.constData()), int(bytes.size()));
        std::uint32_t nodeSize = 0;
        QVERIFY(in.ReadVarint32(&nodeSize) && in.Skip(int(nodeSize)));
        const QByteArray afterNode = bytes.mid(in.CurrentPosition());
        QVERIFY(!afterNode.isEmpty());
        QCOMPARE(QCryptographicHash::hash(afterNode, QCryptographicHash::Sha256).toHex(), sha256);
    }

    // A streamed generate that fails half-way (a file-size limit, as a full disk) leaves the original file as it was
    // and nothing beside it.
    void aGenerateThatCannotBeWrittenKeepsTheOriginal()
    {
        const QString dir = freshDirectory(QStringLiteral("generate-limited"));
        const QString out = dir + QStringLiteral("/requests.bin");
        QFile original(out);
        QVERIFY(original.open(QIODevice::WriteOnly) && original.write("the original") == 12);
        original.close();
        // 400 blocks of 512 bytes (dash's unit): the 2.3 MB output fails after several of the writer's blocks.
        const Result r = cliWithFileSizeLimit(400, {QStringLiteral("generate"), QStringLiteral("--profile"),
                                                    QStringLiteral(OCW_RESOURCES_DIR "/profiles/krakend-gateway.json"), QStringLiteral("--count"),
                                                    QStringLiteral("40"), QStringLiteral("--format"), QStringLiteral("binary"), QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains((out + QStringLiteral(": cannot write: File too large")).toUtf8()), r.err.constData());
        QCOMPARE(ocw::ConfigFile::read(out).bytes, QByteArray("the original"));
        QCOMPARE(entries(dir), QStringList{QStringLiteral("requests.bin")});
    }

    // The N shards' files hold exactly the whole load's spans, byte for byte, and no trace id is in two shards.
    void shardsTogetherAreTheWholeLoad_data()
    {
        QTest::addColumn<QString>("profile");
        QTest::addColumn<int>("shards");
        for (const char *profile : {"krakend-gateway.json", "steady.json"}) // a rate in traces, and one in spans
            for (const int n : {1, 2, 3, 7})
                QTest::addRow("%s, %d", profile, n) << QStringLiteral(OCW_RESOURCES_DIR "/profiles/") + QLatin1String(profile) << n;
    }

    void shardsTogetherAreTheWholeLoad()
    {
        QFETCH(QString, profile);
        QFETCH(int, shards);
        const auto generate = [&](const QString &name, const QStringList &extra) {
            const QString out = m_dir.filePath(name);
            const Result r = cli(QStringList{QStringLiteral("generate"), QStringLiteral("--profile"), profile, QStringLiteral("--seed"), QStringLiteral("3"),
                                             QStringLiteral("--count"), QStringLiteral("11"), QStringLiteral("--format"), QStringLiteral("binary"),
                                             QStringLiteral("--out"), out}
                                 + extra);
            return r.exitCode == 0 ? spansOf(ocw::ConfigFile::read(out).bytes) : QList<std::pair<QByteArray, QByteArray>>{};
        };
        auto whole = generate(QStringLiteral("whole.bin"), {});
        QCOMPARE(whole.size(), 11 * 300);
        QList<std::pair<QByteArray, QByteArray>> united;
        QSet<QByteArray> tracesSeen;
        for (int i = 0; i < shards; ++i) {
            const auto part = generate(QStringLiteral("shard%1.bin").arg(i), {QStringLiteral("--shard"), QStringLiteral("%1/%2").arg(i).arg(shards)});
            QVERIFY(!part.isEmpty());
            QSet<QByteArray> traces;
            for (const auto &span : part)
                traces.insert(span.first);
            QVERIFY2(!traces.intersects(tracesSeen), "a trace id is in two shards");
            tracesSeen.unite(traces);
            united += part;
        }
        std::sort(whole.begin(), whole.end());
        std::sort(united.begin(), united.end());
        QCOMPARE(united.size(), whole.size());
        QVERIFY(united == whole);
    }

    void mergeReportsSumsOneLoadsShards()
    {
        // As `kubectl logs` gives them: progress lines around and between the reports.
        const QByteArray logs = "run: sending to 127.0.0.1:1\n" + shardReport(0, 3, 100) + "run: 1.0 s connected\n" + shardReport(2, 3, 50)
                                + shardReport(1, 3, 30);
        const Result r = cliWithInput({QStringLiteral("merge-reports"), QStringLiteral("-")}, logs);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject merged = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(merged.value(u"spans_generated").toInteger(), 180);
        QCOMPARE(merged.value(u"spans_sent").toInteger(), 174);
        QCOMPARE(merged.value(u"points_sent").toInteger(), 30);
        QCOMPARE(merged.value(u"dropped_by_reason").toObject().value(u"queue_full").toInteger(), 6);
        QVERIFY(merged.value(u"accounting_balanced").toBool());
        QCOMPARE(merged.value(u"shards_merged").toArray(), (QJsonArray{0, 1, 2}));
        // From the first start to the last stop: 1000000 to 1002200 ms.
        QCOMPARE(merged.value(u"duration_s").toDouble(), 2.2);
        QCOMPARE(merged.value(u"spans_per_second").toDouble(), 174 / 2.2);
        QCOMPARE(merged.value(u"compression_ratio").toDouble(), 4.0);

        const QString file = write(QStringLiteral("shard1.json"), shardReport(1, 3, 30));
        const QString out = m_dir.filePath(QStringLiteral("merged.json"));
        QCOMPARE(cliWithInput({QStringLiteral("merge-reports"), write(QStringLiteral("shard0.json"), shardReport(0, 3, 100)), file,
                               QStringLiteral("--out"), out}, {}).exitCode, 0);
        QCOMPARE(readJson(out).value(u"shards_missing").toArray(), QJsonArray{2});
    }

    void mergeReportsRefusesWhatIsNotOneLoad_data()
    {
        QTest::addColumn<QByteArray>("reports");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("other seed") << shardReport(0, 2, 10) + shardReport(1, 2, 10, QStringLiteral("8")) << 1
                                    << QByteArray("is a report of another load than stdin (line 1): {\"profile\":\"steady\",\"seed\":\"8\"}, not");
        QTest::newRow("other shard count") << shardReport(0, 2, 10) + shardReport(1, 3, 10) << 1 << QByteArray("is a shard of 3, stdin (line 1) of 2");
        QTest::newRow("a shard twice") << shardReport(1, 2, 10) + shardReport(1, 2, 10) << 1 << QByteArray("is shard 1 again");
        QTest::newRow("not JSON") << QByteArray("{ broken\n") << 2 << QByteArray("stdin: line 1: not a run report");
        QTest::newRow("no report") << QByteArray("run: nothing\n") << 2 << QByteArray("stdin: no run report in it");
    }

    void mergeReportsRefusesWhatIsNotOneLoad()
    {
        QFETCH(QByteArray, reports);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, expected);
        const Result r = cliWithInput({QStringLiteral("merge-reports"), QStringLiteral("-")}, reports);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(expected), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    // The Kubernetes Job's flow on one machine: N processes with JOB_COMPLETION_INDEX set as the Job sets it,
    // each running `run --shard $JOB_COMPLETION_INDEX/N` against one agent and printing its report; the reports
    // merged are what the agent received.
    void shardedRunsMergeToWhatTheAgentReceived()
    {
        constexpr int kShards = 3;
        QProcess agent;
        const QString summary = m_dir.filePath(QStringLiteral("sharded-agent-summary.json"));
        const QByteArray port = startAgent(agent, summary);
        QVERIFY(port.toInt() > 0);
        std::vector<std::unique_ptr<QProcess>> pods;
        for (int i = 0; i < kShards; ++i) {
            auto pod = std::make_unique<QProcess>();
            QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
            environment.insert(QStringLiteral("JOB_COMPLETION_INDEX"), QString::number(i));
            pod->setProcessEnvironment(environment);
            pod->start(QStringLiteral("/bin/sh"),
                       {QStringLiteral("-c"),
                        QStringLiteral("exec \"$0\" run --config \"$1\" --address \"$2\" --profile \"$3\" --shard \"$JOB_COMPLETION_INDEX/%1\" "
                                       "--duration 2 --drain-timeout 60").arg(kShards),
                        QStringLiteral(OCW_CLI_PATH), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(port),
                        QStringLiteral(OCW_RESOURCES_DIR "/profiles/krakend-gateway.json")});
            pods.push_back(std::move(pod));
        }
        QByteArray logs;
        for (int i = 0; i < kShards; ++i) {
            QProcess &pod = *pods[std::size_t(i)];
            QVERIFY(pod.waitForFinished(60000));
            QCOMPARE(pod.exitCode(), 0);
            const QByteArray report = pod.readAllStandardOutput();
            // The gateway's views are reported once for the whole load, by shard 0.
            QCOMPARE(QJsonDocument::fromJson(report).object().value(u"points_generated").toInteger() > 0, i == 0);
            logs += pod.readAllStandardError() + report; // both streams, as kubectl logs shows them
        }
        agent.terminate();
        QVERIFY(agent.waitForFinished(10000));
        const Result r = cliWithInput({QStringLiteral("merge-reports"), QStringLiteral("-")}, logs);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject merged = QJsonDocument::fromJson(r.out).object();
        const QJsonObject a = readJson(summary);
        QCOMPARE(merged.value(u"shards_merged").toArray(), (QJsonArray{0, 1, 2}));
        QVERIFY(merged.value(u"accounting_balanced").toBool());
        QVERIFY(merged.value(u"spans_sent").toInteger() > 0);
        QCOMPARE(a.value(u"spans").toInteger(), merged.value(u"spans_sent").toInteger());
        QCOMPARE(a.value(u"points").toInteger(), merged.value(u"points_sent").toInteger());
        QCOMPARE(merged.value(u"spans_sent").toInteger(), merged.value(u"spans_generated").toInteger());
    }

    // run --rate max: as fast as the exporter drains, never a drop for a full queue however small the queue;
    // an open-loop rate beyond what the exporter takes drops the excess for the same queue.
    void rateMaxNeverDropsForAFullQueue()
    {
        QProcess agent;
        const QString summary = m_dir.filePath(QStringLiteral("closed-loop-agent.json"));
        const QByteArray port = startAgent(agent, summary);
        QVERIFY(port.toInt() > 0);
        qint64 sent = 0;
        for (const char *rate : {"max", "100000000"}) {
            const QString report = m_dir.filePath(QStringLiteral("rate-%1.json").arg(QLatin1String(rate)));
            const Result run = cli({QStringLiteral("run"), QStringLiteral("--config"), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"),
                                    QStringLiteral("--address"), QStringLiteral("127.0.0.1:") + QString::fromLatin1(port), QStringLiteral("--duration"),
                                    QStringLiteral("2"), QStringLiteral("--rate"), QLatin1String(rate), QStringLiteral("--queue-items"),
                                    QStringLiteral("4096"), QStringLiteral("--drain-timeout"), QStringLiteral("60"), QStringLiteral("--report"), report});
            QCOMPARE(run.exitCode, 0);
            const QJsonObject r = readJson(report);
            const qint64 queueFull = r.value(u"dropped_by_reason").toObject().value(u"queue_full").toInteger();
            QVERIFY(r.value(u"accounting_balanced").toBool());
            QVERIFY(r.value(u"spans_sent").toInteger() > 4096);
            if (qstrcmp(rate, "max") == 0) {
                QCOMPARE(queueFull, 0);
                QCOMPARE(r.value(u"load").toObject().value(u"spans_per_second").toString(), QStringLiteral("max"));
                QVERIFY(r.value(u"spans_per_second").toDouble() > 0); // the rate reached
            } else {
                QVERIFY2(queueFull > 0, "an open loop beyond the exporter drops for a full queue");
            }
            sent += r.value(u"spans_sent").toInteger();
        }
        agent.terminate();
        QVERIFY(agent.waitForFinished(10000));
        QCOMPARE(readJson(summary).value(u"spans").toInteger(), sent);
        QCOMPARE(cli({QStringLiteral("run"), QStringLiteral("--config"), QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"), QStringLiteral("--rate"),
                      QStringLiteral("max"), QStringLiteral("--shard"), QStringLiteral("0/2")})
                     .exitCode,
                 2);
    }

    void exportSnippet()
    {
        const QString path = write(QStringLiteral("export.json"), base());
        const Result r = cli({QStringLiteral("export"), path, QStringLiteral("--namespace"), QStringLiteral("v1")});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject snippet = QJsonDocument::fromJson(r.out).object();
        QVERIFY(snippet.contains(u"github_com/devopsfaith/krakend-opencensus"));
        QCOMPARE(snippet.value(u"github_com/devopsfaith/krakend-opencensus").toObject().value(u"sample_rate").toInt(), 100);
        QByteArray broken = base();
        broken.replace("\"2s\"", "\"2x\"");
        QCOMPARE(cli({QStringLiteral("export"), write(QStringLiteral("bad-export.json"), broken)}).exitCode, 1);
        QCOMPARE(cli({QStringLiteral("export"), path, QStringLiteral("--namespace"), QStringLiteral("v3")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
