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
    std::string bytes; // Inflated: the whole output
    std::string error; // Broken: zlib's reason
};

// Inflates gzip or zlib data given in pieces (a gRPC message's slices), stopping as soon as the output passes
// `limit`: the memory used stays within the limit however far the input would expand (a 1 MB gzip bomb
// expands to 1 GiB). Data after the end of the compressed stream is Broken, as gRPC's own inflater has it.
InflateResult inflateBounded(const std::vector<std::string_view> &pieces, std::size_t limit);

} // namespace ocw
