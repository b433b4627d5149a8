// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "recordinglayout.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocw {

// One request of a recording that carries spans or metric points.
struct RecordedRequest {
    RecordedKind kind = RecordedKind::Trace;
    // When it was sent: its receive time from FILE.times, or, in a `generate` file (which has no times), its
    // earliest span start or point timestamp, so that the spacing between requests still means something.
    std::int64_t recordedNanos = 0;
    std::size_t begin = 0; // where the message starts in its file (past its size prefix)
    std::size_t size = 0;
    std::size_t spans = 0;
    std::size_t points = 0;
};

// A recording (`agent --record FILE`: FILE, FILE.metrics, FILE.times; see recordinglayout.h) or a
// `generate --format binary` file (trace requests or metric requests, told apart by their content), read
// whole and checked: every message parses and every request has its time. Immutable once loaded, so a
// replay's thread and the report can share it.
class Recording final
{
public:
    QString file;
    bool timed = false; // the times are receive times from FILE.times
    std::vector<RecordedRequest> requests; // in the order recorded
    std::size_t requestsWithoutData = 0;   // a stream's first message (Node and Resource only): nothing to replay
    std::size_t spans = 0;
    std::size_t points = 0;

    // The message of `request`, serialized as recorded.
    std::string_view bytesOf(const RecordedRequest &request) const;

    struct Loaded {
        std::shared_ptr<const Recording> recording;
        QString error; // what is wrong and where (file, byte offset or line), when `recording` is null
    };
    // What the files of a recording hold: FILE, and FILE.metrics and FILE.times when it is timed.
    struct Files {
        std::string traces;
        std::optional<std::string> metrics;
        std::optional<std::string> times;
    };
    // Reads the files, then parse(): a recording is timed when FILE.times exists.
    static Loaded load(const QString &file);
    // The checks on files already in memory; messages name them as if read from `file`.
    static Loaded parse(const QString &file, Files files);

private:
    std::string m_traceBytes;
    std::string m_metricBytes;
};

} // namespace ocw
