// SPDX-License-Identifier: Apache-2.0
#include "config/goduration.h"

#include <QTest>

using namespace ocw;

// Expected values follow Go's time.ParseDuration (src/time/format.go) and its test table.
class TestGoDuration : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<qint64>("nanos");
        QTest::addColumn<QString>("error");
        const qint64 s = 1000000000;
        QTest::addRow("0") << QByteArray("0") << true << qint64(0) << QString();
        QTest::addRow("-0") << QByteArray("-0") << true << qint64(0) << QString();
        QTest::addRow("5s") << QByteArray("5s") << true << 5 * s << QString();
        QTest::addRow("30s") << QByteArray("30s") << true << 30 * s << QString();
        QTest::addRow("1478s") << QByteArray("1478s") << true << 1478 * s << QString();
        QTest::addRow("-5s") << QByteArray("-5s") << true << -5 * s << QString();
        QTest::addRow("+5s") << QByteArray("+5s") << true << 5 * s << QString();
        QTest::addRow("5.6s") << QByteArray("5.6s") << true << 5 * s + 600000000 << QString();
        QTest::addRow("5.s") << QByteArray("5.s") << true << 5 * s << QString();
        QTest::addRow(".5s") << QByteArray(".5s") << true << s / 2 << QString();
        QTest::addRow("1.004s") << QByteArray("1.004s") << true << s + 4000000 << QString();
        QTest::addRow("10ns") << QByteArray("10ns") << true << qint64(10) << QString();
        QTest::addRow("11us") << QByteArray("11us") << true << qint64(11000) << QString();
        QTest::addRow("12µs micro sign") << QByteArray("12\xC2\xB5s") << true << qint64(12000) << QString();
        QTest::addRow("12μs greek mu") << QByteArray("12\xCE\xBCs") << true << qint64(12000) << QString();
        QTest::addRow("13ms") << QByteArray("13ms") << true << qint64(13000000) << QString();
        QTest::addRow("16h") << QByteArray("16h") << true << 16 * 3600 * s << QString();
        QTest::addRow("3h30m") << QByteArray("3h30m") << true << (3 * 3600 + 30 * 60) * s << QString();
        QTest::addRow("10.5s4m") << QByteArray("10.5s4m") << true << 4 * 60 * s + 10 * s + s / 2 << QString();
        QTest::addRow("-2m3.4s") << QByteArray("-2m3.4s") << true << -(2 * 60 * s + 3 * s + 400000000) << QString();
        QTest::addRow("1h2m3s4ms5us6ns") << QByteArray("1h2m3s4ms5us6ns") << true
                                         << 3600 * s + 2 * 60 * s + 3 * s + 4000000 + 5000 + 6 << QString();
        QTest::addRow("max") << QByteArray("9223372036854775807ns") << true << std::numeric_limits<qint64>::max() << QString();
        QTest::addRow("min") << QByteArray("-9223372036854775808ns") << true << std::numeric_limits<qint64>::min() << QString();
        QTest::addRow("long fraction") << QByteArray("0.100000000000000000000h") << true << qint64(360) * s << QString();
        QTest::addRow("empty") << QByteArray("") << false << qint64(0) << QStringLiteral("invalid duration \"\"");
        QTest::addRow("3") << QByteArray("3") << false << qint64(0) << QStringLiteral("missing unit in duration \"3\"");
        QTest::addRow("-") << QByteArray("-") << false << qint64(0) << QStringLiteral("invalid duration \"-\"");
        QTest::addRow("s") << QByteArray("s") << false << qint64(0) << QStringLiteral("invalid duration \"s\"");
        QTest::addRow(".") << QByteArray(".") << false << qint64(0) << QStringLiteral("invalid duration \".\"");
        QTest::addRow("-.") << QByteArray("-.") << false << qint64(0) << QStringLiteral("invalid duration \"-.\"");
        QTest::addRow(".s") << QByteArray(".s") << false << qint64(0) << QStringLiteral("invalid duration \".s\"");
        QTest::addRow("+.s") << QByteArray("+.s") << false << qint64(0) << QStringLiteral("invalid duration \"+.s\"");
        QTest::addRow("2 s") << QByteArray("2 s") << false << qint64(0) << QStringLiteral("unknown unit \" s\" in duration \"2 s\"");
        QTest::addRow("2sec") << QByteArray("2sec") << false << qint64(0) << QStringLiteral("unknown unit \"sec\" in duration \"2sec\"");
        QTest::addRow("1d") << QByteArray("1d") << false << qint64(0) << QStringLiteral("unknown unit \"d\" in duration \"1d\"");
        QTest::addRow("overflow") << QByteArray("9223372036854775808ns") << false << qint64(0)
                                  << QStringLiteral("invalid duration \"9223372036854775808ns\"");
        QTest::addRow("overflow hours") << QByteArray("3000000h") << false << qint64(0)
                                        << QStringLiteral("invalid duration \"3000000h\"");
    }

    void parse()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, ok);
        QFETCH(qint64, nanos);
        QFETCH(QString, error);
        const GoDuration d = GoDuration::parse(std::string_view(text.constData(), std::size_t(text.size())));
        QCOMPARE(d.ok, ok);
        if (ok)
            QCOMPARE(qint64(d.value.count()), nanos);
        else
            QCOMPARE(d.error, error);
    }

    void schemaPattern_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("matches");
        QTest::addRow("2s") << QByteArray("2s") << true;
        QTest::addRow("1000ms") << QByteArray("1000ms") << true;
        QTest::addRow("5µs") << QByteArray("5\xC2\xB5s") << true;
        QTest::addRow("1m30s") << QByteArray("1m30s") << false;
        QTest::addRow("1.5s") << QByteArray("1.5s") << false;
        QTest::addRow("0") << QByteArray("0") << false;
        QTest::addRow("-1s") << QByteArray("-1s") << false;
    }

    void schemaPattern()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, matches);
        QCOMPARE(GoDuration::matchesKrakendSchema(text.toStdString()), matches);
    }

    void describe()
    {
        using namespace std::chrono_literals;
        QCOMPARE(GoDuration::describe(90s), QStringLiteral("1 min 30 s"));
        QCOMPARE(GoDuration::describe(250ms), QStringLiteral("250 ms"));
        QCOMPARE(GoDuration::describe(2s), QStringLiteral("2 s"));
    }
};

QTEST_APPLESS_MAIN(TestGoDuration)
#include "tst_goduration.moc"
