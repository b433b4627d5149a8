// SPDX-License-Identifier: Apache-2.0
#include "exportersnapshot.h"

#include <array>

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

QString breakageName(Breakage breakage)
{
    static constexpr std::array<const char *, std::size_t(Breakage::Count)> names{"starting", "unreachable", "trace_stream",
                                                                                  "metrics_stream", "config_stream"};
    return QString::fromLatin1(names[std::size_t(breakage)]);
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
