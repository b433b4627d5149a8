// SPDX-License-Identifier: Apache-2.0
#include "bytecountingrelay.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace ocw {

namespace {

constexpr int kConnectTimeoutMs = 3000;
constexpr std::size_t kBufferSize = 64 * 1024;

// Writes all of `size` bytes; false when the peer is gone.
bool writeAll(int fd, const char *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        size -= std::size_t(n);
    }
    return true;
}

void setNoDelay(int fd)
{
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

} // namespace

ByteCountingRelay::ByteCountingRelay(QString upstreamHost, quint16 upstreamPort)
    : m_host(std::move(upstreamHost)), m_upstreamPort(upstreamPort)
{
}

ByteCountingRelay::~ByteCountingRelay()
{
    stop();
}

QString ByteCountingRelay::start()
{
    m_listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_listenFd < 0 || ::pipe2(m_wakeFds, O_CLOEXEC) != 0)
        return QStringLiteral("wire byte counter: cannot create a socket: %1").arg(QString::fromLocal8Bit(strerror(errno)));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(m_listenFd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 || ::listen(m_listenFd, 16) != 0
        || ::getsockname(m_listenFd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return QStringLiteral("wire byte counter: cannot listen on 127.0.0.1: %1").arg(QString::fromLocal8Bit(strerror(errno)));
    m_port = ntohs(address.sin_port);
    m_thread = std::thread([this] { run(); });
    return QString();
}

void ByteCountingRelay::stop()
{
    if (m_thread.joinable()) {
        const char byte = 0;
        [[maybe_unused]] const ssize_t n = ::write(m_wakeFds[1], &byte, 1);
        {
            const std::lock_guard lock(m_socketsMutex);
            for (const int fd : m_sockets)
                ::shutdown(fd, SHUT_RDWR);
        }
        m_thread.join();
    }
    for (int *fd : {&m_listenFd, &m_wakeFds[0], &m_wakeFds[1]}) {
        if (*fd >= 0)
            ::close(*fd);
        *fd = -1;
    }
}

QString ByteCountingRelay::takeUpstreamError()
{
    const std::lock_guard lock(m_errorMutex);
    return std::exchange(m_upstreamError, QString());
}

int ByteCountingRelay::connectUpstream()
{
    const auto fail = [this](const QString &why) {
        const std::lock_guard lock(m_errorMutex);
        m_upstreamError = why;
        return -1;
    };
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    if (const int rc = ::getaddrinfo(m_host.toUtf8().constData(), QByteArray::number(m_upstreamPort).constData(), &hints, &found); rc != 0)
        return fail(QStringLiteral("cannot resolve \"%1\": %2").arg(m_host, QString::fromLocal8Bit(gai_strerror(rc))));
    int fd = -1;
    int lastError = 0;
    for (addrinfo *ai = found; ai && fd < 0; ai = ai->ai_next) {
        fd = ::socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
            continue;
        if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0 && errno != EINPROGRESS) {
            lastError = errno;
            ::close(fd);
            fd = -1;
            continue;
        }
        // Wait for the connection, or for stop(): an unreachable host must not hold up a stop.
        pollfd p[2] = {{fd, POLLOUT, 0}, {m_wakeFds[0], POLLIN, 0}};
        int error = 0;
        socklen_t length = sizeof error;
        const int ready = ::poll(p, 2, kConnectTimeoutMs);
        if (ready < 1 || p[1].revents || !p[0].revents || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0
            || error != 0) {
            lastError = ready == 0 ? ETIMEDOUT : error;
            ::close(fd);
            fd = -1;
        }
    }
    ::freeaddrinfo(found);
    if (fd < 0)
        return fail(QString::fromLocal8Bit(strerror(lastError ? lastError : ECONNREFUSED)));
    if (fd >= 0) {
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        setNoDelay(fd);
    }
    return fd;
}

void ByteCountingRelay::run()
{
    struct Pair {
        int client;
        int upstream;
    };
    std::vector<Pair> pairs;
    std::vector<char> buffer(kBufferSize);
    const auto closePair = [this](const Pair &p) {
        const std::lock_guard lock(m_socketsMutex);
        std::erase(m_sockets, p.client);
        std::erase(m_sockets, p.upstream);
        ::close(p.client);
        ::close(p.upstream);
    };
    for (;;) {
        std::vector<pollfd> fds{{m_wakeFds[0], POLLIN, 0}, {m_listenFd, POLLIN, 0}};
        for (const Pair &p : pairs) {
            fds.push_back({p.client, POLLIN, 0});
            fds.push_back({p.upstream, POLLIN, 0});
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[0].revents)
            break;
        std::vector<Pair> alive;
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const Pair &p = pairs[i];
            bool open = true;
            for (const bool up : {true, false}) {
                const pollfd &f = fds[2 + 2 * i + (up ? 0 : 1)];
                if (!open || !(f.revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                const ssize_t n = ::recv(f.fd, buffer.data(), buffer.size(), 0);
                if (n <= 0 || !writeAll(up ? p.upstream : p.client, buffer.data(), std::size_t(n))) {
                    open = false;
                    continue;
                }
                (up ? m_up : m_down).fetch_add(std::uint64_t(n), std::memory_order_relaxed);
            }
            if (open)
                alive.push_back(p);
            else
                closePair(p);
        }
        pairs = std::move(alive);
        if (fds[1].revents & POLLIN) {
            const int client = ::accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
            if (client >= 0) {
                // An agent that cannot be reached closes the client at once, as a refused connection would.
                const int upstream = connectUpstream();
                if (upstream < 0) {
                    ::close(client);
                } else {
                    setNoDelay(client);
                    pairs.push_back({client, upstream});
                    const std::lock_guard lock(m_socketsMutex);
                    m_sockets.insert(m_sockets.end(), {client, upstream});
                    m_connections.fetch_add(1, std::memory_order_relaxed);
                }
            }
        }
    }
    for (const Pair &p : pairs)
        closePair(p);
}

} // namespace ocw
