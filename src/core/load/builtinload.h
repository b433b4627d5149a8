// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "exporter/encodedspans.h"
#include "exporter/telemetryqueue.h"

#include <QString>

#include <chrono>
#include <random>

namespace ocw {

// A simple KrakenD-shaped load until profiles exist: each request is a trace of three spans as
// krakend-opencensus names them (router SERVER span, pipe span, backend CLIENT span), and every metric
// interval brings the gateway's HTTP server views (request count, latency distribution) and a gauge.
class BuiltinLoad final
{
public:
    static constexpr int SpansPerTrace = 3;

    BuiltinLoad(QString serviceName, std::uint64_t seed);

    // One request's trace, ending `now`, encoded into `out`. The three span objects are reused from
    // trace to trace, so steady state allocates nothing per span.
    void appendTrace(EncodedSpans &out, std::chrono::system_clock::time_point now);
    // The metrics of one reporting interval; cumulative values grow with `requestsSoFar`.
    std::vector<Metric> metrics(std::chrono::system_clock::time_point now, std::uint64_t requestsSoFar);
    std::uint64_t random() { return m_random(); }

private:
    QString m_service;
    Span m_router;
    Span m_pipe;
    Span m_backend;
    std::mt19937_64 m_random;
    std::chrono::system_clock::time_point m_start;
    std::array<std::uint64_t, 6> m_latencyBuckets{};
    double m_latencySum = 0;
    std::uint64_t m_latencyCount = 0;
};

} // namespace ocw
