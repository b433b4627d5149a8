// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "loadprofile.h"
#include "shard.h"

#include <QString>

namespace ocw {

enum class RequestKind { Traces, Metrics };
enum class RequestFileFormat { Json, Binary };

struct RequestFileOptions {
    LoadProfile profile;
    std::uint64_t seed = 0;
    std::size_t count = 1; // requests after the first (Node) one, of the whole load
    RequestKind kind = RequestKind::Traces;
    RequestFileFormat format = RequestFileFormat::Json;
    Shard shard; // this file holds the shard's part of the whole load's requests
};

struct RequestFileResult {
    QString error;            // empty: written
    std::size_t requests = 0; // the Node's included
    QString summary;          // what they hold, for a person
    qint64 bytes = 0;
};

// The spans a trace request carries, as the exporter's batches.
inline constexpr std::size_t SpansPerRequest = 300;

// Writes the requests a run of the profile makes on one stream, streamed into `path` as they are made (so
// memory stays flat however many) and put in place atomically at the end: first the Node and Resource,
// then `count` batches of SpansPerRequest spans, or `count` metric reports, every metric_interval_s of
// virtual time (else KrakenD's default reporting period). As JSON (an array, protobuf's JSON mapping) or
// length-delimited binary. The same options give the same bytes on every machine.
// Sharded: the shard's traces among those of the whole load's `count` batches (the whole load's last batch
// may end inside a trace, and so do the shards'), in batches of its own; the metric reports come from shard
// 0 alone, so that the shards' files together hold the whole load once.
RequestFileResult writeRequestFile(const QString &path, const RequestFileOptions &options);

} // namespace ocw
