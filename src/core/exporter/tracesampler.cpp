// SPDX-License-Identifier: Apache-2.0
#include "tracesampler.h"

#include <algorithm>
#include <cmath>

namespace ocw {

TraceSampler::TraceSampler(double probability)
    : m_threshold(0), m_always(false)
{
    setProbability(probability);
}

void TraceSampler::setProbability(double probability)
{
    probability = std::clamp(probability, 0.0, 1.0);
    m_always.store(probability >= 1.0, std::memory_order_relaxed);
    // 2^64 itself does not fit: converting it is undefined (the conditional must not make ~0 a double either).
    const double scaled = std::ldexp(probability, 64);
    m_threshold.store(scaled >= 0x1p64 ? ~std::uint64_t(0) : std::uint64_t(scaled), std::memory_order_relaxed);
}

opencensus::proto::trace::v1::TraceConfig TraceSampler::apply(const opencensus::proto::trace::v1::TraceConfig &config)
{
    using opencensus::proto::trace::v1::ConstantSampler;
    if (config.has_probability_sampler())
        setProbability(config.probability_sampler().samplingprobability());
    else if (config.has_constant_sampler())
        setProbability(config.constant_sampler().decision() == ConstantSampler::ALWAYS_ON ? 1.0 : 0.0);
    else
        return config; // rate limiting: the Go exporter ignores it too
    m_updates.fetch_add(1, std::memory_order_relaxed);
    opencensus::proto::trace::v1::TraceConfig applied;
    if (config.has_probability_sampler())
        *applied.mutable_probability_sampler() = config.probability_sampler();
    else
        *applied.mutable_constant_sampler() = config.constant_sampler();
    return applied;
}

bool TraceSampler::sample(std::uint64_t random) const
{
    return m_always.load(std::memory_order_relaxed) || random < m_threshold.load(std::memory_order_relaxed);
}

double TraceSampler::probability() const
{
    return m_always.load(std::memory_order_relaxed) ? 1.0 : std::ldexp(double(m_threshold.load(std::memory_order_relaxed)), -64);
}

QString TraceSampler::describe() const
{
    const double p = probability();
    if (p >= 1.0)
        return QStringLiteral("always");
    if (p <= 0.0)
        return QStringLiteral("never");
    return QStringLiteral("probability %1").arg(p);
}

} // namespace ocw
