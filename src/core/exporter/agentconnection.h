// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "batchtransport.h"
#include "exporteroptions.h"
#include "exportersnapshot.h"

#include <QString>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace ocw {

class TraceSampler;
class WireByteCounter;

// One connection to an OpenCensus agent, opened as KrakenD's Go exporter opens it: a channel, then
// TraceService/Export (Node and Resource first), TraceService/Config (Node first; samplers from the agent
// are applied and echoed) and MetricsService/Export (Node and Resource first), gzip when asked, and the
// config's headers on the trace Export stream only, as the Go exporter sends them (fidelity improved: on
// every stream, the Config stream last and best effort). It writes batches and remembers, stream by stream,
// what it wrote, so that when the connection ends it can say what the agent confirmed.
//
// Thread contract: everything but cancel() runs on the exporter's thread; cancel() may be called from any
// thread while the connection exists.
class AgentConnection final : public BatchTransport
{
public:
    // `wrote` is called on the exporter's thread with the size of each message written.
    AgentConnection(const ExporterOptions &options, TraceSampler &sampler, WireByteCounter *wireBytes,
                    std::function<void(std::size_t bytes)> wrote);
    ~AgentConnection() override;
    AgentConnection(const AgentConnection &) = delete;
    AgentConnection &operator=(const AgentConnection &) = delete;

    // Dials the agent and opens the streams. Returns why that failed (as gRPC or the agent said it), or an
    // empty string. Gives up early, with an empty reason, when `giveUp` turns true.
    QString open(const std::atomic<bool> &giveUp);

    ExportResult exportSpans(const std::string &spanRecords, std::size_t spans) noexcept override;
    ExportResult exportMetrics(std::vector<Metric> &&metrics, std::size_t points) noexcept override;
    bool broken() const noexcept override { return m_broken; }

    // How the connection ended, and what became of the items written on it.
    struct Ending {
        std::size_t spans = 0;  // written on the trace stream
        std::size_t points = 0; // written on the metrics stream
        Delivery spanDelivery = Delivery::Unconfirmed;
        Delivery pointDelivery = Delivery::Unconfirmed;
        QString reason; // the first error status that was not our own cancellation, if any
        std::optional<Breakage> brokenBy; // what broke first, unless the connection was closed or cancelled
        bool healthyTraceStreamClosed = false; // another stream broke, and the trace stream went down with it
        int unauthenticatedStreams = 0;        // streams the agent refused as UNAUTHENTICATED (a missing header)
    };
    // Half-closes every stream (WritesDone) and waits until the agent ends each (Finish): a stream it ends
    // cleanly after reading it to its end has delivered all that was written on it. Blocks until the agent
    // has ended them all, or cancel() is called.
    Ending close();
    // Cancels what is still open and ends the connection: what the agent did not confirm stays unconfirmed.
    Ending abandon();
    // The stop's deadline has passed: cancels every stream now, so that a write or close() under way
    // returns, and counts what was in flight as cancelled. Any thread.
    void cancel();

private:
    struct Stream;
    enum StreamIndex { Trace, Metrics, Config, StreamCount };

    void startReaders();
    QString openStreams(const std::atomic<bool> &giveUp);
    void noteBroken(Breakage breakage);
    Ending end(bool cancelRest);
    void finish(Stream &stream, const char *name, Ending &ending);

    const ExporterOptions &m_options;
    TraceSampler &m_sampler;
    WireByteCounter *const m_wireBytes;
    const std::function<void(std::size_t)> m_wrote;
    struct Grpc;
    std::unique_ptr<Grpc> m_grpc;
    std::atomic<bool> m_broken{false};
    std::mutex m_brokenMutex;
    std::optional<Breakage> m_brokenBy; // the first thing that broke
    std::atomic<bool> m_cancelling{false};    // we are cancelling the streams (a stop or an abandon)
    std::atomic<bool> m_stopCancelled{false}; // ... because the stop's deadline passed
};

} // namespace ocw
