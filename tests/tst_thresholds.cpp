// SPDX-License-Identifier: Apache-2.0
#include "run/thresholds.h"

#include <QJsonArray>
#include <QTest>

using namespace ocw;

class TestThresholds : public QObject
{
    Q_OBJECT

    static QJsonObject report()
    {
        return QJsonObject{{QStringLiteral("spans_generated"), 1000},
                           {QStringLiteral("spans_sent"), 990},
                           {QStringLiteral("spans_dropped"), 4},
                           {QStringLiteral("spans_unconfirmed"), 6},
                           {QStringLiteral("points_generated"), 0},
                           {QStringLiteral("points_sent"), 0},
                           {QStringLiteral("points_dropped"), 0},
                           {QStringLiteral("points_unconfirmed"), 0},
                           {QStringLiteral("reconnections"), 3},
                           {QStringLiteral("compression_ratio"), 4.5},
                           {QStringLiteral("fidelity"), QStringLiteral("krakend")},
                           {QStringLiteral("dropped_by_reason"), QJsonObject{{QStringLiteral("queue_full"), 4}}}};
    }

    static bool holds(const QString &expression)
    {
        const ThresholdParse parsed = parseThreshold(expression);
        bool allPassed = false;
        evaluateThresholds({*parsed.threshold}, report(), allPassed);
        return allPassed;
    }

private slots:
    void comparisons_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<bool>("passes");
        QTest::newRow("<= at the limit") << QStringLiteral("reconnections <= 3") << true;
        QTest::newRow("< at the limit") << QStringLiteral("reconnections < 3") << false;
        QTest::newRow(">= above") << QStringLiteral("compression_ratio >= 4") << true;
        QTest::newRow("> equal") << QStringLiteral("compression_ratio > 4.5") << false;
        QTest::newRow("== equal") << QStringLiteral("reconnections == 3") << true;
        QTest::newRow("== other") << QStringLiteral("reconnections == 2") << false;
        QTest::newRow("no spaces") << QStringLiteral("reconnections<=3") << true;
        QTest::newRow("exponent") << QStringLiteral("spans_dropped_ratio <= 5e-3") << true;
        QTest::newRow("dotted path") << QStringLiteral("dropped_by_reason.queue_full == 4") << true;
        QTest::newRow("dropped ratio") << QStringLiteral("spans_dropped_ratio == 0.004") << true;
        QTest::newRow("unconfirmed ratio") << QStringLiteral("spans_unconfirmed_ratio > 0.005") << true;
        QTest::newRow("sent ratio") << QStringLiteral("spans_sent_ratio >= 0.99") << true;
        QTest::newRow("nothing generated: ratio 0") << QStringLiteral("points_dropped_ratio == 0") << true;
        QTest::newRow("missing key fails") << QStringLiteral("no_such_key >= 0") << false;
        QTest::newRow("text is not a number") << QStringLiteral("fidelity == 0") << false;
        QTest::newRow("object is not a number") << QStringLiteral("dropped_by_reason >= 0") << false;
        QTest::newRow("path through a number") << QStringLiteral("reconnections.x >= 0") << false;
    }

    void comparisons()
    {
        QFETCH(QString, expression);
        QFETCH(bool, passes);
        QVERIFY(parseThreshold(expression).threshold);
        QCOMPARE(holds(expression), passes);
    }

    void malformedExpressionsAreNamed_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::newRow("no operator") << QStringLiteral("spans_sent 3");
        QTest::newRow("unknown operator") << QStringLiteral("spans_sent <> 3");
        QTest::newRow("no number") << QStringLiteral("spans_sent <=");
        QTest::newRow("not a number") << QStringLiteral("spans_sent <= many");
        QTest::newRow("infinite") << QStringLiteral("spans_sent <= inf");
        QTest::newRow("nan") << QStringLiteral("spans_sent == nan");
        QTest::newRow("no key") << QStringLiteral("<= 3");
        QTest::newRow("empty path part") << QStringLiteral("a..b <= 3");
    }

    void malformedExpressionsAreNamed()
    {
        QFETCH(QString, expression);
        const ThresholdParse parsed = parseThreshold(expression);
        QVERIFY(!parsed.threshold);
        QVERIFY2(parsed.error.contains(QLatin1Char('"') + expression + QLatin1Char('"')), qPrintable(parsed.error));
    }

    void theReportEntryKeepsTheExpressionAndValue()
    {
        bool allPassed = true;
        const QJsonArray results = evaluateThresholds({*parseThreshold(QStringLiteral("  spans_dropped_ratio <= 0.001 ")).threshold,
                                                       *parseThreshold(QStringLiteral("reconnections <= 3")).threshold},
                                                      report(), allPassed);
        QVERIFY(!allPassed);
        QCOMPARE(results.size(), 2);
        const QJsonObject first = results.at(0).toObject();
        QCOMPARE(first.value(u"expr").toString(), QStringLiteral("spans_dropped_ratio <= 0.001"));
        QCOMPARE(first.value(u"value").toDouble(), 0.004);
        QCOMPARE(first.value(u"passed").toBool(), false);
        QCOMPARE(results.at(1).toObject().value(u"passed").toBool(), true);
    }
};

QTEST_APPLESS_MAIN(TestThresholds)
#include "tst_thresholds.moc"
