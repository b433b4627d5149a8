// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "agentlimits.h"
#include "agentsnapshot.h"
#include "forwardoptions.h"
#include "config/agentaddress.h"

#include "opencensus/proto/trace/v1/trace_config.pb.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace grpc {
class Server;
}

namespace ocw {

class AgentRecorder;
class AgentServices;
class AgentTap;

struct AgentOptions {
    AgentAddress listen = AgentAddress::loopback(0); // from parseListenAddress(); port 0: the system picks one
    QByteArray tlsCertPem;       // TLS when both are set
    QByteArray tlsKeyPem;
    QString requiredHeaderName;  // streams without this header and value are refused (UNAUTHENTICATED)
    QString requiredHeaderValue;
    std::optional<ForwardOptions> forward; // relay everything received to an upstream collector (AgentForwarder)
    QString recordFile;                    // record every Export request received here (RequestRecording)
    AgentLimits limits;
    // Faults, for demos and tests:
    std::chrono::milliseconds closeStreamsEvery{0};  // end every open stream this often
    std::chrono::milliseconds readDelay{0};          // wait this long before reading each message
};

// An OpenCensus agent inside the app: a gRPC server for TraceService (Export, Config) and MetricsService
// (Export) that counts and checks everything it receives, so that the workbench works with no collector
// installed and its tests run end to end on loopback.
class EmbeddedAgent final
{
public:
    explicit EmbeddedAgent(AgentOptions options);
    ~EmbeddedAgent();
    EmbeddedAgent(const EmbeddedAgent &) = delete;
    EmbeddedAgent &operator=(const EmbeddedAgent &) = delete;

    // Starts listening; returns an error message, or an empty string. After a stop it listens again on
    // the same port.
    QString start();
    // Stops at once: open streams are cancelled, and a refusal under way does not bring the agent back.
    // Idempotent; blocks until the server's handlers have returned.
    void stop();
    // After stop(), with a forward or a recording: forwards what is still buffered (within the forward's drain
    // timeout) and closes the recording. Returns the recording's write error (naming the file), if any.
    // Idempotent; the destructor does it too.
    QString finishTap();
    bool isListening() const;
    quint16 port() const { return m_port.load(std::memory_order_relaxed); } // 0 for a Unix socket

    // Fault: refuses connections for `window`, then listens again on the same port.
    void refuseConnectionsFor(std::chrono::milliseconds window);
    // Fault: ends every open stream now.
    void closeAllStreams();
    // Sends a sampler down every open Config stream (and to those that open later).
    void pushTraceConfig(const opencensus::proto::trace::v1::TraceConfig &config);

    AgentSnapshot snapshot() const;
    AgentRecorder &recorder() { return *m_recorder; }
    const AgentOptions &options() const { return m_options; }

private:
    void faultLoop();
    QString listenLocked();  // with m_serverMutex held
    QString listenAgain();   // the end of a refusal: unless stopped since
    void shutDown();         // the server goes; a refusal's or the owner's stop

    const AgentOptions m_options;
    std::unique_ptr<AgentRecorder> m_recorder;
    std::unique_ptr<AgentTap> m_tap; // null without a forward or a recording
    std::unique_ptr<AgentServices> m_services;
    std::unique_ptr<grpc::Server> m_server;
    mutable std::mutex m_serverMutex;
    std::mutex m_shutdownMutex;
    bool m_stopped = false; // by its owner (not by a refusal)
    std::atomic<quint16> m_port{0}; // written under m_serverMutex (a refusal's end relistens); read from any thread

    std::thread m_faults;
    std::mutex m_faultMutex;
    std::condition_variable m_faultWake;
    bool m_quit = false;
    std::chrono::steady_clock::time_point m_listenAgainAt{};
};

} // namespace ocw
