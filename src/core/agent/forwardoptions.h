// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/agentaddress.h"

#include <QByteArray>

#include <chrono>
#include <optional>

namespace ocw {

struct ForwardOptionsResult;

// Where and how the agent relays what it receives (`agent --forward`).
struct ForwardOptions {
    QString address;       // as the user gave it
    AgentAddress upstream; // the same, parsed: dial upstream.grpcTarget()
    bool insecure = false; // plaintext; otherwise TLS, as KrakenD's exporter without `insecure`
    QByteArray caPem;      // TLS roots to trust; empty: the system's
    // The buffer of each incoming stream, between the sender and the upstream: what does not fit is dropped.
    std::size_t maxBufferedRequests = 512;
    std::size_t maxBufferedBytes = 32 * 1024 * 1024;
    // After an upstream stream is refused or breaks, the next one opens no sooner than this; the wait doubles
    // with each failure in a row, up to maxBackoff, and starts again once a request is written.
    std::chrono::milliseconds minBackoff{100};
    std::chrono::milliseconds maxBackoff{5000};
    // Once a sender's stream has ended (or the agent stops): the time left to forward what its buffer holds
    // and have the upstream confirm the stream, before it is cancelled.
    std::chrono::milliseconds drainTimeout{5000};

    // From the command line: `address` as KrakenD's exporter would dial it, plaintext when `insecure`, else TLS
    // trusting `caFile` (empty: the system's roots). The error says what is wrong, naming the file.
    static ForwardOptionsResult make(const QString &address, bool insecure, const QString &caFile);
};

struct ForwardOptionsResult {
    std::optional<ForwardOptions> options;
    QString error;
};

} // namespace ocw
