// SPDX-License-Identifier: Apache-2.0
#include "random.h"

#include <cmath>

namespace ocw {

namespace {

std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

std::uint64_t splitmix64(std::uint64_t &x)
{
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// GCC and Clang's 128-bit integer, for the full 64 x 64 bit product.
__extension__ using Wide = unsigned __int128;

constexpr double kZ99 = 2.3263478740408408; // the standard normal's 99th percentile

} // namespace

Random::Random(std::uint64_t seed)
{
    for (std::uint64_t &s : m_state)
        s = splitmix64(seed);
}

std::uint64_t Random::at(std::uint64_t seed, std::uint64_t index)
{
    std::uint64_t state = seed + index * 0x9E3779B97F4A7C15ULL;
    return splitmix64(state);
}

std::uint64_t Random::next()
{
    const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotl(m_state[3], 45);
    return result;
}

std::uint64_t Random::below(std::uint64_t bound)
{
    if (bound == 0)
        return 0;
    Wide m = static_cast<Wide>(next()) * bound;
    auto low = static_cast<std::uint64_t>(m);
    if (low < bound) {
        const std::uint64_t threshold = -bound % bound;
        while (low < threshold) {
            m = static_cast<Wide>(next()) * bound;
            low = static_cast<std::uint64_t>(m);
        }
    }
    return static_cast<std::uint64_t>(m >> 64);
}

std::int64_t Random::between(std::int64_t low, std::int64_t high)
{
    if (high <= low)
        return low;
    return low + std::int64_t(below(std::uint64_t(high) - std::uint64_t(low) + 1));
}

double Random::unit()
{
    return double(next() >> 11) * 0x1.0p-53;
}

double Random::normal()
{
    // 1 - unit() is in (0, 1], so the logarithm is finite.
    const double u1 = 1.0 - unit();
    const double u2 = unit();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

double Random::logNormal(double median, double p99)
{
    if (median <= 0)
        return 0;
    const double sigma = p99 > median ? std::log(p99 / median) / kZ99 : 0.0;
    return median * std::exp(sigma * normal());
}

} // namespace ocw
