// SPDX-License-Identifier: Apache-2.0
#include "config/lineindex.h"
#include "config/sourcejson.h"

#include <QTest>

using namespace ocw;

class TestSourceJson : public QObject
{
    Q_OBJECT

private slots:
    void positionsOfKeysAndValues()
    {
        const QByteArray text = "{\n  \"a\" : [1, true,\t\"x\"],\r\n  \"b\": {\"c\": null}\n}";
        const SourceJson doc = SourceJson::parse(text);
        QVERIFY(doc.isValid());
        const int a = doc.find(u"/a");
        QVERIFY(a >= 0);
        QCOMPARE(doc.rawText(a), QByteArray("[1, true,\t\"x\"]"));
        QCOMPARE(text.mid(doc.node(a).keyStart, doc.node(a).keyEnd - doc.node(a).keyStart), QByteArray("\"a\""));
        QCOMPARE(doc.rawText(doc.find(u"/a/2")), QByteArray("\"x\""));
        QCOMPARE(doc.stringValue(doc.find(u"/a/2")), std::string("x"));
        QCOMPARE(doc.rawText(doc.find(u"/b/c")), QByteArray("null"));
        QCOMPARE(doc.pointer(doc.find(u"/b/c")), QStringLiteral("/b/c"));
        const LineIndex lines(text);
        const TextPosition pos = lines.position(doc.node(doc.find(u"/b/c")).start);
        QCOMPARE(pos.line, 3);
        QCOMPARE(pos.column, 14);
    }

    void columnsCountCharactersNotBytes()
    {
        const QByteArray text = "{\"ключ\": \"значение\", \"n\": 1}";
        const SourceJson doc = SourceJson::parse(text);
        QVERIFY(doc.isValid());
        QCOMPARE(LineIndex(text).position(doc.node(doc.find(u"/n")).start).column, 27);
        QCOMPARE(doc.stringValue(doc.find(QString::fromUtf8("/ключ"))), std::string("значение"));
        const SourceJson escaped = SourceJson::parse("[\"a\\\"b\\u00e9\\n\"]");
        QCOMPARE(escaped.stringValue(escaped.find(u"/0")), std::string("a\"b\xC3\xA9\n"));
    }

    // Columns come from a per-block count of UTF-8 continuation bytes: check them against counting from
    // the line start, on lines that cross many blocks and end exactly at a block's end.
    void columnsOnLongLinesMatchCountingFromTheLineStart()
    {
        QByteArray text = "first line\n";
        for (int i = 0; text.size() < 2048; ++i)
            text += (i % 3 == 0) ? QByteArray("\xD0\xB6") : (i % 3 == 1) ? QByteArray("\xE2\x82\xAC") : QByteArray("x");
        text += "\nlast";
        for (const QByteArray &sized : {text, text.left(1024), text.left(256)}) {
            const LineIndex index(sized);
            int line = 1;
            int column = 1;
            for (qsizetype offset = 0; offset <= sized.size(); ++offset) {
                if (offset == sized.size() || (static_cast<unsigned char>(sized[offset]) & 0xC0) != 0x80) {
                    const TextPosition pos = index.position(offset);
                    QCOMPARE(pos.line, line);
                    QCOMPARE(pos.column, column);
                }
                if (offset < sized.size()) {
                    if (sized[offset] == '\n') {
                        ++line;
                        column = 1;
                    } else if ((static_cast<unsigned char>(sized[offset]) & 0xC0) != 0x80) {
                        ++column;
                    }
                }
            }
        }
    }

    void pointerEscapes()
    {
        const SourceJson doc = SourceJson::parse("{\"telemetry/opencensus\": {\"a~b\": 1}}");
        const int n = doc.find(u"/telemetry~1opencensus/a~0b");
        QVERIFY(n >= 0);
        QCOMPARE(doc.pointer(n), QStringLiteral("/telemetry~1opencensus/a~0b"));
        QCOMPARE(doc.find(u"/telemetry~2x"), -1);
    }

    void byteOrderMarkInAKeyIsKept()
    {
        // Found by fuzz_config_analysis: QString::fromUtf8 drops a leading U+FEFF, so the pointer named "a".
        const SourceJson doc = SourceJson::parse("{\"\xEF\xBB\xBF\xEF\xBB\xBF" "a\": 1, \"a\": 2}");
        QCOMPARE(doc.pointer(doc.node(doc.root()).firstChild), QStringLiteral("/\uFEFF\uFEFFa"));
        QCOMPARE(doc.find(QStringLiteral("/\uFEFF\uFEFFa")), doc.node(doc.root()).firstChild);
        QCOMPARE(jsonText("x\xEF\xBB\xBF"), QStringLiteral("x\uFEFF"));
    }

    void lastDuplicateWinsAsInGo()
    {
        const SourceJson doc = SourceJson::parse("{\"k\": 1, \"k\": 2}");
        QCOMPARE(doc.rawText(doc.find(u"/k")), QByteArray("2"));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("kind");
        QTest::addColumn<qsizetype>("offset");
        QTest::addRow("empty") << QByteArray("") << int(JsonSyntaxError::Kind::Empty) << qsizetype(0);
        QTest::addRow("blank") << QByteArray(" \n\t") << int(JsonSyntaxError::Kind::Empty) << qsizetype(3);
        QTest::addRow("trailing comma") << QByteArray("{\"a\": 1,}") << int(JsonSyntaxError::Kind::Syntax) << qsizetype(8);
        QTest::addRow("missing comma") << QByteArray("{\"a\": 1 \"b\": 2}") << int(JsonSyntaxError::Kind::Syntax) << qsizetype(8);
        QTest::addRow("comment") << QByteArray("{// no\n}") << int(JsonSyntaxError::Kind::Syntax) << qsizetype(1);
        QTest::addRow("invalid utf-8") << QByteArray("{\"a\": \"\xC3\x28\"}") << int(JsonSyntaxError::Kind::Encoding) << qsizetype(7);
        QTest::addRow("nul byte") << QByteArray("{\"a\"\0: 1}", 9) << int(JsonSyntaxError::Kind::Encoding) << qsizetype(4);
        QTest::addRow("two roots") << QByteArray("{} {}") << int(JsonSyntaxError::Kind::Syntax) << qsizetype(3);
        QTest::addRow("too deep") << QByteArray(100000, '[') << int(JsonSyntaxError::Kind::TooDeep)
                                  << qsizetype(SourceJson::DefaultMaxDepth);
    }

    void errors()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, kind);
        QFETCH(qsizetype, offset);
        const SourceJson doc = SourceJson::parse(text);
        QVERIFY(!doc.isValid());
        QCOMPARE(int(doc.error()->kind), kind);
        QCOMPARE(doc.error()->offset, offset);
        QVERIFY(!doc.error()->message.isEmpty());
    }

    void messagesForCommonMistakes()
    {
        const SourceJson rawBreak = SourceJson::parse("{\"a\": \"line\nbreak\"}");
        QVERIFY(rawBreak.error()->message.contains(QStringLiteral("raw control character")));
        QCOMPARE(rawBreak.error()->offset, 11);
        const SourceJson truncated = SourceJson::parse("{\"a\": {\"b\": 1\n");
        QVERIFY2(truncated.error()->message.contains(QStringLiteral("closing '}' is missing (the object opens at line 1, column 7)")),
                 qPrintable(truncated.error()->message));
        QCOMPARE(truncated.error()->pointer, QStringLiteral("/a"));
    }

    void deepButAllowedNestingParses()
    {
        const int depth = SourceJson::DefaultMaxDepth;
        const SourceJson doc = SourceJson::parse(QByteArray(depth, '[') + QByteArray(depth, ']'));
        QVERIFY(doc.isValid());
        QCOMPARE(doc.nodeCount(), depth);
    }
};

QTEST_APPLESS_MAIN(TestSourceJson)
#include "tst_sourcejson.moc"
