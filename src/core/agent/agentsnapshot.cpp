// SPDX-License-Identifier: Apache-2.0
#include "agentsnapshot.h"

#include <numeric>

namespace ocw {

std::uint64_t AgentSnapshot::violationCount() const
{
    return std::accumulate(violations.begin(), violations.end(), std::uint64_t(0));
}

} // namespace ocw
