// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "accounting.h"

#include <QByteArray>

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/sync_stream.h>

#include <memory>
#include <string>

namespace ocw {

// The Export streams as streams of bytes: the exporter writes batches already encoded (a batch is its span
// records back to back), and the agent's forwarder relays requests without a second parse. They open on
// the protocol's method paths, so the agent on the other end sees the ordinary typed methods. The embedded
// agent serves the same paths with bytes too (AgentServices).
using RawStream = grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>;
inline constexpr char TraceExportMethod[] = "/opencensus.proto.agent.trace.v1.TraceService/Export";
inline constexpr char TraceConfigMethod[] = "/opencensus.proto.agent.trace.v1.TraceService/Config";
inline constexpr char MetricsExportMethod[] = "/opencensus.proto.agent.metrics.v1.MetricsService/Export";

std::unique_ptr<RawStream> openRawStream(grpc::Channel &channel, const char *method, grpc::ClientContext &context);
grpc::ByteBuffer toBuffer(const std::string &bytes);

// Plaintext when `insecure`; else TLS trusting `caPem` (empty: the system's roots), with a client
// certificate when one is given.
std::shared_ptr<grpc::ChannelCredentials> channelCredentials(bool insecure, const QByteArray &caPem,
                                                             const QByteArray &certPem = {}, const QByteArray &keyPem = {});

// What became of the items written to a stream that has ended. The protocol has no acknowledgement: only a
// stream the agent ended cleanly (OK) after we half-closed it, and not before, proves it read them all.
// `endedFirst`: the agent ended it before we half-closed or cancelled it; `cancelledByStop`: a stop's
// deadline cancelled it.
Delivery deliveryAtEnd(const grpc::Status &status, bool halfClosed, bool endedFirst, bool cancelledByStop);

} // namespace ocw
