// SPDX-License-Identifier: Apache-2.0
#include "agentforwarder.h"

#include "logging.h"

#include "exporter/grpcstatus.h"
#include "exporter/rawstream.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <deque>

namespace ocw {

using Clock = std::chrono::steady_clock;


// The relay of one incoming stream: its buffer, and the thread that writes it to the upstream stream.
class AgentForwarder::Stream
{
public:
    Stream(AgentForwarder &forwarder, RecordedKind kind, SenderMetadata metadata);
    ~Stream();
    Stream(const Stream &) = delete;
    Stream &operator=(const Stream &) = delete;

    void push(const TappedRequest &request); // the handler's thread
    void endInput();                         // the incoming stream has ended (or the agent stops)
    void cancel();                           // the deadline has passed: the upstream stream is cancelled
    bool done() const { return m_done; }

private:
    struct Buffered {
        TappedRequest request;
        std::shared_ptr<const google::protobuf::Message> node; // the Node in force for it (the last one received)
    };
    // One upstream stream, and the thread that reads it so that its end is noticed at once.
    struct Call {
        grpc::ClientContext context;
        std::unique_ptr<RawStream> stream;
        std::thread reader;
        std::atomic<bool> halfClosed{false};
        std::atomic<bool> cancelled{false};  // by the deadline
        std::atomic<bool> endedFirst{false}; // the upstream ended it before we half-closed or cancelled it
        std::atomic<bool> readerDone{false};
        std::uint64_t requests = 0; // written on it
        std::uint64_t spans = 0;
        std::uint64_t points = 0;
    };
    void run();
    bool openCall(const Buffered &next);
    bool writeMessage(const google::protobuf::Message &message);
    void forward(const Buffered &next);
    void endCall(bool halfClose);
    void drop(const TappedRequest &request, ForwardDrop reason);

    AgentForwarder &m_forwarder;
    const char *const m_method;
    const SenderMetadata m_metadata;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Buffered> m_buffer;
    std::size_t m_bufferedBytes = 0;
    std::shared_ptr<const google::protobuf::Message> m_node; // the last Node received
    bool m_inputEnded = false;
    std::atomic<bool> m_cancelled{false};
    std::unique_ptr<Call> m_call; // made and ended on this stream's thread, under m_mutex so that cancel() sees it
    Clock::time_point m_retryAt{};
    std::chrono::milliseconds m_backoff;
    std::atomic<bool> m_done{false};
    std::thread m_thread; // last: it starts once the rest is built
};

AgentForwarder::Stream::Stream(AgentForwarder &forwarder, RecordedKind kind, SenderMetadata metadata)
    : m_forwarder(forwarder), m_method(kind == RecordedKind::Trace ? TraceExportMethod : MetricsExportMethod),
      m_metadata(std::move(metadata)), m_backoff(forwarder.m_options.minBackoff), m_thread([this] { run(); })
{
}

AgentForwarder::Stream::~Stream()
{
    m_thread.join();
}

void AgentForwarder::Stream::push(const TappedRequest &request)
{
    m_forwarder.updateStats([&](ForwardSnapshot &s) {
        ++s.requests.received;
        s.spans.received += request.spans;
        s.points.received += request.points;
    });
    std::unique_lock lock(m_mutex);
    if (request.nodeOnly)
        m_node = request.nodeOnly;
    const ForwardOptions &o = m_forwarder.m_options;
    if (m_inputEnded || m_buffer.size() >= o.maxBufferedRequests || m_bufferedBytes + request.bytes > o.maxBufferedBytes) {
        lock.unlock();
        drop(request, ForwardDrop::BufferFull);
        return;
    }
    m_buffer.push_back(Buffered{request, m_node});
    m_bufferedBytes += request.bytes;
    lock.unlock();
    m_wake.notify_one();
}

void AgentForwarder::Stream::endInput()
{
    {
        const std::lock_guard lock(m_mutex);
        m_inputEnded = true;
    }
    m_wake.notify_one();
}

void AgentForwarder::Stream::cancel()
{
    {
        const std::lock_guard lock(m_mutex);
        m_cancelled = true;
        if (m_call) {
            m_call->cancelled = true;
            m_call->context.TryCancel();
        }
    }
    m_wake.notify_one();
}

void AgentForwarder::Stream::run()
{
    std::unique_lock lock(m_mutex);
    while (!m_cancelled) {
        if (m_call && m_call->readerDone) {
            // The upstream ended the stream: settled now, and the next request opens another.
            lock.unlock();
            endCall(false);
            lock.lock();
            continue;
        }
        if (m_buffer.empty()) {
            if (m_inputEnded)
                break;
            m_wake.wait(lock);
            continue;
        }
        if (!m_call && Clock::now() < m_retryAt) {
            m_wake.wait_until(lock, m_retryAt); // the backoff: what comes meanwhile waits in the buffer
            continue;
        }
        const Buffered next = std::move(m_buffer.front());
        m_buffer.pop_front();
        m_bufferedBytes -= next.request.bytes;
        const bool open = m_call != nullptr;
        lock.unlock();
        if (open || openCall(next))
            forward(next);
        else
            drop(next.request, m_cancelled ? ForwardDrop::NotSent : ForwardDrop::WriteFailed);
        lock.lock();
    }
    lock.unlock();
    if (m_call)
        endCall(!m_cancelled); // the sender's stream ended: half-close, and wait for the upstream to confirm
    lock.lock();
    for (const Buffered &left : m_buffer)
        drop(left.request, ForwardDrop::NotSent);
    m_buffer.clear();
    lock.unlock();
    m_done = true;
    m_forwarder.streamDone();
}

bool AgentForwarder::Stream::openCall(const Buffered &next)
{
    auto call = std::make_unique<Call>();
    for (const auto &[key, value] : m_metadata)
        call->context.AddMetadata(key, value);
    Call *c = call.get();
    {
        const std::lock_guard lock(m_mutex);
        if (m_cancelled)
            return false;
        m_call = std::move(call);
    }
    c->stream = openRawStream(*m_forwarder.m_channel, m_method, c->context);
    m_forwarder.updateStats([](ForwardSnapshot &s) { ++s.upstreamStreams; });
    c->reader = std::thread([this, c] {
        grpc::ByteBuffer response;
        while (c->stream->Read(&response)) {
        }
        c->endedFirst = !c->halfClosed && !c->cancelled;
        c->readerDone = true;
        { const std::lock_guard lock(m_mutex); }
        m_wake.notify_one();
    });
    // The upstream sees the sender's Node first on every stream: the request itself carries it, or it goes ahead.
    if (!next.request.nodeOnly && next.node) {
        if (!writeMessage(*next.node)) {
            endCall(false);
            return false;
        }
        m_forwarder.updateStats([](ForwardSnapshot &s) { ++s.nodesResent; });
    }
    return true;
}

bool AgentForwarder::Stream::writeMessage(const google::protobuf::Message &message)
{
    std::string bytes;
    message.SerializeToString(&bytes);
    return m_call->stream->Write(toBuffer(bytes));
}

void AgentForwarder::Stream::forward(const Buffered &next)
{
    const TappedRequest &r = next.request;
    if (!writeMessage(*r.message)) {
        drop(r, m_cancelled ? ForwardDrop::NotSent : ForwardDrop::WriteFailed);
        endCall(false);
        return;
    }
    ++m_call->requests;
    m_call->spans += r.spans;
    m_call->points += r.points;
    m_backoff = m_forwarder.m_options.minBackoff;
    m_forwarder.updateStats([&](ForwardSnapshot &s) {
        ++s.requests.forwarded;
        s.spans.forwarded += r.spans;
        s.points.forwarded += r.points;
    });
}

void AgentForwarder::Stream::endCall(bool halfClose)
{
    Call &c = *m_call;
    if (halfClose && !c.readerDone) {
        c.halfClosed = true;
        c.stream->WritesDone();
    }
    // After a half-close: until the upstream has read to the end and ended the stream. Otherwise a write
    // failed or the deadline cancelled the call, so it has ended and the reader returns; the status Finish()
    // gives is then the upstream's own (a cancel of ours here would hide a refusal behind CANCELLED).
    c.reader.join();
    const grpc::Status status = c.stream->Finish();
    const bool confirmed = deliveryAtEnd(status, c.halfClosed, c.endedFirst, false) == Delivery::Delivered;
    // The deadline's cancellation is ours, not a refusal of the upstream's.
    const bool upstreamError = !confirmed && !(c.cancelled && status.error_code() == grpc::StatusCode::CANCELLED);
    QString why;
    if (upstreamError) {
        why = status.ok() ? QStringLiteral("%1 ended a stream before it was half-closed").arg(m_forwarder.m_options.address)
                          : QStringLiteral("%1: %2").arg(m_forwarder.m_options.address, describeStatus(status));
        qCInfo(lcAgent).noquote() << "forward:" << why;
        m_retryAt = Clock::now() + m_backoff;
        m_backoff = std::min(m_backoff * 2, m_forwarder.m_options.maxBackoff);
    }
    m_forwarder.updateStats([&](ForwardSnapshot &s) {
        for (auto [counts, n] : {std::pair{&s.requests, c.requests}, std::pair{&s.spans, c.spans}, std::pair{&s.points, c.points}})
            (confirmed ? counts->confirmed : counts->unconfirmed) += n;
        if (upstreamError) {
            ++s.upstreamErrors;
            s.lastUpstreamError = why;
        }
    });
    const std::lock_guard lock(m_mutex);
    m_call.reset();
}

void AgentForwarder::Stream::drop(const TappedRequest &request, ForwardDrop reason)
{
    m_forwarder.updateStats([&](ForwardSnapshot &s) {
        const auto index = std::size_t(reason);
        ++s.requests.droppedBy[index];
        s.spans.droppedBy[index] += request.spans;
        s.points.droppedBy[index] += request.points;
    });
}

AgentForwarder::AgentForwarder(ForwardOptions options)
    : m_options(std::move(options))
{
    // gRPC sets no limit on what a client sends: whatever the agent took goes on.
    m_channel = grpc::CreateChannel(m_options.upstream.grpcTarget().toStdString(), channelCredentials(m_options.insecure, m_options.caPem));
    m_stats.enabled = true;
    m_stats.upstream = m_options.address;
    m_stats.tls = !m_options.insecure;
    m_supervisor = std::thread([this] { supervise(); });
}

AgentForwarder::~AgentForwarder()
{
    finish();
}

template<typename Update>
void AgentForwarder::updateStats(Update update)
{
    const std::lock_guard lock(m_statsMutex);
    update(m_stats);
}

AgentForwarder::Stream *AgentForwarder::open(RecordedKind kind, const SenderMetadata &metadata)
{
    const std::lock_guard lock(m_mutex);
    if (m_finishing)
        return nullptr;
    m_streams.push_back(Entry{std::make_unique<Stream>(*this, kind, metadata), std::nullopt, false});
    return m_streams.back().stream.get();
}

void AgentForwarder::push(Stream *stream, const TappedRequest &request)
{
    if (stream)
        stream->push(request);
}

void AgentForwarder::close(Stream *stream)
{
    if (!stream)
        return;
    stream->endInput();
    {
        const std::lock_guard lock(m_mutex);
        const auto it = std::find_if(m_streams.begin(), m_streams.end(), [&](const Entry &e) { return e.stream.get() == stream; });
        it->closed = true;
        const auto deadline = Clock::now() + m_options.drainTimeout;
        it->deadline = std::min(it->deadline.value_or(deadline), deadline);
    }
    m_changed.notify_all();
}

void AgentForwarder::finish()
{
    std::unique_lock lock(m_mutex);
    if (!m_supervisor.joinable())
        return;
    m_finishing = true;
    const auto deadline = Clock::now() + m_options.drainTimeout;
    for (Entry &e : m_streams) {
        e.deadline = std::min(e.deadline.value_or(deadline), deadline);
        e.stream->endInput();
    }
    m_changed.notify_all();
    m_changed.wait(lock, [this] { return std::all_of(m_streams.begin(), m_streams.end(), [](const Entry &e) { return e.stream->done(); }); });
    m_quit = true;
    lock.unlock();
    m_changed.notify_all();
    m_supervisor.join();
    m_streams.clear();
}

void AgentForwarder::streamDone()
{
    { const std::lock_guard lock(m_mutex); }
    m_changed.notify_all();
}

void AgentForwarder::supervise()
{
    std::unique_lock lock(m_mutex);
    while (!m_quit) {
        const auto now = Clock::now();
        std::optional<Clock::time_point> next;
        std::list<Entry> finished;
        for (auto it = m_streams.begin(); it != m_streams.end();) {
            Entry &e = *it;
            if (e.closed && e.stream->done()) {
                finished.splice(finished.end(), m_streams, it++);
                continue;
            }
            if (e.deadline && *e.deadline <= now) {
                e.deadline.reset();
                e.stream->cancel();
            } else if (e.deadline) {
                next = std::min(next.value_or(*e.deadline), *e.deadline);
            }
            ++it;
        }
        if (!finished.empty()) {
            lock.unlock();
            finished.clear(); // joins their threads, which have ended
            lock.lock();
            continue;
        }
        if (next)
            m_changed.wait_until(lock, *next);
        else
            m_changed.wait(lock);
    }
}

ForwardSnapshot AgentForwarder::snapshot() const
{
    const std::lock_guard lock(m_statsMutex);
    return m_stats;
}

} // namespace ocw
