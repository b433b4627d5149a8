// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "telemetryqueue.h"

#include <cstddef>
#include <string>
#include <vector>

namespace ocw {

// What a transport did with one batch.
enum class ExportResult {
    Written, // handed to its stream: in flight until the stream ends
    Failed,  // the stream had broken (or was cancelled): the batch never left
};

// The seam between the batching loop and the wire, as opentelemetry-cpp's SpanExporter::Export: the
// loop decides what goes out when; a transport (the gRPC streams of one connection, or a test's fake)
// only writes. Not reentrant: called only from the exporter's thread.
class BatchTransport
{
public:
    virtual ~BatchTransport() = default;
    // Writes spans already in their wire form (the body of one ExportTraceServiceRequest).
    virtual ExportResult exportSpans(const std::string &spanRecords, std::size_t spans) noexcept = 0;
    // Writes metrics as one ExportMetricsServiceRequest.
    virtual ExportResult exportMetrics(std::vector<Metric> &&metrics, std::size_t points) noexcept = 0;
    // True once a stream has broken: nothing more can be written.
    virtual bool broken() const noexcept = 0;
};

} // namespace ocw
