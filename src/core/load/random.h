// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>

namespace ocw {

// A seeded random source whose sequence is the same on every machine and standard library:
// xoshiro256** seeded through splitmix64, with its own distributions (std::uniform_int_distribution
// and friends are implementation-defined, which would break "same seed, same bytes").
class Random final
{
public:
    explicit Random(std::uint64_t seed);

    // A value that depends on `seed` and `index` alone (splitmix64 as a counter-based generator): for
    // decisions about item `index` that must not depend on which other items were made before it.
    static std::uint64_t at(std::uint64_t seed, std::uint64_t index);

    std::uint64_t next();
    // Uniform in [0, bound); 0 when bound is 0. Lemire's method, without modulo bias.
    std::uint64_t below(std::uint64_t bound);
    // Uniform in [low, high], both included.
    std::int64_t between(std::int64_t low, std::int64_t high);
    // Uniform in [0, 1).
    double unit();
    bool chance(double probability) { return unit() < probability; }
    // Standard normal (Box-Muller).
    double normal();
    // Log-normal with the given median and 99th percentile: latency-like durations.
    double logNormal(double median, double p99);

private:
    std::uint64_t m_state[4];
};

} // namespace ocw
