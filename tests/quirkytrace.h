// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "opencensus/proto/agent/trace/v1/trace_service.pb.h"

// One trace as KrakenD's Go exporter sends it, with one mistake: a Node naming its service and no host (the
// Go exporter reads $HOSTNAME), a root whose parent id is 8 zero bytes, and a child that ends before it starts.
// An agent reports the quirks root_parent_all_zero and node_host_name_empty and the violation end_before_start.
inline opencensus::proto::agent::trace::v1::ExportTraceServiceRequest quirkyTrace()
{
    opencensus::proto::agent::trace::v1::ExportTraceServiceRequest request;
    request.mutable_node()->mutable_service_info()->set_name("krakend");
    for (const char id : {'r', 'c'}) {
        auto *span = request.add_spans();
        span->set_trace_id(std::string(16, 'q'));
        span->set_span_id(std::string(8, id));
        span->set_parent_span_id(std::string(8, id == 'r' ? '\0' : 'r'));
        span->mutable_name()->set_value("GET /users");
        span->mutable_start_time()->set_seconds(100);
        span->mutable_end_time()->set_seconds(id == 'r' ? 101 : 99);
    }
    return request;
}
