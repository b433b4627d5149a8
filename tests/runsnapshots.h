// SPDX-License-Identifier: Apache-2.0
#pragma once
// A run's snapshots made up for the history and chart tests: no session, exact numbers.
#include "run/loadrun.h"

// At `seconds`, connected all along, `spans` written since the start, compressed 5 : 1.
inline ocw::RunSnapshot snapshotAt(double seconds, std::uint64_t spans, std::uint64_t reconnections = 0, bool paused = false)
{
    ocw::RunSnapshot s;
    s.elapsedSeconds = seconds;
    s.paused = paused;
    s.exporter.spans.generated = spans;
    s.exporter.spans.written = spans;
    s.exporter.bytesUncompressed = spans * 100;
    s.exporter.bytesWire = spans * 20;
    s.exporter.reconnections = reconnections;
    s.exporter.state = ocw::ConnectionState::Connected;
    s.exporter.secondsIn[std::size_t(ocw::ConnectionState::Connected)] = seconds;
    return s;
}
