// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "opencensus/proto/trace/v1/trace_config.pb.h"

#include <QString>

#include <atomic>
#include <cstdint>

namespace ocw {

// Which traces are generated: first the config's sample_rate, then whatever sampler the agent pushes down
// the Config stream. Read by the generator thread, written by the exporter's config reader: lock-free.
class TraceSampler final
{
public:
    explicit TraceSampler(double probability = 1.0);

    // Applies a config from the agent as the Go exporter does: a probability sampler, or a constant one
    // (ALWAYS_ON samples everything, anything else nothing). Returns the config to echo back.
    opencensus::proto::trace::v1::TraceConfig apply(const opencensus::proto::trace::v1::TraceConfig &config);
    // Decides for a trace from 64 random bits.
    bool sample(std::uint64_t random) const;
    double probability() const;
    QString describe() const;
    std::uint64_t updates() const { return m_updates.load(std::memory_order_relaxed); }

private:
    void setProbability(double probability);

    std::atomic<std::uint64_t> m_threshold; // sample when random < threshold; all ones means always
    std::atomic<bool> m_always;
    std::atomic<std::uint64_t> m_updates{0};
};

} // namespace ocw
