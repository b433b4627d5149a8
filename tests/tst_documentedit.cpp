// SPDX-License-Identifier: Apache-2.0
#include "config/configanalysis.h"
#include "config/documentedit.h"
#include "config/moduleexport.h"

#include <QTest>

using namespace ocw;

namespace {

QByteArray applySet(const QByteArray &text, const QString &pointer, const QByteArray &value)
{
    const EditResult r = setValueEdit(SourceJson::parse(text), pointer, value);
    if (!r.edit)
        qWarning("%s", qPrintable(r.error));
    return r.edit ? r.edit->applyTo(text) : QByteArray();
}

} // namespace

// Edits change the bytes of the value they touch and nothing else.
class TestDocumentEdit : public QObject
{
    Q_OBJECT

private slots:
    void replaceKeepsEveryOtherByte_data()
    {
        QTest::addColumn<QByteArray>("before");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QByteArray>("after");
        QTest::addRow("crlf") << QByteArray("{\r\n\t\"a\":  \"x\",\r\n\t\"b\" : 1\r\n}\r\n") << QStringLiteral("/a")
                              << QByteArray("\"5s\"") << QByteArray("{\r\n\t\"a\":  \"5s\",\r\n\t\"b\" : 1\r\n}\r\n");
        QTest::addRow("unicode around") << QByteArray("{\"ä\": \"ö\", \"n\": 1, \"z\": \"→\"}") << QStringLiteral("/n")
                                        << QByteArray("2") << QByteArray("{\"ä\": \"ö\", \"n\": 2, \"z\": \"→\"}");
        QTest::addRow("escaped strings kept") << QByteArray("{\"a\": \"\\u00e9\\n\", \"b\": true}") << QStringLiteral("/b")
                                              << QByteArray("false") << QByteArray("{\"a\": \"\\u00e9\\n\", \"b\": false}");
        QTest::addRow("array element") << QByteArray("[1,  2 ,3]") << QStringLiteral("/1") << QByteArray("\"x\"")
                                       << QByteArray("[1,  \"x\" ,3]");
        QTest::addRow("object into scalar place") << QByteArray("{\n  \"h\": null\n}") << QStringLiteral("/h")
                                                  << QByteArray("{\"k\":\"v\"}") << QByteArray("{\n  \"h\": {\n    \"k\": \"v\"\n  }\n}");
    }

    void replaceKeepsEveryOtherByte()
    {
        QFETCH(QByteArray, before);
        QFETCH(QString, pointer);
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, after);
        QCOMPARE(applySet(before, pointer, value), after);
    }

    void insertFollowsTheLayout_data()
    {
        QTest::addColumn<QByteArray>("before");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QByteArray>("after");
        QTest::addRow("after last member, crlf and tabs")
            << QByteArray("{\r\n\t\"a\": 1\r\n}") << QStringLiteral("/b")
            << QByteArray("{\r\n\t\"a\": 1,\r\n\t\"b\": true\r\n}");
        QTest::addRow("one-line object stays one line")
            << QByteArray("{ \"a\": 1 }") << QStringLiteral("/b") << QByteArray("{ \"a\": 1, \"b\": true }");
        QTest::addRow("into an empty object")
            << QByteArray("{\n    \"o\": {}\n}") << QStringLiteral("/o/b")
            << QByteArray("{\n    \"o\": {\n        \"b\": true\n    }\n}");
        QTest::addRow("missing levels are created")
            << QByteArray("{\n  \"x\": 1\n}") << QStringLiteral("/p/q")
            << QByteArray("{\n  \"x\": 1,\n  \"p\": {\n    \"q\": true\n  }\n}");
    }

    void insertFollowsTheLayout()
    {
        QFETCH(QByteArray, before);
        QFETCH(QString, pointer);
        QFETCH(QByteArray, after);
        QCOMPARE(applySet(before, pointer, "true"), after);
    }

    void insertModuleIntoAConfigWithoutOne()
    {
        const QByteArray before = "{\n  \"version\": 3,\n  \"extra_config\": {\n    \"telemetry/logging\": {}\n  }\n}\n";
        const ConfigAnalysis a = analyzeConfig(before);
        const QString pointer = a.resolvePointer(QStringLiteral("exporters/ocagent/address"));
        const QByteArray after = applySet(before, pointer, "\"localhost:55678\"");
        QVERIFY(after.startsWith("{\n  \"version\": 3,\n  \"extra_config\": {\n    \"telemetry/logging\": {},\n"));
        const ConfigAnalysis b = analyzeConfig(after);
        QVERIFY(b.moduleFound());
        QCOMPARE(*b.config.ocagent->address, QStringLiteral("localhost:55678"));
    }

    void removeTakesItsComma_data()
    {
        QTest::addColumn<QByteArray>("before");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QByteArray>("after");
        QTest::addRow("last") << QByteArray("{\n  \"a\": 1,\n  \"b\": 2\n}") << QStringLiteral("/b") << QByteArray("{\n  \"a\": 1\n}");
        QTest::addRow("first") << QByteArray("{\n  \"a\": 1,\n  \"b\": 2\n}") << QStringLiteral("/a") << QByteArray("{\n  \"b\": 2\n}");
        QTest::addRow("only") << QByteArray("{ \"a\": 1 }") << QStringLiteral("/a") << QByteArray("{}");
        QTest::addRow("middle element") << QByteArray("[1, 2, 3]") << QStringLiteral("/1") << QByteArray("[1, 3]");
    }

    void removeTakesItsComma()
    {
        QFETCH(QByteArray, before);
        QFETCH(QString, pointer);
        QFETCH(QByteArray, after);
        const EditResult r = removeValueEdit(SourceJson::parse(before), pointer);
        QVERIFY(r.edit);
        QCOMPARE(r.edit->applyTo(before), after);
    }

    void refusals()
    {
        const SourceJson doc = SourceJson::parse("{\"s\": \"x\"}");
        QVERIFY(!setValueEdit(doc, QStringLiteral("/s/t"), "1").edit);
        QVERIFY(!setValueEdit(doc, QStringLiteral("/a"), "not json").edit);
        QVERIFY(!setValueEdit(doc, QString(), "1").edit);
        QVERIFY(!removeValueEdit(doc, QStringLiteral("/missing")).edit);
        QVERIFY(!setValueEdit(SourceJson::parse("{"), QStringLiteral("/a"), "1").edit);
        // Missing levels deeper than a document may nest: refused with the reason, not a crash.
        const EditResult tooDeep = setValueEdit(doc, QStringLiteral("/a").repeated(SourceJson::DefaultMaxDepth + 2), "1");
        QVERIFY(!tooDeep.edit);
        QVERIFY2(tooDeep.error.contains(u"deeper than 1000 levels"), qPrintable(tooDeep.error));
        // A value that parses alone but would nest too deep where it goes (fuzz_set_edit's property): refused,
        // where the edit used to produce a document that no longer parses.
        const QByteArray deepest = QByteArray(SourceJson::DefaultMaxDepth, '[') + QByteArray(SourceJson::DefaultMaxDepth, ']');
        for (const QString &pointer : {QStringLiteral("/s"), QStringLiteral("/b")}) {
            const EditResult r = setValueEdit(doc, pointer, deepest);
            QVERIFY2(!r.edit, qPrintable(pointer));
            QVERIFY2(r.error.contains(u"deeper than 1000 levels"), qPrintable(r.error));
        }
        QVERIFY(setValueEdit(doc, QStringLiteral("/s"), deepest.mid(1, deepest.size() - 2)).edit);
    }

    void exportSnippetInBothNamespaces()
    {
        const ConfigAnalysis a = analyzeConfig(
            "{\"extra_config\": {\"telemetry/opencensus\": {\"sample_rate\": 10, \"exporters\": {\"ocagent\": "
            "{\"address\": \"a:1\", \"headers\": {\"t\": \"\\u00e9\"}}}}}}");
        const QByteArray v1 = exportModuleSnippet(a, ModuleNamespace::V1);
        QVERIFY(v1.startsWith("{\n  \"github_com/devopsfaith/krakend-opencensus\": {\n    \"sample_rate\": 10,\n"));
        QVERIFY(v1.contains("\"t\": \"\\u00e9\""));
        const ConfigAnalysis back = analyzeConfig(exportModuleSnippet(a, ModuleNamespace::V2));
        QVERIFY(back.moduleFound());
        QCOMPARE(back.config.sampleRate, a.config.sampleRate);
        QCOMPARE(back.config.ocagent->headers, a.config.ocagent->headers);
    }
};

QTEST_APPLESS_MAIN(TestDocumentEdit)
#include "tst_documentedit.moc"
