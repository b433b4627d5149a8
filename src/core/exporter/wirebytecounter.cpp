// SPDX-License-Identifier: Apache-2.0
#include "wirebytecounter.h"

#include <grpc/impl/codegen/grpc_types.h>
#include <grpc/support/sync.h>
#include <grpcpp/support/channel_arguments.h>

#include <netinet/in.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <vector>

// gRPC's socket-mutator interface. ChannelArguments::SetSocketMutator() is public, but the struct behind
// it is declared in gRPC's internal src/core/lib/iomgr/socket_mutator.h; this is its layout in gRPC 1.51
// (Debian 12), where a vtable whose mutate_fd_2 is set is called with the socket and its use. The test
// tst_exporteragent checks the counter sees every connection, so a gRPC with another layout fails there.
enum grpc_fd_usage { GRPC_FD_CLIENT_CONNECTION_USAGE, GRPC_FD_SERVER_LISTENER_USAGE, GRPC_FD_SERVER_CONNECTION_USAGE };
struct grpc_mutate_socket_info {
    int fd;
    grpc_fd_usage usage;
};
struct grpc_socket_mutator_vtable {
    bool (*mutate_fd)(int fd, grpc_socket_mutator *mutator);
    int (*compare)(grpc_socket_mutator *a, grpc_socket_mutator *b);
    void (*destroy)(grpc_socket_mutator *mutator);
    bool (*mutate_fd_2)(const grpc_mutate_socket_info *info, grpc_socket_mutator *mutator);
};
struct grpc_socket_mutator {
    const grpc_socket_mutator_vtable *vtable;
    gpr_refcount refcount;
};

namespace ocw {

namespace {
// The kernel's TCP states; <netinet/tcp.h> names them but cannot be included with <linux/tcp.h>.
constexpr std::uint8_t kTcpEstablished = 1;
constexpr std::uint8_t kTcpSynSent = 2;
} // namespace

struct WireByteCounter::State {
    struct Socket {
        int fd;
        dev_t device;
        ino_t inode; // tells the socket from a later one that reuses its descriptor number
        std::uint64_t bytes = 0;
    };

    void add(int fd)
    {
        struct stat st {};
        if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode))
            return;
        const std::lock_guard lock(mutex);
        // A descriptor number seen before belongs to a socket gRPC has closed since: keep its last count.
        const auto reused = std::find_if(sockets.begin(), sockets.end(), [fd](const Socket &s) { return s.fd == fd; });
        if (reused != sockets.end()) {
            closedBytes += reused->bytes;
            sockets.erase(reused);
        }
        sockets.push_back(Socket{fd, st.st_dev, st.st_ino});
    }

    static bool isSame(const Socket &socket)
    {
        struct stat st {};
        return ::fstat(socket.fd, &st) == 0 && st.st_ino == socket.inode && st.st_dev == socket.device;
    }

    // Reads the socket's count; false when gRPC has closed it, or it is not a TCP socket.
    bool read(Socket &socket)
    {
        if (!isSame(socket))
            return false;
        tcp_info info{};
        socklen_t length = sizeof info;
        int unsent = 0;
        if (::getsockopt(socket.fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0
            || length < offsetof(tcp_info, tcpi_bytes_acked) + sizeof info.tcpi_bytes_acked
            || ::ioctl(socket.fd, SIOCOUTQ, &unsent) != 0)
            return false;
        // Closed and replaced between the two looks: the numbers may be another socket's.
        if (!isSame(socket))
            return false;
        // While the handshake is under way the send queue holds the SYN, one sequence number and no data: read
        // then (a loaded machine polls a refused connection before its reset arrives), it counted a phantom byte
        // and called a socket that never connected measured.
        const std::uint64_t queued = info.tcpi_state == kTcpSynSent ? 0 : std::uint64_t(std::max(unsent, 0));
        socket.bytes = std::max(socket.bytes, std::uint64_t(info.tcpi_bytes_acked) + queued);
        // A socket that never connected (refused, say) measured nothing.
        measured = measured || info.tcpi_state == kTcpEstablished || socket.bytes > 0;
        return true;
    }

    std::uint64_t total()
    {
        const std::lock_guard lock(mutex);
        std::uint64_t sum = closedBytes;
        std::erase_if(sockets, [&](Socket &socket) {
            const bool open = read(socket);
            if (!open)
                closedBytes += socket.bytes;
            sum += socket.bytes;
            return !open;
        });
        return sum;
    }

    std::mutex mutex;
    std::vector<Socket> sockets;
    std::uint64_t closedBytes = 0;
    bool measured = false;
};

namespace {

// The mutator gRPC holds a reference to for as long as a channel or subchannel uses it.
struct CountingMutator {
    grpc_socket_mutator base; // first, so gRPC's pointer is this object's
    std::shared_ptr<WireByteCounter::State> state;
};

bool announce(const grpc_mutate_socket_info *info, grpc_socket_mutator *mutator)
{
    if (info->usage == GRPC_FD_CLIENT_CONNECTION_USAGE)
        reinterpret_cast<CountingMutator *>(mutator)->state->add(info->fd);
    return true; // false would make gRPC fail the connection
}

bool announceFd(int fd, grpc_socket_mutator *mutator)
{
    const grpc_mutate_socket_info info{fd, GRPC_FD_CLIENT_CONNECTION_USAGE};
    return announce(&info, mutator);
}

int compare(grpc_socket_mutator *a, grpc_socket_mutator *b)
{
    return std::less<>()(a, b) ? -1 : (a == b ? 0 : 1);
}

void destroy(grpc_socket_mutator *mutator)
{
    delete reinterpret_cast<CountingMutator *>(mutator);
}

constexpr grpc_socket_mutator_vtable kVtable{announceFd, compare, destroy, announce};

} // namespace

WireByteCounter::WireByteCounter() : m_state(std::make_shared<State>()) {}

WireByteCounter::~WireByteCounter() = default;

void WireByteCounter::attachTo(grpc::ChannelArguments &args)
{
    auto *mutator = new CountingMutator{{&kVtable, {}}, m_state};
    gpr_ref_init(&mutator->base.refcount, 1); // the arguments own this first reference
    args.SetSocketMutator(&mutator->base);
}

std::uint64_t WireByteCounter::bytesWritten()
{
    return m_state->total();
}

bool WireByteCounter::measuring() const
{
    const std::lock_guard lock(m_state->mutex);
    return m_state->measured;
}

} // namespace ocw
