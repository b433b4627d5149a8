// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounting.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <array>
#include <cstdint>
#include <vector>

namespace ocw {

enum class ConnectionState { Idle, Connecting, Connected, Waiting, Stopped, Count };
QString connectionStateName(ConnectionState state); // "connecting", ...

// How the stop's drain ended.
enum class DrainOutcome {
    NotStopped,   // no stop yet
    Clean,        // every stream was closed cleanly and the agent confirmed it: nothing is in doubt
    Deadline,     // the drain deadline passed: what was in flight was cancelled, what was queued stays queued
    Broken,       // a stream broke while draining
    NotConnected, // the stop came while not connected: what was queued stays queued
};
QString drainOutcomeName(DrainOutcome outcome); // "clean", ...

// What ended a connection, or kept it from opening: the report's account of what KrakenD's behaviour cost.
enum class Breakage {
    Starting,      // the run's first connection is still being made (what is made meanwhile waits for it)
    Unreachable,   // no connection: refused, a name that does not resolve, a TLS handshake that failed
    TraceStream,   // a write to the trace Export stream failed, or the agent ended it
    MetricsStream, // likewise for the metrics Export stream
    ConfigStream,  // the Config stream's first message was refused (fidelity krakend fails the connection)
    Count
};
QString breakageName(Breakage breakage); // "starting", "unreachable", "trace_stream", ...

// What the time without a connection that one kind of breakage began cost: with fidelity krakend, what was
// made then was dropped (`disconnected`), as KrakenD's exporter drops it.
struct OutageCost {
    std::uint64_t outages = 0;
    std::uint64_t spans = 0;  // dropped while disconnected
    std::uint64_t points = 0;
};

// One connection attempt, for the connection log.
struct ConnectionAttempt {
    int connection = 0;    // which of the run's connections made it (run --connections)
    double startedAt = 0;  // seconds since the exporter started
    bool connected = false;
    double retryAfter = 0; // when it failed or broke: the wait from startedAt before the next attempt (period + jitter)
    QString error;         // why it failed or ended, as gRPC or the agent said it
    // Once it has ended: what was written on its trace and metrics streams, and what became of it.
    bool ended = false;
    std::uint64_t spans = 0;
    std::uint64_t points = 0;
    Delivery spanDelivery = Delivery::Unconfirmed;
    Delivery pointDelivery = Delivery::Unconfirmed;
};

// What the exporter worker has done so far, as a value the UI and the reports can keep.
struct ExporterSnapshot {
    ConnectionState state = ConnectionState::Idle;
    std::array<double, std::size_t(ConnectionState::Count)> secondsIn{}; // time spent in each state
    std::uint64_t connectionAttempts = 0;
    std::uint64_t connections = 0;          // attempts that succeeded
    std::uint64_t reconnectionAttempts = 0; // attempts after the first one
    std::uint64_t reconnections = 0;        // of which succeeded
    std::uint64_t streamFailures = 0; // connections that ended in a broken stream
    std::uint64_t requestsSent = 0;   // messages written on the three streams, first messages included
    std::uint64_t bytesUncompressed = 0; // their serialized size
    std::uint64_t bytesWire = 0;         // bytes written to the agent's socket (TLS, HTTP/2 framing, gzip)
    bool wireMeasured = false;           // whether bytesWire was read from a socket (not for unix: targets)
    Accounting spans;
    Accounting points;
    std::size_t queueBytes = 0;
    QString lastError;  // the last reason a connection failed or ended, as the agent or gRPC said it
    QString sampler;    // the sampler in force
    std::uint64_t samplerUpdates = 0; // configs received on the Config stream
    QList<ConnectionAttempt> attempts; // the most recent ones, oldest first (at most MaxAttemptsKept)
    std::array<OutageCost, std::size_t(Breakage::Count)> outageCosts{}; // by what began each outage
    std::uint64_t healthyTraceStreamsClosed = 0; // another stream broke and took a working trace stream down
    std::uint64_t unauthenticatedStreams = 0;    // streams the agent refused as UNAUTHENTICATED (a missing header)
    static constexpr qsizetype MaxAttemptsKept = 64;
    DrainOutcome drain = DrainOutcome::NotStopped;
    double drainSeconds = 0; // from the stop request until the worker finished

    double compressionRatio() const { return bytesWire > 0 ? double(bytesUncompressed) / double(bytesWire) : 0.0; }

    // The run's connections as one exporter: counts, bytes and ledgers summed; the time in each state the
    // mean over connections (so it reads against the run's duration); the state Connected only while every
    // connection is, else the first one's that is not; the newest attempts of all, by start time; the worst
    // drain. Empty input gives an empty snapshot.
    static ExporterSnapshot combined(const std::vector<ExporterSnapshot> &connections);
};

} // namespace ocw

Q_DECLARE_METATYPE(ocw::ExporterSnapshot)
Q_DECLARE_METATYPE(ocw::ConnectionState)
