// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "opencensus/proto/agent/common/v1/common.pb.h"
#include "opencensus/proto/resource/v1/resource.pb.h"

#include <QString>

namespace ocw {

// The Node every stream's first message carries: this process (host name, pid, start time), the
// library (C++, our version) and the service name from the config, as the Go exporter builds it.
opencensus::proto::agent::common::v1::Node makeNode(const QString &serviceName);
// The resource sent beside the Node: a KrakenD gateway named after the service.
opencensus::proto::resource::v1::Resource makeResource(const QString &serviceName);

} // namespace ocw
