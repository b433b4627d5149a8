// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <algorithm>
#include <cstdint>

namespace ocw {

// A Timestamp as nanoseconds since the epoch. A sender may write any seconds (even a valid Timestamp reaches
// year 9999, past what 64-bit nanoseconds hold), so they are clamped to ±9e9 s, about the years 1685 to 2255,
// where adding any 32-bit nanos still fits.
inline std::int64_t unixNanos(const google::protobuf::Timestamp &t)
{
    constexpr std::int64_t kMaxSeconds = 9'000'000'000;
    return std::clamp<std::int64_t>(t.seconds(), -kMaxSeconds, kMaxSeconds) * 1'000'000'000 + t.nanos();
}

} // namespace ocw
