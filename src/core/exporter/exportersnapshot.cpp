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

QString drainOutcomeName(DrainOutcome outcome)
{
    switch (outcome) {
    case DrainOutcome::NotStopped:
        return QStringLiteral("not_stopped");
    case DrainOutcome::Clean:
        return QStringLiteral("clean");
    case DrainOutcome::Deadline:
        return QStringLiteral("deadline");
    case DrainOutcome::Broken:
        return QStringLiteral("broken");
    case DrainOutcome::NotConnected:
        return QStringLiteral("not_connected");
    }
    return QString();
}

} // namespace ocw
