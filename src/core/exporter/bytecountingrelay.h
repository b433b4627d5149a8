// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace ocw {

// A TCP relay on 127.0.0.1 in front of the gRPC channel. It forwards every connection to the agent and
// counts the bytes really written to the agent's socket: HTTP/2 framing, TLS records and compression
// included. This is what the dashboard's wire bytes and compression ratio are made of.
class ByteCountingRelay final
{
public:
    ByteCountingRelay(QString upstreamHost, quint16 upstreamPort);
    ~ByteCountingRelay();
    ByteCountingRelay(const ByteCountingRelay &) = delete;
    ByteCountingRelay &operator=(const ByteCountingRelay &) = delete;

    // Listens on 127.0.0.1 with a port the system picks; returns an error message or an empty string.
    QString start();
    void stop();
    quint16 port() const { return m_port; }

    std::uint64_t bytesToUpstream() const { return m_up.load(std::memory_order_relaxed); }
    std::uint64_t bytesFromUpstream() const { return m_down.load(std::memory_order_relaxed); }
    std::uint64_t connections() const { return m_connections.load(std::memory_order_relaxed); }
    // Why the last connection to the agent failed ("Connection refused", "host not found"), then forgets it;
    // empty when none failed since the last call.
    QString takeUpstreamError();

private:
    void run();
    int connectUpstream();

    const QString m_host;
    const quint16 m_upstreamPort;
    quint16 m_port = 0;
    int m_listenFd = -1;
    int m_wakeFds[2] = {-1, -1};
    std::thread m_thread;
    std::mutex m_socketsMutex;
    std::vector<int> m_sockets; // relayed connections, shut down by stop() to end blocked writes
    std::atomic<std::uint64_t> m_up{0};
    std::atomic<std::uint64_t> m_down{0};
    std::atomic<std::uint64_t> m_connections{0};
    std::mutex m_errorMutex;
    QString m_upstreamError;
};

} // namespace ocw
