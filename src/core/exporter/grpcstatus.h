// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <grpcpp/support/status.h>

namespace ocw {

// "UNAUTHENTICATED: missing header x-tenant": the code's name and gRPC's message.
QString statusCodeName(grpc::StatusCode code);
QString describeStatus(const grpc::Status &status);

} // namespace ocw
