// SPDX-License-Identifier: Apache-2.0
#include "shard.h"

#include <QStringList>

namespace ocw {

std::optional<Shard> Shard::parse(const QString &text)
{
    const QStringList parts = text.split(u'/');
    if (parts.size() != 2)
        return std::nullopt;
    bool indexOk = false;
    bool countOk = false;
    const qulonglong index = parts[0].toULongLong(&indexOk);
    const qulonglong count = parts[1].toULongLong(&countOk);
    // toULongLong takes a sign and spaces; a shard is written with digits only.
    const auto digitsOnly = [](const QString &s) { return !s.isEmpty() && std::all_of(s.begin(), s.end(), [](QChar c) { return c.isDigit(); }); };
    if (!indexOk || !countOk || !digitsOnly(parts[0]) || !digitsOnly(parts[1]) || count == 0 || count > MaxCount || index >= count)
        return std::nullopt;
    return Shard{index, count};
}

} // namespace ocw
