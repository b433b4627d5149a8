// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <cstdint>
#include <optional>

namespace ocw {

// One of `count` instances that together make one load, as k6's execution segments split a test: every
// trace of the whole load has an index k in the order it falls due, and shard `index` makes those with
// k mod count == index, at the times they have in the whole. So the shards' traces together are exactly
// the whole load's, and at every moment each shard makes its share of the rate.
struct Shard {
    std::uint64_t index = 0;
    std::uint64_t count = 1;

    static constexpr std::uint64_t MaxCount = 1000000;

    bool owns(std::uint64_t item) const { return item % count == index; }
    bool isWhole() const { return count == 1; }
    QString display() const { return QStringLiteral("%1/%2").arg(index).arg(count); }
    // "I/N" with 0 <= I < N <= MaxCount; nullopt for anything else.
    static std::optional<Shard> parse(const QString &text);
};

} // namespace ocw
