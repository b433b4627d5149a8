// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <string>

namespace grpc {
class ServerContext;
}

namespace ocw {

// The metadata a sender put on its stream, without gRPC's own and the transport's headers.
using SenderMetadata = std::multimap<std::string, std::string>;

// What a sender put on its stream: the client metadata without gRPC's own headers (grpc-*) and the
// transport's (user-agent, content-type, te). The agent lists these names, and its forwarder passes them on.
SenderMetadata senderMetadata(const grpc::ServerContext &context);

} // namespace ocw
