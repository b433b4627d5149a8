// SPDX-License-Identifier: Apache-2.0
#include "agentaddress.h"

#include <QHostAddress>
#include <QUrl>

#include <algorithm>

namespace ocw {

// What KrakenD does with `address`, from the sources (grpc/grpc-go v1.46 to v1.82, the versions KrakenD 2.0.5
// and later link; the ocagent exporter calls grpc.DialContext(ctx, address, ...)):
// - clientconn.go: grpc.Dial runs Go's url.Parse on the target. When that fails, or names a scheme with no
//   registered resolver, it dials "passthrough:///" + the whole target instead. Registered by default: dns,
//   passthrough, unix and unix-abstract.
// - internal/resolver/passthrough: the endpoint (the URL path less its first '/') goes to the transport as it
//   is, and Go's net.Dialer dials it (internal/transport: a "unix:" endpoint is a socket, anything else TCP).
// - internal/resolver/dns: no port means 443, "host:" is an error, ":port" is localhost, and the URL's authority
//   is the DNS server to ask (port 53 unless given).
// - internal/resolver/unix: an authority is an error; the path, or the opaque part of "unix:relative", is the
//   socket file. unix-abstract: the same, as a Linux abstract name.

namespace {

constexpr int kDnsDefaultPort = 443;      // grpc-go's dns resolver, when the target names none
constexpr int kDnsServerPort = 53;        // dns://SERVER/...: the server's port when SERVER names none
constexpr qsizetype kMaxSocketPath = 107; // Linux sun_path: 108 bytes with the NUL (Go's syscall and gRPC C++)
constexpr int kAgentPort = 55678;         // the OpenCensus agent's conventional port, for examples

enum class Use { Dial, Listen };

// Internal results carry the problem as a predicate; the public functions put the quoted address before it.
AgentAddressResult failure(const QString &predicate)
{
    return {std::nullopt, predicate};
}

AgentAddressResult withSubject(const QString &text, AgentAddressResult result)
{
    if (!result.address)
        result.problem = u'"' + text + QStringLiteral("\" ") + result.problem;
    return result;
}

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isHexDigit(QChar c)
{
    return isAsciiDigit(c) || (c.toLower() >= u'a' && c.toLower() <= u'f');
}

QString joinHostPort(const QString &host, int port)
{
    return (host.contains(u':') ? u'[' + host + u']' : host) + u':' + QString::number(port);
}

// Go's url.Parse takes a scheme only when the text starts with a letter, then letters, digits, '+', '-' or
// '.', up to a ':'. In lower case, as url.Parse gives it; empty when there is none.
QString urlScheme(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (isAsciiLetter(c) || (i > 0 && (isAsciiDigit(c) || c == u'+' || c == u'-' || c == u'.')))
            continue;
        return i > 0 && c == u':' ? text.left(i).toLower() : QString();
    }
    return QString();
}

// Go's url.PathUnescape: a '%' must start an escape of two hex digits, or the whole parse fails.
std::optional<QString> percentDecoded(const QString &text)
{
    for (qsizetype i = text.indexOf(u'%'); i >= 0; i = text.indexOf(u'%', i + 1)) {
        if (i + 2 >= text.size() || !isHexDigit(text[i + 1]) || !isHexDigit(text[i + 2]))
            return std::nullopt;
    }
    return QUrl::fromPercentEncoding(text.toUtf8());
}

// The parts of "scheme:REST" that the resolvers read, as Go's url.Parse splits REST (after the fragment and
// the query are cut off).
struct UrlParts {
    QString authority; // "//AUTHORITY/...": up to the next '/'
    QString path;      // decoded, with its leading '/'
    QString opaque;    // "scheme:OPAQUE" (REST does not start with '/'): as written, never decoded

    // grpc-go's resolver.Target.Endpoint(): the path less its first '/', or else the opaque part.
    QString endpoint() const { return path.isEmpty() ? opaque : path.mid(1); }
};

std::optional<UrlParts> urlParts(const QString &rest)
{
    UrlParts url;
    if (!rest.startsWith(u'/')) {
        url.opaque = rest;
        return url;
    }
    QString path = rest;
    if (rest.startsWith(QStringLiteral("//"))) {
        const qsizetype slash = rest.indexOf(u'/', 2);
        url.authority = slash < 0 ? rest.mid(2) : rest.mid(2, slash - 2);
        path = slash < 0 ? QString() : rest.mid(slash);
    }
    const std::optional<QString> decoded = percentDecoded(path);
    if (!decoded)
        return std::nullopt;
    url.path = *decoded;
    return url;
}

// Go's net.ParseIP for IPv4: four decimal fields 0-255, no leading zeros (Go 1.17 and later).
bool isIpv4Literal(QStringView host)
{
    const QList<QStringView> fields = host.split(u'.');
    if (fields.size() != 4)
        return false;
    return std::all_of(fields.begin(), fields.end(), [](QStringView f) {
        return !f.isEmpty() && f.size() <= 3 && std::all_of(f.begin(), f.end(), isAsciiDigit)
            && (f.size() == 1 || f[0] != u'0') && f.toInt() <= 255;
    });
}

bool isIpv6Literal(const QString &host)
{
    QHostAddress address;
    return host.contains(u':') && address.setAddress(host) && address.protocol() == QAbstractSocket::IPv6Protocol;
}

// Go's isDomainName (net/dnsclient.go): what Go's resolver agrees to look up.
bool isDomainName(QStringView name)
{
    const qsizetype length = name.size();
    if (length == 0 || length > 254 || (length == 254 && name.back() != u'.'))
        return false;
    QChar last = u'.';
    bool nonNumeric = false;
    int labelLength = 0;
    for (const QChar c : name) {
        if (isAsciiLetter(c) || c == u'_' || c == u'-') {
            if (c == u'-' && last == u'.')
                return false;
            nonNumeric = true;
            ++labelLength;
        } else if (isAsciiDigit(c)) {
            ++labelLength;
        } else if (c == u'.') {
            if (last == u'.' || last == u'-' || labelLength == 0 || labelLength > 63)
                return false;
            labelLength = 0;
        } else {
            return false;
        }
        last = c;
    }
    return last != u'-' && labelLength <= 63 && nonNumeric;
}

// Why Go cannot connect to `host` (an IP literal, or a name its resolver looks up), or an empty string.
QString hostProblem(const QString &host)
{
    if (host.contains(u':'))
        return isIpv6Literal(host) ? QString() : QStringLiteral("has \"[%1]\", which is not an IPv6 address").arg(host);
    for (const QChar c : host) {
        if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != u'.' && c != u'-' && c != u'_')
            return QStringLiteral("has '%1' in its host \"%2\", which no host name or IP address holds")
                .arg(c)
                .arg(host);
    }
    if (isIpv4Literal(host) || isDomainName(host))
        return QString();
    return QStringLiteral("has the host \"%1\", which is neither an IPv4 address nor a host name Go can look up")
        .arg(host);
}

// Go's net parsePort: an optional '+', then decimal digits. Anything else Go looks up as a service name in
// /etc/services of the gateway's machine, which we cannot see, so we ask for the number.
QString portProblem(const QString &port, Use use, const QString &example, int *number)
{
    const int lowest = use == Use::Listen ? 0 : 1;
    const QString range = QStringLiteral("a port from %1 to 65535, e.g. \"%2\"").arg(lowest).arg(example);
    if (port.isEmpty())
        return QStringLiteral("has an empty port; expected %1").arg(range);
    const QStringView digits = use == Use::Dial && port.startsWith(u'+') ? QStringView(port).mid(1) : QStringView(port);
    if (digits.isEmpty() || !std::all_of(digits.begin(), digits.end(), isAsciiDigit))
        return QStringLiteral("has the port \"%1\", which is not a number (Go would look it up as a service name); "
                              "expected %2")
            .arg(port, range);
    // Leading zeros are fine in Go ("055678" is 55678).
    QStringView significant = digits;
    while (significant.size() > 1 && significant.front() == u'0')
        significant = significant.mid(1);
    const qint64 value = significant.size() > 5 ? 65536 : significant.toLongLong();
    if (value < lowest || value > 65535)
        return QStringLiteral("has the port %1, out of the range %2 to 65535; expected e.g. \"%3\"")
            .arg(digits.toString())
            .arg(lowest)
            .arg(example);
    *number = int(value);
    return QString();
}

struct HostPortText {
    QString host;
    QString port;
    QString problem; // Go's net.SplitHostPort refused it: why, as a sentence
};

// Go's net.SplitHostPort, with each of its failures as a sentence for a person.
HostPortText splitHostPort(const QString &text, Use use)
{
    const qsizetype colon = text.lastIndexOf(u':');
    const QString usual = use == Use::Dial
        ? QStringLiteral("the exporter dials host:port (the agent's usual port is 55678)")
        : QStringLiteral("the agent listens on host:port (port 0 picks a free one)");
    if (colon < 0)
        return {{}, {}, QStringLiteral("has no port; %1, e.g. \"%2:55678\"").arg(usual, text)};
    qsizetype hostStart = 0;
    qsizetype hostEnd = colon;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0)
            return {{}, {}, QStringLiteral("has a '[' with no ']'; expected e.g. \"[::1]:55678\"")};
        if (close + 1 != colon) {
            const QString bracketed = text.left(close + 1);
            return {{}, {}, close + 1 < text.size() && text[close + 1] == u':'
                        ? QStringLiteral("has too many colons after \"%1\"; expected e.g. \"%1:55678\"").arg(bracketed)
                        : QStringLiteral("has no port after \"%1\"; %2, e.g. \"%1:55678\"").arg(bracketed, usual)};
        }
        hostStart = 1;
        hostEnd = close;
    } else if (text.left(colon).contains(u':')) {
        return {{}, {}, QStringLiteral("has too many colons; an IPv6 address needs brackets, e.g. \"[%1]:%2\"")
                            .arg(text.left(colon), text.mid(colon + 1))};
    }
    // Past the brackets of an IPv6 address (or anywhere, without them), a '[' or ']' is out of place.
    if (text.indexOf(u'[', hostStart) >= 0 || text.indexOf(u']', hostStart > 0 ? hostEnd + 1 : 0) >= 0)
        return {{}, {}, QStringLiteral("has a '[' or ']' out of place; only an IPv6 address goes in brackets, e.g. "
                                       "\"[::1]:55678\"")};
    return {text.mid(hostStart, hostEnd - hostStart), text.mid(colon + 1), {}};
}

// host:port as Go dials it (or gRPC C++ listens on it), checked part by part.
AgentAddressResult hostPortAddress(const QString &hostPort, Use use, const QString &scheme,
                                   int examplePort = kAgentPort)
{
    const auto isSpace = [](QChar c) { return c.isSpace(); };
    if (std::any_of(hostPort.begin(), hostPort.end(), isSpace))
        return failure(QStringLiteral("contains white space; expected host:port, e.g. \"%1\"")
                           .arg(QString(hostPort).removeIf(isSpace)));
    const HostPortText split = splitHostPort(hostPort, use);
    if (!split.problem.isEmpty())
        return failure(split.problem);
    AgentAddress a;
    a.scheme = scheme;
    if (split.host.isEmpty()) {
        // Go dials the local machine for an empty host, and grpc-go's dns resolver says "localhost"; gRPC C++
        // cannot listen on an empty host.
        if (use == Use::Listen)
            return failure(QStringLiteral("has no host; expected e.g. \"0.0.0.0:%1\" (every interface) or "
                                          "\"127.0.0.1:%1\"")
                               .arg(split.port));
        a.host = QStringLiteral("localhost");
    } else if (const QString problem = hostProblem(split.host); !problem.isEmpty()) {
        return failure(problem);
    } else {
        a.host = split.host;
    }
    int port = 0;
    const QString problem = portProblem(split.port, use, joinHostPort(a.host, examplePort), &port);
    if (!problem.isEmpty())
        return failure(problem);
    a.port = quint16(port);
    return {a, {}};
}

AgentAddressResult socketAddress(const UrlParts &url, AgentAddress::Kind kind, const QString &scheme)
{
    if (!url.authority.isEmpty())
        return failure(QStringLiteral("names the host \"%1\" after \"%2://\", but a socket has no host and grpc-go's "
                                      "unix resolver refuses one (\"invalid (non-empty) authority\"); for the file %3 "
                                      "write \"%2://%3\"")
                           .arg(url.authority, scheme, u'/' + url.authority + url.path));
    AgentAddress a;
    a.kind = kind;
    a.scheme = scheme;
    a.path = url.path.isEmpty() ? url.opaque : url.path;
    if (a.path.isEmpty())
        return failure(QStringLiteral("has no socket path; expected e.g. \"unix:///run/otel/agent.sock\""));
    // An abstract name goes to the kernel with a leading NUL (Go writes it '@').
    const qsizetype bytes = a.path.toUtf8().size() + (kind == AgentAddress::Kind::UnixAbstract ? 1 : 0);
    if (bytes > kMaxSocketPath)
        return failure(QStringLiteral("has a socket path of %1 bytes, but a Unix socket address holds at most %2, so "
                                      "the dial fails (\"invalid argument\"); use a shorter path")
                           .arg(bytes)
                           .arg(kMaxSocketPath));
    return {a, {}};
}

// What grpc-go's dns resolver does with "dns://SERVER/ENDPOINT" (internal/resolver/dns parseTarget).
AgentAddressResult dnsAddress(const UrlParts &url)
{
    const QString endpoint = url.endpoint();
    if (endpoint.isEmpty()) {
        if (url.authority.isEmpty())
            return failure(QStringLiteral("has no host after \"dns:\"; expected e.g. \"dns:///collector:55678\""));
        return failure(QStringLiteral("names \"%1\" as the DNS server to ask and no host, so grpc-go's dns resolver "
                                      "fails (\"missing address\"); for the system's resolver write three slashes, "
                                      "e.g. \"dns:///%1\"")
                           .arg(url.authority));
    }
    // The same grammar for the server (default port 53) and the host (default port 443): an IP literal without
    // brackets, host:port, or else host alone.
    const auto parse = [](const QString &hostPort, int defaultPort, int examplePort) {
        const QString dns = QStringLiteral("dns");
        if (isIpv4Literal(hostPort) || isIpv6Literal(hostPort))
            return hostPortAddress(joinHostPort(hostPort, defaultPort), Use::Dial, dns, examplePort);
        const QString withDefault = hostPort + u':' + QString::number(defaultPort);
        const bool useDefault = !splitHostPort(hostPort, Use::Dial).problem.isEmpty()
            && splitHostPort(withDefault, Use::Dial).problem.isEmpty();
        return hostPortAddress(useDefault ? withDefault : hostPort, Use::Dial, dns, examplePort);
    };
    AgentAddressResult result = parse(endpoint, kDnsDefaultPort, kAgentPort);
    if (!result.address)
        return result;
    result.address->defaultPort = !splitHostPort(endpoint, Use::Dial).problem.isEmpty();
    if (!url.authority.isEmpty()) {
        const AgentAddressResult server = parse(url.authority, kDnsServerPort, kDnsServerPort);
        if (!server.address)
            return failure(QStringLiteral("names a DNS server that %1").arg(server.problem));
        result.address->dnsServer = url.authority;
    }
    return result;
}

// What the passthrough resolver hands to the transport, which dials it with Go's net.Dialer.
AgentAddressResult passthroughAddress(const QString &endpoint)
{
    if (endpoint.isEmpty())
        return failure(QStringLiteral("names no host:port, so grpc-go's passthrough resolver fails (\"received empty "
                                      "target\"); expected e.g. \"collector:55678\""));
    // The transport dials a "unix:" endpoint as a socket (internal/transport ParseDialTarget). Its rules differ
    // from the unix resolver's only for "unix://HOST/path" (HOST ignored); we hold it to the resolver's.
    if (endpoint.startsWith(QStringLiteral("unix:"))) {
        if (const std::optional<UrlParts> url = urlParts(endpoint.mid(5)))
            return socketAddress(*url, AgentAddress::Kind::Unix, QStringLiteral("unix"));
    }
    return hostPortAddress(endpoint, Use::Dial, QStringLiteral("passthrough"));
}

QString controlCharacterProblem(const QString &text)
{
    const auto isControl = [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; };
    const auto control = std::find_if(text.begin(), text.end(), isControl);
    if (control == text.end())
        return QString();
    return QStringLiteral("contains the control character U+%1 (a tab or a line break?), which Go's URL parser "
                          "refuses, so grpc.Dial fails")
        .arg(control->unicode(), 4, 16, QChar(u'0'));
}

const QString kBadEscape = QStringLiteral("has a '%' that does not start an escape of two hex digits (such as %25 for "
                                          "'%'), so Go's URL parser refuses it and grpc.Dial fails");

// The two socket schemes: a file, or a Linux abstract name.
AgentAddress::Kind socketKind(const QString &scheme)
{
    return scheme == u"unix" ? AgentAddress::Kind::Unix : AgentAddress::Kind::UnixAbstract;
}

// grpc.Dial, step by step.
AgentAddressResult dialTarget(const QString &text)
{
    if (text.isEmpty())
        return failure(QStringLiteral("is empty; expected host:port, e.g. \"localhost:55678\""));
    if (const QString problem = controlCharacterProblem(text); !problem.isEmpty())
        return failure(problem);
    // url.Parse cuts off a #fragment (which must still decode) and a ?query first, in every target.
    const qsizetype hash = text.indexOf(u'#');
    if (hash >= 0 && !percentDecoded(text.mid(hash + 1)))
        return failure(kBadEscape);
    QString target = text.left(hash);
    target.truncate(target.indexOf(u'?') < 0 ? target.size() : target.indexOf(u'?'));

    const QString scheme = urlScheme(target);
    const std::optional<UrlParts> url = scheme.isEmpty() ? std::nullopt : urlParts(target.mid(scheme.size() + 1));
    if (scheme == u"dns" || scheme == u"unix" || scheme == u"unix-abstract" || scheme == u"passthrough") {
        if (!url) // url.Parse failed: the passthrough:///TEXT fallback fails on the same '%'
            return failure(kBadEscape);
        if (scheme == u"dns")
            return dnsAddress(*url);
        if (scheme == u"passthrough")
            return passthroughAddress(url->endpoint());
        return socketAddress(*url, socketKind(scheme), scheme);
    }
    if (!scheme.isEmpty() && url && !url->authority.isEmpty()) {
        const QString &authority = url->authority;
        const QString example = authority.contains(u':') ? authority : joinHostPort(authority, kAgentPort);
        return failure(QStringLiteral("is a URL with the scheme \"%1\", which grpc-go has no resolver for: grpc.Dial "
                                      "hands the whole text to Go's dialer, which cannot connect to it, so the "
                                      "exporter never connects; expected host:port, e.g. \"%2\"")
                           .arg(scheme, example));
    }
    // No scheme, or one without a resolver: grpc.Dial dials "passthrough:///" + the text instead.
    const std::optional<UrlParts> fallback = urlParts(QStringLiteral("///") + target);
    if (!fallback)
        return failure(kBadEscape);
    return passthroughAddress(fallback->endpoint());
}

// gRPC C++'s AddListeningPort: "unix:" and "unix-abstract:" prefixes, anything else host:port.
AgentAddressResult listenTarget(const QString &text)
{
    if (text.isEmpty())
        return failure(QStringLiteral("is empty; expected host:port, e.g. \"127.0.0.1:55678\""));
    if (const QString problem = controlCharacterProblem(text); !problem.isEmpty())
        return failure(problem);
    const QString scheme = urlScheme(text);
    if (scheme == u"unix" || scheme == u"unix-abstract") {
        const std::optional<UrlParts> url = urlParts(text.mid(scheme.size() + 1));
        return url ? socketAddress(*url, socketKind(scheme), scheme) : failure(kBadEscape);
    }
    if (!scheme.isEmpty() && text.mid(scheme.size() + 1).startsWith(u'/'))
        return failure(QStringLiteral("is a URL; the agent listens on host:port, unix:PATH or unix-abstract:NAME, "
                                      "e.g. \"127.0.0.1:55678\""));
    return hostPortAddress(text, Use::Listen, QString());
}

} // namespace

QString AgentAddress::grpcTarget() const
{
    // gRPC C++ percent-decodes targets (its URI parser, and AddListeningPort), so escape what it would read.
    const auto encoded = [](const QString &text) {
        return QString::fromLatin1(QUrl::toPercentEncoding(text, QByteArrayLiteral("/!$&'()*+,;=:@")));
    };
    switch (kind) {
    case Kind::Unix:
        // "unix://..." would make the next segment an authority, which gRPC C++ refuses.
        return (path.startsWith(QStringLiteral("//")) ? QStringLiteral("unix://") : QStringLiteral("unix:"))
            + encoded(path);
    case Kind::UnixAbstract:
        return QStringLiteral("unix-abstract:") + encoded(path);
    case Kind::HostPort:
        break;
    }
    const QString hostPort = joinHostPort(QString(host).replace(u'%', QStringLiteral("%25")), port);
    return dnsServer.isEmpty() ? hostPort : QStringLiteral("dns://%1/%2").arg(dnsServer, hostPort);
}

QString AgentAddress::display() const
{
    switch (kind) {
    case Kind::Unix:
        return QStringLiteral("unix:") + path;
    case Kind::UnixAbstract:
        return QStringLiteral("unix-abstract:") + path;
    case Kind::HostPort:
        break;
    }
    const QString hostPort = joinHostPort(host, port);
    return dnsServer.isEmpty() ? hostPort : QStringLiteral("dns://%1/%2").arg(dnsServer, hostPort);
}

AgentAddress AgentAddress::loopback(quint16 port)
{
    AgentAddress a;
    a.scheme = QStringLiteral("passthrough");
    a.host = QStringLiteral("127.0.0.1");
    a.port = port;
    return a;
}

AgentAddressResult parseAgentAddress(const QString &text)
{
    return withSubject(text, dialTarget(text));
}

AgentAddressResult parseListenAddress(const QString &text)
{
    return withSubject(text, listenTarget(text));
}

} // namespace ocw
