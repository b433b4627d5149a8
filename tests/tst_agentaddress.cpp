// SPDX-License-Identifier: Apache-2.0
#include "config/agentaddress.h"
#include "config/configanalysis.h"
#include "exporter/exporteroptions.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using ocw::AgentAddress;

// Every address form KrakenD's exporter may be given, with what grpc-go does with it (see agentaddress.cpp
// for the sources), and what our agent can listen on.
class TestAgentAddress : public QObject
{
    Q_OBJECT

    static QByteArray configWithAddress(const QString &address)
    {
        const QJsonObject ocagent{{QStringLiteral("address"), address},
                                  {QStringLiteral("service_name"), QStringLiteral("krakend")},
                                  {QStringLiteral("reconnection"), QStringLiteral("2s")},
                                  {QStringLiteral("insecure"), true}};
        const QJsonObject module{{QStringLiteral("sample_rate"), 100},
                                 {QStringLiteral("reporting_period"), 1},
                                 {QStringLiteral("exporters"), QJsonObject{{QStringLiteral("ocagent"), ocagent}}}};
        const QJsonObject root{{QStringLiteral("version"), 3},
                               {QStringLiteral("extra_config"), QJsonObject{{QStringLiteral("telemetry/opencensus"), module}}}};
        return QJsonDocument(root).toJson();
    }

private slots:
    void forms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("target");        // grpcTarget() of what KrakenD dials; empty: it never connects
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("path");          // Unix socket file or abstract name
        QTest::addColumn<QString>("dialProblem");   // what the problem names, when KrakenD never connects
        QTest::addColumn<QString>("listenProblem"); // what the problem names, when our agent cannot listen on it

        const QString none;
        const QString url = QStringLiteral("is a URL");
        // host:port, as grpc-go's passthrough fallback hands it to Go's net.Dial
        QTest::newRow("host:port") << "otel-collector:55678" << "otel-collector:55678" << "otel-collector" << 55678 << none << none << none;
        QTest::newRow("ipv4") << "127.0.0.1:55678" << "127.0.0.1:55678" << "127.0.0.1" << 55678 << none << none << none;
        QTest::newRow("[ipv6]:port") << "[::1]:55678" << "[::1]:55678" << "::1" << 55678 << none << none << none;
        QTest::newRow("[ipv6 zone, escaped]") << "[fe80::1%25eth0]:55678" << "[fe80::1%25eth0]:55678" << "fe80::1%eth0" << 55678 << none << none << none;
        QTest::newRow("[ipv6 zone, raw]") << "[fe80::1%eth0]:55678" << none << none << 0 << none << "'%'" << none;
        QTest::newRow("[name]:port") << "[localhost]:55678" << "localhost:55678" << "localhost" << 55678 << none << none << none;
        QTest::newRow("underscore") << "otel_collector:55678" << "otel_collector:55678" << "otel_collector" << 55678 << none << none << none;
        QTest::newRow("wildcard") << "0.0.0.0:55678" << "0.0.0.0:55678" << "0.0.0.0" << 55678 << none << none << none;
        QTest::newRow("empty host") << ":55678" << "localhost:55678" << "localhost" << 55678 << none << none << "no host";
        QTest::newRow("leading zeros") << "otel-collector:055678" << "otel-collector:55678" << "otel-collector" << 55678 << none << none << none;
        QTest::newRow("plus sign") << "otel-collector:+55678" << "otel-collector:55678" << "otel-collector" << 55678 << none << none << "not a number";
        QTest::newRow("fragment") << "otel-collector:55678#eu" << "otel-collector:55678" << "otel-collector" << 55678 << none << none << "not a number";
        QTest::newRow("query") << "otel-collector:55678?x=1" << "otel-collector:55678" << "otel-collector" << 55678 << none << none << "not a number";
        QTest::newRow("missing port") << "otel-collector" << none << none << 0 << none << "no port" << "no port";
        QTest::newRow("empty port") << "otel-collector:" << none << none << 0 << none << "empty port" << "empty port";
        QTest::newRow("port zero") << "otel-collector:0" << none << none << 0 << none << "out of the range 1 to 65535" << none;
        QTest::newRow("port too big") << "otel-collector:65536" << none << none << 0 << none << "out of the range 1 to 65535" << "out of the range 0 to 65535";
        QTest::newRow("port huge") << "otel-collector:99999999999999" << none << none << 0 << none << "out of the range" << "out of the range";
        QTest::newRow("named port") << "otel-collector:grpc" << none << none << 0 << none << "not a number" << "not a number";
        QTest::newRow("negative port") << "otel-collector:-1" << none << none << 0 << none << "not a number" << "not a number";
        QTest::newRow("space inside") << "otel collector:55678" << none << none << 0 << none << "white space" << "white space";
        QTest::newRow("trailing space") << "otel-collector:55678 " << none << none << 0 << none << "white space" << "white space";
        QTest::newRow("line break") << "otel-collector:55678\n" << none << none << 0 << none << "control character" << "control character";
        QTest::newRow("bare ipv6") << "::1:55678" << none << none << 0 << none << "too many colons" << "too many colons";
        QTest::newRow("ipv6 no port") << "[::1]" << none << none << 0 << none << "no port after \"[::1]\"" << "no port";
        QTest::newRow("ipv6 unclosed") << "[::1:55678" << none << none << 0 << none << "'[' with no ']'" << "'[' with no ']'";
        QTest::newRow("ipv6 colons after") << "[::1]:1:55678" << none << none << 0 << none << "too many colons" << "too many colons";
        QTest::newRow("ipv6 invalid") << "[::g]:55678" << none << none << 0 << none << "not an IPv6 address" << "not an IPv6 address";
        QTest::newRow("stray bracket") << "otel]:55678" << none << none << 0 << none << "out of place" << "out of place";
        QTest::newRow("bad host char") << "otel/collector:55678" << none << none << 0 << none << "'/'" << "'/'";
        QTest::newRow("empty label") << "otel..collector:55678" << none << none << 0 << none << "neither an IPv4 address nor a host name" << "neither";
        QTest::newRow("ipv4 leading zero") << "010.0.0.1:55678" << none << none << 0 << none << "neither" << "neither";
        QTest::newRow("ipv4 out of range") << "256.1.1.1:55678" << none << none << 0 << none << "neither" << "neither";
        QTest::newRow("bad escape") << "otel-collector:55678%" << none << none << 0 << none << "'%'" << "not a number";
        QTest::newRow("empty") << "" << none << none << 0 << none << "is empty" << "is empty";
        // URLs with a scheme grpc-go has no resolver for: the whole text goes to Go's dialer, which fails
        QTest::newRow("http url") << "http://otel-collector:55678" << none << none << 0 << none << "scheme \"http\"" << url;
        QTest::newRow("grpc url, no port") << "grpc://otel-collector" << none << none << 0 << none << "e.g. \"otel-collector:55678\"" << url;
        // dns: grpc-go's dns resolver
        QTest::newRow("dns:///host:port") << "dns:///otel-collector:55678" << "otel-collector:55678" << "otel-collector" << 55678 << none << none << url;
        QTest::newRow("dns:///host (port 443)") << "dns:///otel-collector" << "otel-collector:443" << "otel-collector" << 443 << none << none << url;
        QTest::newRow("dns:///ipv4 (port 443)") << "dns:///10.0.0.7" << "10.0.0.7:443" << "10.0.0.7" << 443 << none << none << url;
        QTest::newRow("dns:///ipv6 (port 443)") << "dns:///::1" << "[::1]:443" << "::1" << 443 << none << none << url;
        QTest::newRow("dns:///[ipv6] (port 443)") << "dns:///[::1]" << "[::1]:443" << "::1" << 443 << none << none << url;
        QTest::newRow("dns:///:port") << "dns:///:55678" << "localhost:55678" << "localhost" << 55678 << none << none << url;
        QTest::newRow("dns://server/host:port") << "dns://10.0.0.53/otel-collector:55678" << "dns://10.0.0.53/otel-collector:55678" << "otel-collector" << 55678 << none << none << url;
        QTest::newRow("dns://server:port/host:port") << "dns://10.0.0.53:5353/otel-collector:55678" << "dns://10.0.0.53:5353/otel-collector:55678" << "otel-collector" << 55678 << none << none << url;
        QTest::newRow("dns:host:port (opaque)") << "dns:otel-collector:55678" << "otel-collector:55678" << "otel-collector" << 55678 << none << none << "too many colons";
        QTest::newRow("DNS upper case") << "DNS:///otel-collector:55678" << "otel-collector:55678" << "otel-collector" << 55678 << none << none << url;
        QTest::newRow("dns://host:port (two slashes)") << "dns://otel-collector:55678" << none << none << 0 << none << "three slashes" << url;
        QTest::newRow("dns:///host: (empty port)") << "dns:///otel-collector:" << none << none << 0 << none << "empty port" << url;
        QTest::newRow("dns:/// (no host)") << "dns:///" << none << none << 0 << none << "no host" << url;
        QTest::newRow("dns bad server") << "dns://10.0.0.53:x/otel-collector:55678" << none << none << 0 << none << "DNS server" << url;
        QTest::newRow("dns:port (host named dns)") << "dns:55678" << none << none << 0 << none << "neither" << none;
        // unix: grpc-go's unix resolver
        QTest::newRow("unix:/abs/path") << "unix:/run/otel/agent.sock" << "unix:/run/otel/agent.sock" << none << 0 << "/run/otel/agent.sock" << none << none;
        QTest::newRow("unix:///abs/path") << "unix:///run/otel/agent.sock" << "unix:/run/otel/agent.sock" << none << 0 << "/run/otel/agent.sock" << none << none;
        QTest::newRow("unix:relative") << "unix:agent.sock" << "unix:agent.sock" << none << 0 << "agent.sock" << none << none;
        QTest::newRow("unix escaped path") << "unix:/tmp/my%20agent.sock" << "unix:/tmp/my%20agent.sock" << none << 0 << "/tmp/my agent.sock" << none << none;
        QTest::newRow("unix://host/path") << "unix://run/otel/agent.sock" << none << none << 0 << none << "\"unix:///run/otel/agent.sock\"" << "invalid (non-empty) authority";
        QTest::newRow("unix: (no path)") << "unix:" << none << none << 0 << none << "no socket path" << "no socket path";
        QTest::newRow("unix path too long") << u"unix:/" + QString(107, u'a') << none << none << 0 << none << "108 bytes" << "108 bytes";
        QTest::newRow("unix-abstract") << "unix-abstract:otel-agent" << "unix-abstract:otel-agent" << none << 0 << "otel-agent" << none << none;
        // passthrough: the address as it is, to Go's dialer
        QTest::newRow("passthrough:///host:port") << "passthrough:///otel-collector:55678" << "otel-collector:55678" << "otel-collector" << 55678 << none << none << url;
        QTest::newRow("passthrough:///host") << "passthrough:///otel-collector" << none << none << 0 << none << "no port" << url;
        QTest::newRow("passthrough:///") << "passthrough:///" << none << none << 0 << none << "received empty target" << url;
        QTest::newRow("passthrough:///unix:path") << "passthrough:///unix:/run/otel/agent.sock" << "unix:/run/otel/agent.sock" << none << 0 << "/run/otel/agent.sock" << none << url;
        // What only our agent can do: port 0 picks a free one
        QTest::newRow("listen port 0") << "127.0.0.1:0" << none << none << 0 << none << "out of the range 1 to 65535" << none;
        QTest::newRow("listen [::]:0") << "[::]:0" << none << none << 0 << none << "out of the range 1 to 65535" << none;
    }

    void forms()
    {
        QFETCH(QString, text);
        QFETCH(QString, target);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, path);
        QFETCH(QString, dialProblem);
        QFETCH(QString, listenProblem);

        const ocw::AgentAddressResult dial = ocw::parseAgentAddress(text);
        QVERIFY2(dial.address.has_value() == !target.isEmpty(), qPrintable(dial.problem));
        if (dial.address) {
            QVERIFY(dial.problem.isEmpty());
            QCOMPARE(dial.address->grpcTarget(), target);
            QCOMPARE(dial.address->host, host);
            QCOMPARE(int(dial.address->port), port);
            QCOMPARE(dial.address->path, path);
            QCOMPARE(dial.address->kind == AgentAddress::Kind::HostPort, path.isEmpty());
            // What is shown reads back as the same endpoint (display() does not escape a '%').
            if (!text.contains(u'%')) {
                const ocw::AgentAddressResult again = ocw::parseAgentAddress(dial.address->display());
                QVERIFY2(again.address, qPrintable(again.problem));
                QCOMPARE(again.address->grpcTarget(), target);
            }
        } else {
            QVERIFY2(dial.problem.startsWith(u'"' + text + u'"'), qPrintable(dial.problem));
            QVERIFY2(dial.problem.contains(dialProblem), qPrintable(dial.problem));
        }

        const ocw::AgentAddressResult listen = ocw::parseListenAddress(text);
        QVERIFY2(listen.address.has_value() == listenProblem.isEmpty(), qPrintable(listen.problem));
        if (!listen.address)
            QVERIFY2(listen.problem.contains(listenProblem), qPrintable(listen.problem));
    }

    void displayAndLoopback()
    {
        const auto parsed = [](const char *text) { return ocw::parseAgentAddress(QString::fromLatin1(text)).address.value(); };
        QCOMPARE(parsed("dns://10.0.0.53/[::1]").display(), QStringLiteral("dns://10.0.0.53/[::1]:443"));
        QVERIFY(parsed("dns:///otel-collector").defaultPort);
        QVERIFY(!parsed("dns:///otel-collector:443").defaultPort);
        QCOMPARE(parsed("unix:///tmp/my%20agent.sock").display(), QStringLiteral("unix:/tmp/my agent.sock"));
        QCOMPARE(parsed("otel-collector:55678").scheme, QStringLiteral("passthrough"));
        QCOMPARE(parsed("dns:///otel-collector:55678").scheme, QStringLiteral("dns"));
        QCOMPARE(parsed("unix:a.sock").scheme, QStringLiteral("unix"));
        QCOMPARE(AgentAddress::loopback(0).grpcTarget(), QStringLiteral("127.0.0.1:0"));
        QCOMPARE(AgentAddress::loopback(4317).display(), QStringLiteral("127.0.0.1:4317"));
    }

    // The rule `validate` and `run` share: the validator reports an address error exactly when the exporter's
    // options refuse the address, and with the parser's own words.
    void validatorAndExporterAgree_data() { forms_data(); }

    void validatorAndExporterAgree()
    {
        QFETCH(QString, text);
        QFETCH(QString, target);
        const ocw::ConfigAnalysis analysis = ocw::analyzeConfig(configWithAddress(text));
        QVERIFY(analysis.config.ocagent);
        const ocw::ExporterOptionsResult options = ocw::ExporterOptions::fromConfig(*analysis.config.ocagent, {});
        QCOMPARE(!analysis.hasErrors(), options.options.has_value());
        QCOMPARE(options.options.has_value(), !target.isEmpty());
        if (options.options) {
            QCOMPARE(options.options->address, text);
            QCOMPARE(options.options->target.grpcTarget(), target);
            return;
        }
        QCOMPARE(analysis.diagnostics.size(), 1);
        const QString rule = analysis.diagnostics.first().rule;
        QVERIFY2(rule == u"OCW200" || rule == u"OCW201", qPrintable(rule));
        if (!text.isEmpty()) {
            const QString problem = ocw::parseAgentAddress(text).problem;
            QVERIFY2(analysis.diagnostics.first().message.endsWith(problem), qPrintable(analysis.diagnostics.first().message));
            QVERIFY2(options.error.endsWith(problem), qPrintable(options.error));
        }
    }
};

QTEST_GUILESS_MAIN(TestAgentAddress)
#include "tst_agentaddress.moc"
