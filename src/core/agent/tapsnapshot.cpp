// SPDX-License-Identifier: Apache-2.0
#include "tapsnapshot.h"

#include <numeric>

namespace ocw {

QString forwardDropName(ForwardDrop reason)
{
    switch (reason) {
    case ForwardDrop::BufferFull:
        return QStringLiteral("buffer_full");
    case ForwardDrop::WriteFailed:
        return QStringLiteral("write_failed");
    case ForwardDrop::NotSent:
    case ForwardDrop::Count:
        break;
    }
    return QStringLiteral("not_sent");
}

std::uint64_t ForwardCounts::dropped() const
{
    return std::accumulate(std::begin(droppedBy), std::end(droppedBy), std::uint64_t(0));
}

} // namespace ocw
