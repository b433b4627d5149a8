// SPDX-License-Identifier: Apache-2.0
#include "accounting.h"

#include <numeric>

namespace ocw {

QString dropReasonName(DropReason reason)
{
    switch (reason) {
    case DropReason::QueueFull:
        return QStringLiteral("queue_full");
    case DropReason::WriteFailed:
        return QStringLiteral("write_failed");
    case DropReason::CancelledAtStop:
        return QStringLiteral("cancelled_at_stop");
    case DropReason::Disconnected:
        return QStringLiteral("disconnected");
    case DropReason::Count:
        break;
    }
    return QString();
}

QString deliveryName(Delivery delivery)
{
    switch (delivery) {
    case Delivery::Delivered:
        return QStringLiteral("delivered");
    case Delivery::Unconfirmed:
        return QStringLiteral("unconfirmed");
    case Delivery::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QString();
}

std::uint64_t Accounting::dropped() const
{
    return std::accumulate(droppedBy.begin(), droppedBy.end(), std::uint64_t(0));
}

Accounting &Accounting::operator+=(const Accounting &other)
{
    generated += other.generated;
    queued += other.queued;
    inFlight += other.inFlight;
    sent += other.sent;
    unconfirmed += other.unconfirmed;
    for (std::size_t i = 0; i < droppedBy.size(); ++i)
        droppedBy[i] += other.droppedBy[i];
    written += other.written;
    return *this;
}

} // namespace ocw
