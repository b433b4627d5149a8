// SPDX-License-Identifier: Apache-2.0
#include "config/configanalysis.h"
#include "config/configfile.h"
#include "config/rules.h"

#include <QTest>

using namespace ocw;

namespace {

const QString M = QStringLiteral("/extra_config/telemetry~1opencensus");

QByteArray baseConfig()
{
    const ConfigFile::ReadResult read = ConfigFile::read(QStringLiteral(OCW_TEST_DATA_DIR "/krakend.json"));
    return read.bytes;
}

} // namespace

// Each row is the bundled krakend.json with one defect, as a user would make it, and the one problem
// the validator must report for it: rule, line, column and JSON pointer.
class TestConfigAnalysis : public QObject
{
    Q_OBJECT

private slots:
    // The bundled config has no problem but one: its headers go on the trace stream only (OCW214).
    void cleanConfigHasNoProblems()
    {
        const ConfigAnalysis a = analyzeConfig(baseConfig());
        QCOMPARE(a.diagnostics.size(), 1);
        QCOMPARE(a.diagnostics.first().rule, QStringLiteral("OCW214"));
        QVERIFY(a.moduleFound());
        QCOMPARE(a.module.pointer, M);
        QCOMPARE(a.config.sampleRate, std::optional<qint64>(100));
        QVERIFY(a.config.ocagent.has_value());
        QCOMPARE(*a.config.ocagent->address, QStringLiteral("otel-collector:55678"));
        QCOMPARE(a.config.ocagent->effectiveReconnection(), std::optional<std::chrono::nanoseconds>(std::chrono::seconds(2)));
        QCOMPARE(a.config.ocagent->headers->size(), 1);
        QCOMPARE(a.config.otherExporters.size(), 1);
        QCOMPARE(a.config.otherExporters.first().name, QStringLiteral("prometheus"));
    }

    void oneDefect_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("pointer");
        const QString A = M + QStringLiteral("/exporters/ocagent");
        auto row = [](const char *name, const char *from, const char *to, const char *rule, int line, int column, const QString &pointer) {
            QTest::addRow("%s", name) << QByteArray(from) << QByteArray(to) << QString::fromLatin1(rule) << line << column << pointer;
        };
        row("sample_rate above 100", "\"sample_rate\": 100", "\"sample_rate\": 150", "OCW110", 10, 22, M + u"/sample_rate");
        row("sample_rate negative", "\"sample_rate\": 100", "\"sample_rate\": -1", "OCW110", 10, 22, M + u"/sample_rate");
        row("sample_rate zero", "\"sample_rate\": 100", "\"sample_rate\": 0", "OCW111", 10, 22, M + u"/sample_rate");
        row("sample_rate string", "\"sample_rate\": 100", "\"sample_rate\": \"100\"", "OCW101", 10, 22, M + u"/sample_rate");
        row("sample_rate fraction", "\"sample_rate\": 100", "\"sample_rate\": 50.5", "OCW112", 10, 22, M + u"/sample_rate");
        row("sample_rate exponent", "\"sample_rate\": 100", "\"sample_rate\": 1e2", "OCW112", 10, 22, M + u"/sample_rate");
        row("sample_rate absent", "\"sample_rate\": 100,", "", "OCW111", 8, 29, M);
        row("sample_rate null", "\"sample_rate\": 100", "\"sample_rate\": null", "OCW106", 10, 22, M + u"/sample_rate");
        row("sample_rate typo", "\"sample_rate\"", "\"sampling_rate\"", "OCW102", 10, 7, M + u"/sampling_rate");
        row("sample_rate case", "\"sample_rate\"", "\"Sample_Rate\"", "OCW103", 10, 7, M + u"/Sample_Rate");
        row("reporting_period negative", "\"reporting_period\": 1", "\"reporting_period\": -5", "OCW113", 11, 27, M + u"/reporting_period");
        row("reporting_period string", "\"reporting_period\": 1", "\"reporting_period\": \"1s\"", "OCW101", 11, 27, M + u"/reporting_period");
        row("duplicate module key", "\"reporting_period\": 1,", "\"reporting_period\": 1, \"sample_rate\": 5,", "OCW004", 11, 30, M + u"/sample_rate");
        row("no layer enabled", "true,\n        \"router\": true,\n        \"pipe\": true", "false,\n        \"router\": false,\n        \"pipe\": false", "OCW122", 12, 25, M + u"/enabled_layers");
        row("layer as string", "\"backend\": true", "\"backend\": \"yes\"", "OCW101", 13, 20, M + u"/enabled_layers/backend");
        row("unknown layer", "\"pipe\": true", "\"proxy\": true", "OCW102", 15, 9, M + u"/enabled_layers/proxy");
        row("reconnection with space", "\"2s\"", "\"2 s\"", "OCW203", 21, 27, A + u"/reconnection");
        row("reconnection unit", "\"2s\"", "\"2sec\"", "OCW203", 21, 27, A + u"/reconnection");
        row("reconnection no unit", "\"2s\"", "\"2000\"", "OCW203", 21, 27, A + u"/reconnection");
        row("reconnection negative", "\"2s\"", "\"-2s\"", "OCW204", 21, 27, A + u"/reconnection");
        row("reconnection zero", "\"2s\"", "\"0s\"", "OCW205", 21, 27, A + u"/reconnection");
        row("reconnection empty", "\"2s\"", "\"\"", "OCW205", 21, 27, A + u"/reconnection");
        row("reconnection too short", "\"2s\"", "\"100ms\"", "OCW206", 21, 27, A + u"/reconnection");
        row("reconnection compound", "\"2s\"", "\"1m30s\"", "OCW207", 21, 27, A + u"/reconnection");
        row("reconnection decimal", "\"2s\"", "\"1.5s\"", "OCW207", 21, 27, A + u"/reconnection");
        row("reconnection number", "\"2s\"", "2", "OCW101", 21, 27, A + u"/reconnection");
        row("address without port", "\"otel-collector:55678\"", "\"otel-collector\"", "OCW201", 19, 22, A + u"/address");
        row("address port range", "\"otel-collector:55678\"", "\"otel-collector:99999\"", "OCW201", 19, 22, A + u"/address");
        row("address port zero", "\"otel-collector:55678\"", "\"otel-collector:0\"", "OCW201", 19, 22, A + u"/address");
        row("address url", "\"otel-collector:55678\"", "\"http://otel-collector:55678\"", "OCW201", 19, 22, A + u"/address");
        row("address bare ipv6", "\"otel-collector:55678\"", "\"::1:55678\"", "OCW201", 19, 22, A + u"/address");
        row("address named port", "\"otel-collector:55678\"", "\"otel-collector:grpc\"", "OCW201", 19, 22, A + u"/address");
        row("address unix two slashes", "\"otel-collector:55678\"", "\"unix://run/agent.sock\"", "OCW201", 19, 22, A + u"/address");
        row("address dns default port", "\"otel-collector:55678\"", "\"dns:///otel-collector\"", "OCW213", 19, 22, A + u"/address");
        row("address empty", "\"otel-collector:55678\"", "\"\"", "OCW200", 19, 22, A + u"/address");
        row("address absent", "\"address\": \"otel-collector:55678\",", "", "OCW200", 18, 20, A);
        row("address number", "\"otel-collector:55678\"", "55678", "OCW101", 19, 22, A + u"/address");
        row("service_name empty", "\"service_name\": \"krakend\"", "\"service_name\": \"\"", "OCW202", 20, 27, A + u"/service_name");
        row("insecure false", "\"insecure\": true", "\"insecure\": false", "OCW208", 22, 23, A + u"/insecure");
        row("insecure string", "\"insecure\": true", "\"insecure\": \"true\"", "OCW101", 22, 23, A + u"/insecure");
        row("insecure case", "\"insecure\": true", "\"Insecure\": true", "OCW103", 22, 11, A + u"/Insecure");
        row("compression typo", "\"enable_compression\"", "\"enable_compresion\"", "OCW102", 23, 11, A + u"/enable_compresion");
        row("compression number", "\"enable_compression\": true", "\"enable_compression\": 1", "OCW101", 23, 33, A + u"/enable_compression");
        row("header value number", "\"tenant\": \"team-a\"", "\"tenant\": 42", "OCW209", 25, 23, A + u"/headers/tenant");
        row("header secret", "\"tenant\": \"team-a\"", "\"authorization\": \"Bearer abc\"", "OCW210", 25, 13, A + u"/headers/authorization");
        row("header name space", "\"tenant\": \"team-a\"", "\"x tenant\": \"team-a\"", "OCW211", 25, 13, A + u"/headers/x tenant");
        row("header value non-ascii", "\"tenant\": \"team-a\"", "\"tenant\": \"\xC3\xA9quipe\"", "OCW212", 25, 23, A + u"/headers/tenant");
        row("headers as array", "\"headers\": {\n            \"tenant\": \"team-a\"\n          }", "\"headers\": [\"tenant\"]", "OCW101", 24, 22, A + u"/headers");
        row("namespace typo", "\"telemetry/opencensus\"", "\"telemetry/opencensu\"", "OCW100", 8, 5, QStringLiteral("/extra_config/telemetry~1opencensu"));
        row("namespace dots", "\"telemetry/opencensus\"", "\"github.com/devopsfaith/krakend-opencensus\"", "OCW100", 8, 5, QStringLiteral("/extra_config/github.com~1devopsfaith~1krakend-opencensus"));
        row("v1 namespace in version 3", "\"telemetry/opencensus\"", "\"github_com/devopsfaith/krakend-opencensus\"", "OCW105", 8, 5, QStringLiteral("/extra_config/github_com~1devopsfaith~1krakend-opencensus"));
        row("exporters empty", "\"exporters\": {", "\"exporters\": {}, \"_unused\": {", "OCW120", 17, 20, M + u"/exporters");
        row("exporter typo", "\"ocagent\": {", "\"ocagnet\": {", "OCW121", 18, 9, M + u"/exporters/ocagnet");
        row("exporter not an object", "\"prometheus\": {\n          \"port\": 9091\n        }", "\"prometheus\": true", "OCW101", 28, 23, M + u"/exporters/prometheus");
        row("trailing comma", "\"pipe\": true", "\"pipe\": true,", "OCW001", 16, 7, M + u"/enabled_layers");
        row("missing comma", "\"service_name\": \"krakend\",", "\"service_name\": \"krakend\"", "OCW001", 21, 11, A);
        row("unquoted key", "\"insecure\": true", "insecure: true", "OCW001", 22, 11, A);
        row("byte order mark", "{\n  \"$schema\"", "\xEF\xBB\xBF{\n  \"$schema\"", "OCW008", 1, 1, QString());
    }

    void oneDefect()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, rule);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, pointer);
        QByteArray text = baseConfig();
        QVERIFY2(text.contains(from), from.constData());
        if (to.isEmpty()) {
            // Remove the whole line, as a user deleting a key would.
            const qsizetype at = text.indexOf(from);
            const qsizetype lineStart = text.lastIndexOf('\n', at);
            text.remove(lineStart, text.indexOf('\n', at) - lineStart);
        } else {
            text.replace(text.indexOf(from), from.size(), to);
        }
        const ConfigAnalysis a = analyzeConfig(text);
        const auto found = std::find_if(a.diagnostics.begin(), a.diagnostics.end(),
                                        [&](const Diagnostic &d) { return d.rule == rule; });
        QStringList all;
        for (const Diagnostic &d : a.diagnostics)
            all << QStringLiteral("%1 %2:%3 %4 %5").arg(d.rule).arg(d.line).arg(d.column).arg(d.pointer, d.message);
        QVERIFY2(found != a.diagnostics.end(), qPrintable(all.join(u'\n')));
        QCOMPARE(found->line, line);
        QCOMPARE(found->column, column);
        QCOMPARE(found->pointer, pointer);
        QVERIFY(!found->message.isEmpty());
        const QList<Rule> rules = allRules();
        const Rule info = *std::find_if(rules.begin(), rules.end(),
                                        [&](const Rule &r) { return QLatin1String(r.id) == rule; });
        QCOMPARE(found->severity, info.severity);
        const auto errors = std::count_if(a.diagnostics.begin(), a.diagnostics.end(), [](const Diagnostic &d) { return d.isError(); });
        QVERIFY2(errors == (info.severity == Severity::Error ? 1 : 0), qPrintable(all.join(u'\n')));
    }

    // A mechanical problem carries its fix: one edit that turns the defect back into what was meant, leaving
    // every other byte of the file as it was.
    void quickFixRepairsOnlyItsBytes_data()
    {
        QTest::addColumn<QByteArray>("from");
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QByteArray>("fixed"); // what `from` reads after the fix; empty: `from` itself
        auto row = [](const char *name, const char *from, const char *to, const char *rule, const char *fixed = "") {
            QTest::addRow("%s", name) << QByteArray(from) << QByteArray(to) << QString::fromLatin1(rule) << QByteArray(fixed);
        };
        row("misspelt key", "\"sample_rate\"", "\"sampling_rate\"", "OCW102");
        row("misspelt ocagent key", "\"service_name\"", "\"servce_name\"", "OCW102");
        row("key case", "\"sample_rate\"", "\"Sample_Rate\"", "OCW103");
        row("misspelt exporter", "\"ocagent\": {", "\"ocagnet\": {", "OCW121");
        row("exporter case", "\"ocagent\": {", "\"OcAgent\": {", "OCW103");
        row("boolean as string", "\"insecure\": true", "\"insecure\": \"true\"", "OCW101");
        row("false as string", "\"pipe\": true", "\"pipe\": \"false\"", "OCW101", "\"pipe\": false");
        row("number as string", "\"sample_rate\": 100", "\"sample_rate\": \"100\"", "OCW101");
        row("address without port", "\"otel-collector:55678\"", "\"otel-collector\"", "OCW201");
        row("dns address without port", "\"otel-collector:55678\"", "\"dns:///otel-collector\"", "OCW213",
            "\"dns:///otel-collector:55678\"");
    }

    void quickFixRepairsOnlyItsBytes()
    {
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QString, rule);
        QFETCH(QByteArray, fixed);
        const QByteArray original = baseConfig();
        QByteArray broken = original;
        broken.replace(broken.indexOf(from), from.size(), to);
        const ConfigAnalysis a = analyzeConfig(broken);
        const auto found = std::find_if(a.diagnostics.begin(), a.diagnostics.end(),
                                        [&](const Diagnostic &d) { return d.rule == rule; });
        QVERIFY(found != a.diagnostics.end());
        QVERIFY2(found->fix.has_value(), qPrintable(found->message));
        QVERIFY(!found->fix->title.isEmpty());
        QByteArray expected = original;
        if (!fixed.isEmpty())
            expected.replace(expected.indexOf(from), from.size(), fixed);
        const QByteArray repaired = found->fix->edit.applyTo(broken);
        QCOMPARE(repaired, expected);
        const ConfigAnalysis after = analyzeConfig(repaired);
        QVERIFY(std::none_of(after.diagnostics.begin(), after.diagnostics.end(),
                             [&](const Diagnostic &d) { return d.rule == rule; }));
    }

    // Where no fix is mechanical, none is offered: a guess would be worse than the message.
    void noQuickFixWithoutAnObviousRepair()
    {
        QByteArray text = baseConfig();
        text.replace("\"2s\"", "\"2 s\"");
        text.replace("\"sample_rate\"", "\"xyzzy\"");
        const ConfigAnalysis a = analyzeConfig(text);
        QVERIFY(!a.diagnostics.isEmpty());
        for (const Diagnostic &d : a.diagnostics)
            QVERIFY2(!d.fix, qPrintable(d.message));
    }

    // Headers warn wherever they are set, on the key, naming them and never their values (they may be credentials).
    void headersWarnTheyGoOnTheTraceStreamOnly_data()
    {
        QTest::addColumn<QByteArray>("headers"); // replaces the bundled config's headers object
        QTest::addColumn<int>("line");           // 0: no warning
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("names");
        QTest::addRow("one header") << QByteArray("{\"tenant\": \"team-a\"}") << 24 << 11 << QStringLiteral("\"tenant\"");
        QTest::addRow("two headers") << QByteArray("{\"tenant\": \"team-a\", \"x-region\": \"eu-west-1\"}") << 24 << 11
                                     << QStringLiteral("\"tenant\", \"x-region\"");
        QTest::addRow("empty object") << QByteArray("{}") << 0 << 0 << QString();
        QTest::addRow("absent") << QByteArray() << 0 << 0 << QString();
    }

    void headersWarnTheyGoOnTheTraceStreamOnly()
    {
        QFETCH(QByteArray, headers);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, names);
        const QByteArray bundled = "\"headers\": {\n            \"tenant\": \"team-a\"\n          }";
        QByteArray text = baseConfig();
        QVERIFY(text.contains(bundled));
        // Absent: the key goes with the comma before it.
        text.replace(headers.isEmpty() ? ",\n          " + bundled : bundled, headers.isEmpty() ? QByteArray() : "\"headers\": " + headers);
        const ConfigAnalysis a = analyzeConfig(text);
        QVERIFY2(std::none_of(a.diagnostics.begin(), a.diagnostics.end(), [](const Diagnostic &d) { return d.rule != u"OCW214"; }),
                 qPrintable(a.diagnostics.value(0).message));
        if (line == 0) {
            QVERIFY2(a.diagnostics.isEmpty(), qPrintable(a.diagnostics.value(0).message));
            return;
        }
        QCOMPARE(a.diagnostics.size(), 1);
        const Diagnostic &d = a.diagnostics.first();
        QCOMPARE(d.severity, Severity::Warning);
        QCOMPARE(d.line, line);
        QCOMPARE(d.column, column);
        QCOMPARE(d.pointer, M + QStringLiteral("/exporters/ocagent/headers"));
        QVERIFY2(d.message.startsWith(QStringLiteral("headers ") + names + QStringLiteral(" go on the trace Export stream only")),
                 qPrintable(d.message));
        QVERIFY(!d.message.contains(u"team-a"));
        QVERIFY(!d.message.contains(u"eu-west-1"));
    }

    void messagesSayWhatAndExpected()
    {
        QByteArray text = baseConfig();
        text.replace("\"enable_compression\"", "\"enable_compresion\"");
        const ConfigAnalysis a = analyzeConfig(text);
        QVERIFY(a.diagnostics.first().message.contains(QStringLiteral("did you mean \"enable_compression\"")));
    }

    void bareModuleObject()
    {
        const ConfigAnalysis a = analyzeConfig(R"({"sample_rate": 10, "exporters": {"ocagent": {"address": "a:1", "service_name": "s", "insecure": true}}})");
        QVERIFY(a.diagnostics.isEmpty());
        QVERIFY(a.moduleFound());
        QCOMPARE(a.module.pointer, QString());
        QCOMPARE(a.resolvePointer(QStringLiteral("exporters/ocagent/address")), QStringLiteral("/exporters/ocagent/address"));
    }

    void missingModuleIsAnError()
    {
        const ConfigAnalysis a = analyzeConfig(R"({"version": 3, "extra_config": {"telemetry/logging": {}}})");
        QCOMPARE(a.diagnostics.size(), 1);
        QCOMPARE(a.diagnostics.first().rule, QStringLiteral("OCW100"));
        QCOMPARE(a.resolvePointer(QStringLiteral("sample_rate")), QStringLiteral("/extra_config/telemetry~1opencensus/sample_rate"));
    }

    void effectiveValuesWhenAbsent()
    {
        const ConfigAnalysis a = analyzeConfig(R"({"exporters": {"ocagent": {"address": "a:1"}}})");
        QVERIFY(a.config.ocagent);
        using namespace std::chrono_literals;
        QCOMPARE(a.config.ocagent->effectiveReconnection(), std::optional<std::chrono::nanoseconds>(10s));
        QCOMPARE(a.config.ocagent->effectiveServiceName(), QStringLiteral("KrakenD-Opencensus"));
        QCOMPARE(a.config.effectiveSampleRate(), 0);
        QCOMPARE(a.config.effectiveReportingPeriod(), 10s);
        QVERIFY(a.config.layerEnabled(a.config.router));
    }

    void bothNamespacesWarn()
    {
        const ConfigAnalysis a = analyzeConfig(
            R"({"extra_config": {"github_com/devopsfaith/krakend-opencensus": {"sample_rate": 5, "exporters": {"logger": {}}},
                                 "telemetry/opencensus": {"sample_rate": 7, "exporters": {"logger": {}}}}})");
        QCOMPARE(a.diagnostics.size(), 1);
        QCOMPARE(a.diagnostics.first().rule, QStringLiteral("OCW104"));
        QCOMPARE(a.config.sampleRate, std::optional<qint64>(7));
    }

    void hostileInputGetsAnAnswer_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("rule");
        QTest::addRow("deep arrays") << QByteArray(100000, '[') + QByteArray(100000, ']') << QStringLiteral("OCW006");
        QTest::addRow("deep objects") << QByteArray(100000, '{').replace("{", "{\"a\":") << QStringLiteral("OCW006");
        QTest::addRow("invalid utf-8") << QByteArray("{\"a\": \"\xFF\xFE\"}") << QStringLiteral("OCW003");
        QTest::addRow("binary") << QByteArray("\x7F" "ELF\x02\x01\x01\0\0\0", 10) << QStringLiteral("OCW003");
        QTest::addRow("utf-16") << QByteArray("\xFF\xFE{\0}\0", 6) << QStringLiteral("OCW003");
        QTest::addRow("array root") << QByteArray("[1, 2]") << QStringLiteral("OCW007");
        QTest::addRow("empty") << QByteArray() << QStringLiteral("OCW002");
    }

    void hostileInputGetsAnAnswer()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, rule);
        const ConfigAnalysis a = analyzeConfig(text);
        QCOMPARE(a.diagnostics.size(), 1);
        QCOMPARE(a.diagnostics.first().rule, rule);
    }

    void largeConfigIsValidated()
    {
        // A 5 MB krakend.json: thousands of endpoints around a module with one defect.
        QByteArray text = baseConfig();
        text.replace("\"2s\"", "\"2 s\"");
        QByteArray endpoints;
        int i = 0;
        while (endpoints.size() < 5 * 1024 * 1024)
            endpoints += "{\"endpoint\": \"/v1/e" + QByteArray::number(i++)
                       + "\", \"backend\": [{\"url_pattern\": \"/x\", \"host\": [\"http://h:8000\"]}]},\n    ";
        endpoints.prepend("\"endpoints\": [");
        text.replace(QByteArray("\"endpoints\": ["), endpoints);
        const ConfigAnalysis a = analyzeConfig(text);
        QCOMPARE(a.diagnostics.size(), 2); // the defect, and the warning for the bundled headers after it
        QCOMPARE(a.diagnostics.first().rule, QStringLiteral("OCW203"));
        QCOMPARE(a.diagnostics.first().line, 21);
        QCOMPARE(a.diagnostics.last().rule, QStringLiteral("OCW214"));
    }

    // A generated object with thousands of duplicate keys: the first hundred are listed with their positions,
    // one finding counts the rest, and every duplicate in the module is still listed.
    void manyDuplicatesOutsideTheModuleAreCounted()
    {
        QByteArray bulk = "\"a\":0";
        for (int i = 1; i < 20000; ++i)
            bulk += ",\"k" + QByteArray::number(i % 150) + "\":" + QByteArray::number(i);
        QByteArray text = baseConfig();
        text.replace("\"sample_rate\": 100,", "\"sample_rate\": 100, \"sample_rate\": 100, \"sample_rate\": 100,");
        text.replace("\"endpoints\": [", QByteArray("\"bulk\": {" + bulk + "}, \"endpoints\": ["));
        const ConfigAnalysis a = analyzeConfig(text);
        const auto count = [&](const char *rule) {
            return std::count_if(a.diagnostics.begin(), a.diagnostics.end(),
                                 [&](const Diagnostic &d) { return d.rule == QString::fromUtf8(rule); });
        };
        QCOMPARE(count("OCW004"), 2);
        QCOMPARE(count("OCW005"), 101);
        const auto last = std::find_if(a.diagnostics.rbegin(), a.diagnostics.rend(),
                                       [](const Diagnostic &d) { return d.rule == u"OCW005"; });
        QCOMPARE(last->message, QStringLiteral("19749 more duplicate keys in this object, from here on, are not listed "
                                               "one by one; Go's decoder keeps only the last value of each"));
        QVERIFY(std::next(last)->message.startsWith(QStringLiteral("duplicate key \"k100\" (first at line ")));
    }
};

QTEST_APPLESS_MAIN(TestConfigAnalysis)
#include "tst_configanalysis.moc"
