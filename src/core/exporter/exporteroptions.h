// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "config/agentaddress.h"
#include "config/opencensusconfig.h"

#include <QString>

#include <chrono>
#include <optional>

namespace ocw {

// The defaults of the run settings, defined once: the CLI's help and the GUI show them too.
inline constexpr std::size_t DefaultMaxQueueItems = 50000;
inline constexpr std::size_t DefaultMaxQueueBytes = 64 * 1024 * 1024;
inline constexpr std::chrono::milliseconds DefaultDrainTimeout{5000};

// How closely the exporter follows KrakenD's Go exporter (PROTOCOL.md, "The Go exporter's behaviour").
enum class Fidelity {
    // As KrakenD does it, quirks included: headers on the trace Export stream only; the Config stream opened
    // before the metrics stream, and a failed first Config write fails the connection; a stream is noticed
    // broken only when a write to it fails, and then the whole connection goes (the healthy streams with
    // it); what is made while disconnected is dropped, not queued; roots carry a parent id of 8 zero bytes.
    Krakend,
    // The workbench's own way: headers on every stream, a broken stream noticed at once, and what is made
    // while disconnected queued (up to the queue's bounds) and sent after the reconnection.
    Improved,
};
QString fidelityName(Fidelity fidelity);                        // "krakend", "improved"
std::optional<Fidelity> fidelityFromName(const QString &name); // the reverse; nullopt for anything else

// What a run needs beyond krakend.json: KrakenD has no key for these.
struct RunSettings {
    QString addressOverride;   // dial this instead of the config's address (e.g. the embedded agent)
    QString caFile;            // PEM roots for TLS; empty: the system's roots
    QString certFile;          // PEM client certificate for mutual TLS; needs keyFile
    QString keyFile;
    std::size_t maxQueueItems = DefaultMaxQueueItems; // spans + metric points waiting to be sent
    std::size_t maxQueueBytes = DefaultMaxQueueBytes; // their serialized size
    bool reconnectionJitter = true;                   // the Go exporter's random 0-70 % extra wait
    bool measureWireBytes = true;                     // read the bytes gRPC writes from its sockets
    // At stop: how long to send what is queued and wait for the agent to confirm the streams.
    std::chrono::milliseconds drainTimeout = DefaultDrainTimeout;
    Fidelity fidelity = Fidelity::Krakend;
};

struct ExporterOptionsResult;

// Everything the exporter worker does, decided once from the validated config and the run settings.
struct ExporterOptions {
    QString address;                 // the agent's address as the config (or the run settings) gives it
    AgentAddress target;             // the same, parsed: dial target.grpcTarget()
    QString serviceName;             // Node.service_info.name
    bool insecure = false;           // plaintext when true, TLS otherwise
    bool gzip = false;               // enable_compression: gzip every message
    QList<HeaderEntry> headers;      // gRPC metadata: on the trace Export stream, or on every stream (fidelity)
    Fidelity fidelity = Fidelity::Krakend;
    std::chrono::milliseconds reconnectionPeriod{10000};
    bool reconnectionJitter = true;
    QByteArray caPem;                // TLS material read from the run settings' files
    QByteArray certPem;
    QByteArray keyPem;
    std::size_t maxQueueItems = DefaultMaxQueueItems;
    std::size_t maxQueueBytes = DefaultMaxQueueBytes;
    std::size_t maxBatchSpans = 300;    // as the Go exporter's bundler
    std::size_t maxBatchMetrics = 500;
    std::chrono::milliseconds flushInterval{200}; // short, so the dashboard moves smoothly
    std::chrono::milliseconds connectTimeout{5000};
    // At stop: time to send what is queued, close the streams cleanly and have the agent confirm them;
    // past it the streams are cancelled.
    std::chrono::milliseconds drainTimeout = DefaultDrainTimeout;
    bool measureWireBytes = true;
    // Which of a run's parallel connections (run --connections) this exporter is, and how many there are:
    // each is its own exporter with its own queue and channel, and tells its Node apart (see makeNode).
    int connection = 0;
    int connectionCount = 1;

    // Fails with a clear message on what KrakenD itself would refuse (no address, bad reconnection) and on
    // run settings that cannot work (unreadable TLS files, a certificate without its key).
    static ExporterOptionsResult fromConfig(const OcAgentConfig &config, const RunSettings &settings);
};

struct ExporterOptionsResult {
    std::optional<ExporterOptions> options;
    QString error; // what is wrong, when there are no options
};

} // namespace ocw
