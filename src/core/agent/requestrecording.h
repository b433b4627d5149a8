// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tappedrequest.h"
#include "tapsnapshot.h"

#include "load/recordinglayout.h"

#include <QFile>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace ocw {

// Writes every Export request the agent accepts to a recording that `run --replay` sends again (the layout is
// in recordinglayout.h). The gRPC handler threads only queue their requests; a writer thread serializes
// and writes them. The queue is bounded in requests and bytes: what does not fit is not recorded, and counted,
// so a slow disk never slows the agent. A write error (a full disk) stops the recording; it is kept, with the
// file's name, for snapshot() and finish().
//
// Thread contract: open() and finish() on the owner's thread; record() from any thread; snapshot() anywhere.
class RequestRecording final
{
public:
    static constexpr std::size_t DefaultMaxQueuedRequests = 4096;
    static constexpr std::size_t DefaultMaxQueuedBytes = 64 * 1024 * 1024;

    explicit RequestRecording(QString file, std::size_t maxQueuedRequests = DefaultMaxQueuedRequests,
                              std::size_t maxQueuedBytes = DefaultMaxQueuedBytes);
    ~RequestRecording();
    RequestRecording(const RequestRecording &) = delete;
    RequestRecording &operator=(const RequestRecording &) = delete;

    // Creates (or empties) the recording's files and starts the writer. Returns what went wrong, naming the
    // file, or an empty string.
    QString open();
    // Queues one request received on `stream` (numbered from 1). Never waits for the disk.
    void record(RecordedKind kind, std::uint64_t stream, const TappedRequest &request);
    // Writes what is queued, then closes the files. Returns the first write error, or an empty string.
    // Idempotent; what comes after it is not recorded.
    QString finish();
    RecordingSnapshot snapshot() const;

private:
    struct Entry {
        TimesEntry times;
        TappedRequest request;
    };
    void writeLoop();
    void writeBatch(std::deque<Entry> &batch);
    bool writeAll(QFile &file, const std::string &bytes);
    // Now, as a time since the epoch that never goes back: stamped under m_mutex, so FILE.times is in the
    // order received, and the spacing a replay keeps is not bent by a step of the system clock.
    std::int64_t receivedNow() const;

    const RecordingLayout m_layout;
    const std::size_t m_maxRequests;
    const std::size_t m_maxBytes;
    QFile m_traces;
    QFile m_metrics;
    QFile m_times;
    std::thread m_writer;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Entry> m_queue;
    std::size_t m_queuedBytes = 0;
    bool m_open = false;
    bool m_finishing = false;
    bool m_failed = false; // a write failed: nothing more is written
    std::chrono::system_clock::time_point m_openedWall;
    std::chrono::steady_clock::time_point m_openedSteady;
    RecordingSnapshot m_stats;
};

} // namespace ocw
