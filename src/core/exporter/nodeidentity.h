// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "opencensus/proto/agent/common/v1/common.pb.h"
#include "opencensus/proto/resource/v1/resource.pb.h"

#include <QString>

namespace ocw {

// The Node every stream's first message carries: this process (host name, pid, start time), the
// library (C++, our version) and the service name from the config, as the Go exporter builds it.
// A run with parallel connections is as many exporters in one process, so that an agent tells them apart as
// it would tell gateways apart: connection i of `connectionCount` > 1 gives its start time i nanoseconds
// after the process's (the identifier then differs; pid and host stay true) and carries the attribute
// `ocworkbench.connection` = "i/count".
opencensus::proto::agent::common::v1::Node makeNode(const QString &serviceName, int connection = 0, int connectionCount = 1);
// The resource sent beside the Node: a KrakenD gateway named after the service.
opencensus::proto::resource::v1::Resource makeResource(const QString &serviceName);

} // namespace ocw
