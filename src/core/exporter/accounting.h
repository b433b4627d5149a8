// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <array>
#include <cstdint>

namespace ocw {

// Why an item never reached the agent.
enum class DropReason {
    QueueFull,       // the bounded queue had no room when it was generated (the agent was slow or away)
    WriteFailed,     // its batch was being written when the stream broke
    StoppedInFlight, // its batch was being written when the run was stopped
    Count
};
QString dropReasonName(DropReason reason); // "queue_full", ...

// Where every generated item of one kind (spans, or metric points) ended up. At every snapshot
// generated == sent + dropped() + queued holds exactly; queued counts batches being written too.
struct Accounting {
    std::uint64_t generated = 0;
    std::uint64_t sent = 0;
    std::uint64_t queued = 0;
    std::array<std::uint64_t, std::size_t(DropReason::Count)> droppedBy{};

    std::uint64_t dropped() const;
    bool balanced() const { return generated == sent + dropped() + queued; }
};

} // namespace ocw
