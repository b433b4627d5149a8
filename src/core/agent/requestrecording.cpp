// SPDX-License-Identifier: Apache-2.0
#include "requestrecording.h"

#include "logging.h"

#include "load/delimitedfile.h"

namespace ocw {

RequestRecording::RequestRecording(QString file, std::size_t maxQueuedRequests, std::size_t maxQueuedBytes)
    : m_layout(RecordingLayout::of(file)), m_maxRequests(maxQueuedRequests), m_maxBytes(maxQueuedBytes)
{
    m_stats.enabled = true;
    m_stats.file = file;
}

RequestRecording::~RequestRecording()
{
    finish();
}

QString RequestRecording::open()
{
    // Unbuffered: the writer hands each file one block per batch, and a failed write says so at once.
    for (QFile *file : {&m_traces, &m_metrics, &m_times}) {
        file->setFileName(file == &m_traces ? m_layout.traces : file == &m_metrics ? m_layout.metrics : m_layout.times);
        if (!file->open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered))
            return QStringLiteral("%1: cannot record: %2").arg(file->fileName(), file->errorString());
    }
    if (!writeAll(m_times, TimesHeader))
        return m_stats.error;
    {
        const std::lock_guard lock(m_mutex);
        m_open = true;
        m_openedWall = std::chrono::system_clock::now();
        m_openedSteady = std::chrono::steady_clock::now();
    }
    m_writer = std::thread([this] { writeLoop(); });
    return QString();
}

void RequestRecording::record(RecordedKind kind, std::uint64_t stream, const TappedRequest &request)
{
    {
        const std::lock_guard lock(m_mutex);
        const bool fits = m_open && !m_finishing && !m_failed && m_queue.size() < m_maxRequests
                          && m_queuedBytes + request.bytes <= m_maxBytes;
        if (!fits) {
            ++(m_failed ? m_stats.requestsAfterError : m_stats.requestsQueueFull);
            m_stats.spansNotRecorded += request.spans;
            m_stats.pointsNotRecorded += request.points;
            return;
        }
        m_queue.push_back(Entry{TimesEntry{receivedNow(), kind, stream}, request});
        m_queuedBytes += request.bytes;
    }
    m_wake.notify_one();
}

QString RequestRecording::finish()
{
    {
        const std::lock_guard lock(m_mutex);
        m_finishing = true;
    }
    m_wake.notify_one();
    if (m_writer.joinable())
        m_writer.join();
    for (QFile *file : {&m_traces, &m_metrics, &m_times})
        file->close();
    const std::lock_guard lock(m_mutex);
    return m_stats.error;
}

std::int64_t RequestRecording::receivedNow() const
{
    const auto now = m_openedWall + std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::steady_clock::now() - m_openedSteady);
    return std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
}

RecordingSnapshot RequestRecording::snapshot() const
{
    const std::lock_guard lock(m_mutex);
    return m_stats;
}

void RequestRecording::writeLoop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return !m_queue.empty() || m_finishing; });
        if (m_queue.empty())
            return; // finishing, and all is written
        std::deque<Entry> batch;
        batch.swap(m_queue);
        m_queuedBytes = 0;
        lock.unlock();
        writeBatch(batch);
        lock.lock();
    }
}

void RequestRecording::writeBatch(std::deque<Entry> &batch)
{
    // Each file gets one write per batch: the requests of its kind, and their lines in FILE.times.
    std::string traces;
    std::string metrics;
    std::string times;
    std::string message;
    for (const Entry &entry : batch) {
        message.clear();
        entry.request.message->SerializeToString(&message);
        appendDelimited(entry.times.kind == RecordedKind::Trace ? traces : metrics, message);
        times += timesLine(entry.times);
    }
    const bool written = writeAll(m_traces, traces) && writeAll(m_metrics, metrics) && writeAll(m_times, times);
    const std::lock_guard lock(m_mutex);
    for (const Entry &entry : batch) {
        if (written) {
            ++m_stats.requests;
            m_stats.spans += entry.request.spans;
            m_stats.points += entry.request.points;
        } else {
            ++m_stats.requestsAfterError;
            m_stats.spansNotRecorded += entry.request.spans;
            m_stats.pointsNotRecorded += entry.request.points;
        }
    }
    if (written)
        m_stats.bytes += traces.size() + metrics.size();
}

bool RequestRecording::writeAll(QFile &file, const std::string &bytes)
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_failed)
            return false;
    }
    if (bytes.empty())
        return true;
    // A write may take only part (a file-size limit, a disk filling up); the next one then says why.
    for (qint64 done = 0; done < qint64(bytes.size());) {
        const qint64 written = file.write(bytes.data() + done, qint64(bytes.size()) - done);
        if (written <= 0)
            break;
        done += written;
        if (done == qint64(bytes.size()))
            return true;
    }
    const QString error = QStringLiteral("%1: cannot write the recording: %2").arg(file.fileName(), file.errorString());
    qCWarning(lcAgent).noquote() << error;
    const std::lock_guard lock(m_mutex);
    m_failed = true;
    if (m_stats.error.isEmpty())
        m_stats.error = error;
    return false;
}

} // namespace ocw
