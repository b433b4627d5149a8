// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <array>
#include <cstdint>

namespace ocw {

// Why an item was given up without being delivered.
enum class DropReason {
    QueueFull,       // the bounded queue had no room when it was generated (the agent was slow or away)
    WriteFailed,     // its batch was refused by a stream that had already broken: it never left
    CancelledAtStop, // the stop cancelled its stream at the drain deadline, while its batch was being written
                     // or before the agent confirmed it (the agent may have read some of these)
    Disconnected,    // made while the exporter was not connected: KrakenD's exporter drops it (fidelity krakend)
    Count
};
QString dropReasonName(DropReason reason); // "queue_full", ...

// What became of items written to a stream, once that stream has ended.
enum class Delivery {
    Delivered,   // the agent closed the stream cleanly after reading it to its end
    Unconfirmed, // the stream broke first: the agent may or may not have read them
    Cancelled,   // the stop cancelled the stream at the drain deadline
};
QString deliveryName(Delivery delivery); // "delivered", ...

// Where every generated item of one kind (spans, or metric points) is. The OpenCensus protocol has no
// acknowledgement, so an item written to a stream is only known to be delivered once the agent ends that
// stream cleanly after reading it to its end; until then it is in flight, and when the stream breaks first
// it stays unconfirmed. At every snapshot
//     generated == queued + inFlight + sent + unconfirmed + dropped()
// holds exactly.
struct Accounting {
    std::uint64_t generated = 0;
    std::uint64_t queued = 0;      // waiting in the queue, or in a batch being written
    std::uint64_t inFlight = 0;    // written to a stream that is still open: delivery not known yet
    std::uint64_t sent = 0;        // delivered: written to a stream the agent then closed cleanly
    std::uint64_t unconfirmed = 0; // written to a stream that broke before the agent confirmed it
    std::array<std::uint64_t, std::size_t(DropReason::Count)> droppedBy{};
    std::uint64_t written = 0; // ever handed to a stream successfully (a running total, not a bucket)

    std::uint64_t dropped() const;
    std::uint64_t dropped(DropReason reason) const { return droppedBy[std::size_t(reason)]; }
    bool balanced() const { return generated == queued + inFlight + sent + unconfirmed + dropped(); }
    // Adds another ledger's counts (a run's connections, summed): balanced ledgers sum to a balanced one.
    Accounting &operator+=(const Accounting &other);
};

} // namespace ocw
