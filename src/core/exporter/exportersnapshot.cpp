// SPDX-License-Identifier: Apache-2.0
#include "exportersnapshot.h"

namespace ocw {

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Idle:
        return QStringLiteral("idle");
    case ConnectionState::Connecting:
        return QStringLiteral("connecting");
    case ConnectionState::Connected:
        return QStringLiteral("connected");
    case ConnectionState::Waiting:
        return QStringLiteral("waiting");
    case ConnectionState::Stopped:
        return QStringLiteral("stopped");
    case ConnectionState::Count:
        break;
    }
    return QString();
}

} // namespace ocw
