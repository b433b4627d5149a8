// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <string>
#include <string_view>
#include <vector>

namespace ocw {

// The length-delimited file format that `generate --format binary` writes, `agent --record` records and
// `run --replay` reads: each message is a varint32 of its size followed by its bytes (protobuf's
// writeDelimitedTo), back to back. One implementation, so that the three agree byte for byte.

// Appends `message` to `out`, its size first.
void appendDelimited(std::string &out, std::string_view message);

// The messages of a whole file, in order, as views into its bytes.
struct DelimitedRecords {
    struct Record {
        std::size_t offset = 0; // where its size prefix starts
        std::string_view bytes;
    };
    std::vector<Record> records;
    QString error; // when the bytes do not split into messages: what is wrong, with its offset
};
DelimitedRecords splitDelimited(std::string_view bytes);

} // namespace ocw
