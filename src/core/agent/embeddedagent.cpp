// SPDX-License-Identifier: Apache-2.0
#include "embeddedagent.h"

#include "agentrecorder.h"
#include "agentservices.h"
#include "agenttap.h"
#include "logging.h"

#include <grpcpp/grpcpp.h>

namespace ocw {

EmbeddedAgent::EmbeddedAgent(AgentOptions options)
    : m_options(std::move(options)), m_recorder(std::make_unique<AgentRecorder>()),
      m_tap(m_options.forward || !m_options.recordFile.isEmpty() ? std::make_unique<AgentTap>(m_options.forward, m_options.recordFile)
                                                                 : nullptr),
      m_services(std::make_unique<AgentServices>(m_options, *m_recorder, m_tap.get()))
{
    m_faults = std::thread([this] { faultLoop(); });
}

EmbeddedAgent::~EmbeddedAgent()
{
    {
        const std::lock_guard lock(m_faultMutex);
        m_quit = true;
    }
    m_faultWake.notify_all();
    m_faults.join();
    stop();
}

QString EmbeddedAgent::start()
{
    const std::lock_guard lock(m_serverMutex);
    m_stopped = false;
    if (m_tap) {
        if (const QString error = m_tap->start(); !error.isEmpty())
            return error;
    }
    return listenLocked();
}

QString EmbeddedAgent::listenLocked()
{
    if (m_server)
        return QString();
    AgentAddress address = m_options.listen;
    if (const quint16 port = m_port; port != 0) // listening again after a stop: the same port, so exporters find it
        address.port = port;
    std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials();
    if (!m_options.tlsCertPem.isEmpty() && !m_options.tlsKeyPem.isEmpty()) {
        grpc::SslServerCredentialsOptions ssl;
        ssl.pem_key_cert_pairs.push_back({m_options.tlsKeyPem.toStdString(), m_options.tlsCertPem.toStdString()});
        credentials = grpc::SslServerCredentials(ssl);
    }
    grpc::ServerBuilder builder;
    int selected = 0;
    builder.AddListeningPort(address.grpcTarget().toStdString(), credentials, &selected);
    // Sizes are checked by AgentServices, which counts what it refuses: gRPC 1.51 would inflate a whole message
    // before checking it, and ends a stream over its own limit without telling the handler why.
    builder.SetMaxReceiveMessageSize(-1);
    builder.AddChannelArgument(GRPC_ARG_ENABLE_PER_MESSAGE_DECOMPRESSION, 0);
    // gRPC buffers a whole message before handing it over; its memory quota bounds that for all streams together
    // (a connection past it has its stream reset). Its thread quota bounds the sync server's threads, one per open
    // stream: past it gRPC refuses a stream with RESOURCE_EXHAUSTED before AgentServices sees it.
    grpc::ResourceQuota quota("ocw-agent");
    quota.Resize(m_options.limits.maxBufferedBytes);
    quota.SetMaxThreads(m_options.limits.maxThreads);
    builder.SetResourceQuota(quota);
    builder.RegisterService(m_services.get());
    m_server = builder.BuildAndStart();
    if (!m_server || selected == 0) {
        m_server.reset();
        return QStringLiteral("cannot listen on %1 (in use, or not an address of this machine)").arg(address.display());
    }
    if (address.kind == AgentAddress::Kind::HostPort) { // gRPC C++ reports port 1 for a socket, which has none
        m_port = quint16(selected);
        address.port = quint16(selected);
    }
    qCInfo(lcAgent).noquote() << "listening on" << address.display();
    return QString();
}

void EmbeddedAgent::stop()
{
    {
        // Stopped by its owner: a refusal under way must not bring it back.
        const std::lock_guard lock(m_serverMutex);
        m_stopped = true;
    }
    shutDown();
}

void EmbeddedAgent::shutDown()
{
    // One shutdown at a time, so that neither the owner's stop nor a refusal returns before the server is gone.
    const std::lock_guard shutdownLock(m_shutdownMutex);
    std::unique_ptr<grpc::Server> server;
    {
        const std::lock_guard lock(m_serverMutex);
        server = std::move(m_server);
    }
    if (!server)
        return;
    m_services->cancelAll();
    server->Shutdown(std::chrono::system_clock::now());
    server->Wait();
}

QString EmbeddedAgent::finishTap()
{
    return m_tap ? m_tap->finish() : QString();
}

bool EmbeddedAgent::isListening() const
{
    const std::lock_guard lock(m_serverMutex);
    return m_server != nullptr;
}

void EmbeddedAgent::refuseConnectionsFor(std::chrono::milliseconds window)
{
    m_recorder->faultInjected();
    shutDown();
    {
        const std::lock_guard lock(m_faultMutex);
        m_listenAgainAt = std::chrono::steady_clock::now() + window;
    }
    m_faultWake.notify_all();
}

void EmbeddedAgent::closeAllStreams()
{
    m_recorder->faultInjected();
    m_services->cancelAll();
}

void EmbeddedAgent::pushTraceConfig(const opencensus::proto::trace::v1::TraceConfig &config)
{
    m_services->pushTraceConfig(config);
}

QString EmbeddedAgent::listenAgain()
{
    const std::lock_guard lock(m_serverMutex);
    return m_stopped ? QString() : listenLocked();
}

AgentSnapshot EmbeddedAgent::snapshot() const
{
    AgentSnapshot s = m_recorder->snapshot();
    s.port = port();
    s.listening = isListening();
    s.limits = m_options.limits;
    if (m_tap) {
        s.forward = m_tap->forwardSnapshot();
        s.recording = m_tap->recordingSnapshot();
    }
    return s;
}

void EmbeddedAgent::faultLoop()
{
    using Clock = std::chrono::steady_clock;
    auto nextClose = Clock::now() + m_options.closeStreamsEvery;
    std::unique_lock lock(m_faultMutex);
    while (!m_quit) {
        auto wakeAt = Clock::now() + std::chrono::hours(1);
        if (m_options.closeStreamsEvery.count() > 0)
            wakeAt = std::min(wakeAt, nextClose);
        if (m_listenAgainAt != Clock::time_point{})
            wakeAt = std::min(wakeAt, m_listenAgainAt);
        m_faultWake.wait_until(lock, wakeAt);
        if (m_quit)
            break;
        const auto now = Clock::now();
        if (m_listenAgainAt != Clock::time_point{} && now >= m_listenAgainAt) {
            m_listenAgainAt = {};
            lock.unlock();
            if (const QString error = listenAgain(); !error.isEmpty())
                qCWarning(lcAgent).noquote() << error;
            lock.lock();
        }
        if (m_options.closeStreamsEvery.count() > 0 && now >= nextClose) {
            nextClose = now + m_options.closeStreamsEvery;
            lock.unlock();
            closeAllStreams();
            lock.lock();
        }
    }
}

} // namespace ocw
