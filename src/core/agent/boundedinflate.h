// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ocw {

struct InflateResult {
    enum class Outcome { Inflated, TooLarge, Broken };
    Outcome outcome = Outcome::Broken;
    std::vector<std::string> chunks; // Inflated: the output, in order
    std::string error; // Broken: zlib's reason
};

// Inflates gzip or zlib data given in pieces (a gRPC message's slices), stopping as soon as the output passes
// `limit`: the memory used stays within the limit however far the input would expand (a 1 MB gzip bomb
// expands to 1 GiB). The output goes into chunks that are never copied to grow, so it costs what it holds
// plus at most one chunk (4 MiB). Data after the end of the compressed stream is Broken.
InflateResult inflateBounded(const std::vector<std::string_view> &pieces, std::size_t limit);

} // namespace ocw
