// SPDX-License-Identifier: Apache-2.0
#include "sendermetadata.h"

#include <grpcpp/server_context.h>

namespace ocw {

SenderMetadata senderMetadata(const grpc::ServerContext &context)
{
    SenderMetadata metadata;
    for (const auto &[key, value] : context.client_metadata()) {
        const std::string name(key.data(), key.size());
        if (name.rfind("grpc-", 0) == 0 || name == "user-agent" || name == "content-type" || name == "te")
            continue;
        metadata.emplace(name, std::string(value.data(), value.size()));
    }
    return metadata;
}

} // namespace ocw
