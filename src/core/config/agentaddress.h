// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <optional>

namespace ocw {

// One agent endpoint, parsed once: what KrakenD's ocagent exporter dials for its `address`, or what our
// embedded agent listens on. Build it with parseAgentAddress() or parseListenAddress(); every part is
// already checked, so users read the fields and never parse the text again.
struct AgentAddress {
    enum class Kind {
        HostPort,     // TCP to a host name or IP literal and a port
        Unix,         // a Unix domain socket file
        UnixAbstract, // a Linux abstract socket: a name, no file
    };

    Kind kind = Kind::HostPort;
    // The grpc-go resolver that handles a dialed address: "passthrough" (a bare host:port, and any scheme
    // grpc-go has no resolver for), "dns", "unix" or "unix-abstract". A listen address has none for TCP.
    QString scheme;
    QString dnsServer;        // dns://SERVER/host:port: the DNS server grpc-go asks; empty: the system's resolver
    QString host;             // name or IP literal, without brackets; an empty host is the local machine, "localhost"
    quint16 port = 0;         // 0 only in a listen address: the system picks a free port
    bool defaultPort = false; // the address named no port and grpc-go's dns resolver dials 443
    QString path;             // Unix: the socket file (relative: to the working directory); UnixAbstract: the name

    // The same endpoint as a gRPC C++ (1.51) target, for grpc::CreateCustomChannel and for
    // ServerBuilder::AddListeningPort alike: "host:port", "[v6]:port", "dns://SERVER/host:port", "unix:path" or
    // "unix-abstract:name", percent-encoded where gRPC C++ decodes.
    QString grpcTarget() const;
    // The address for people: the canonical form of the same endpoint, with no percent-escapes.
    QString display() const;

    // 127.0.0.1:port, where the workbench's own agent listens by default (port 0: any free port).
    static AgentAddress loopback(quint16 port);
};

struct AgentAddressResult {
    std::optional<AgentAddress> address;
    // When there is no address: what is wrong, as a sentence that starts with the quoted text and ends with an
    // example of the right form, e.g. `"collector" has no port; ... e.g. "collector:55678"`.
    QString problem;
};

// What KrakenD's exporter dials: grpc-go's grpc.Dial target syntax (grpc-go 1.42 and later, which every
// KrakenD 2.x since 2.0.5 links), and Go's net.Dial behind its passthrough resolver. Succeeds exactly for the
// addresses it can connect to, port 1 to 65535; the comments in the .cpp name the sources.
AgentAddressResult parseAgentAddress(const QString &text);

// What our agent can listen on (gRPC C++ 1.51's ServerBuilder::AddListeningPort): host:port with port 0 to
// 65535 (0: the system picks one), [v6]:port, unix:PATH or unix-abstract:NAME.
AgentAddressResult parseListenAddress(const QString &text);

} // namespace ocw
