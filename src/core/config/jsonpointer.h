// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace ocw::JsonPointer {

// One reference token escaped for a pointer: "~" becomes "~0" and "/" becomes "~1" (RFC 6901).
QString escape(QStringView token);
// "/a/b~1c" -> {"a", "b/c"}; nullopt when the text is not a pointer (non-empty and not starting with "/",
// or holding a "~" not followed by 0 or 1).
std::optional<QStringList> split(QStringView pointer);
QString join(const QStringList &tokens);
QString append(QStringView pointer, QStringView token);

} // namespace ocw::JsonPointer
