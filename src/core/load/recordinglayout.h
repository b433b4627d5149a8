// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocw {

// Where `agent --record FILE` puts a recording, and where `run --replay FILE` looks for it:
//   FILE          every ExportTraceServiceRequest received, on any TraceService/Export stream, in the order
//                 received; length-delimited (delimitedfile.h), so FILE alone reads as a `generate` traces file
//   FILE.metrics  every ExportMetricsServiceRequest, likewise
//   FILE.times    one line per request, in the order received: "<unix nanoseconds> <trace|metrics> <stream>".
//                 The Nth "trace" line is the Nth request of FILE, the Nth "metrics" line the Nth of FILE.metrics;
//                 streams are numbered from 1 in the order they opened. Lines starting with '#' are comments.
struct RecordingLayout {
    QString traces;
    QString metrics;
    QString times;
    static RecordingLayout of(const QString &file);
};

enum class RecordedKind { Trace, Metrics };

struct TimesEntry {
    std::int64_t receivedNanos = 0;
    RecordedKind kind = RecordedKind::Trace;
    std::uint64_t stream = 0;
};

// The first line of every FILE.times.
inline constexpr char TimesHeader[] = "# ocworkbench recording 1: receive time (unix nanoseconds), stream kind, stream number\n";
std::string timesLine(const TimesEntry &entry);
// nullopt for a line that is not an entry (a comment is not an error: check for '#' first).
std::optional<TimesEntry> parseTimesLine(std::string_view line);

} // namespace ocw
