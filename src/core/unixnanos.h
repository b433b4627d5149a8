// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <algorithm>
#include <cstdint>
#include <limits>

namespace ocw {

// A Timestamp as nanoseconds since the epoch. A sender may write any seconds (even a valid Timestamp reaches
// year 9999, past what 64-bit nanoseconds hold), so they are clamped to ±9e9 s, about the years 1685 to 2255,
// where adding any 32-bit nanos still fits.
inline std::int64_t unixNanos(const google::protobuf::Timestamp &t)
{
    constexpr std::int64_t kMaxSeconds = 9'000'000'000;
    return std::clamp<std::int64_t>(t.seconds(), -kMaxSeconds, kMaxSeconds) * 1'000'000'000 + t.nanos();
}

// Time arithmetic on times a sender or a recording chose: held at the limits of 64 bits instead of
// overflowing, which would be undefined behaviour and, in practice, a time on the wrong side of 1970.
inline std::int64_t saturatingAdd(std::int64_t a, std::int64_t b)
{
    std::int64_t sum = 0;
    if (!__builtin_add_overflow(a, b, &sum))
        return sum;
    return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
}

inline std::int64_t saturatingSub(std::int64_t a, std::int64_t b)
{
    std::int64_t difference = 0;
    if (!__builtin_sub_overflow(a, b, &difference))
        return difference;
    return b < 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
}

// Nanoseconds computed in floating point (a span divided by a replay speed), held inside 64 bits: converting a
// double past them is undefined.
inline std::int64_t clampToNanos(double nanos)
{
    constexpr double kLimit = 9.2e18; // just inside ±2^63
    return std::int64_t(std::clamp(nanos, -kLimit, kLimit));
}

} // namespace ocw
