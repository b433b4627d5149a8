// SPDX-License-Identifier: Apache-2.0
#include "delimitedfile.h"

#include <google/protobuf/io/coded_stream.h>

namespace ocw {

namespace {

// Larger than any request an agent takes (gRPC's default limit is 4 MiB; ours 64 MiB): a prefix that says
// more is not a size.
constexpr std::uint64_t kMaxMessageBytes = 64 * 1024 * 1024;

} // namespace

void appendDelimited(std::string &out, std::string_view message)
{
    using google::protobuf::io::CodedOutputStream;
    std::uint8_t prefix[5];
    const std::uint8_t *end = CodedOutputStream::WriteVarint32ToArray(std::uint32_t(message.size()), prefix);
    out.append(reinterpret_cast<const char *>(prefix), std::size_t(end - prefix));
    out.append(message);
}

DelimitedRecords splitDelimited(std::string_view bytes)
{
    DelimitedRecords result;
    std::size_t at = 0;
    while (at < bytes.size()) {
        const std::size_t offset = at;
        std::uint64_t size = 0;
        int shift = 0;
        bool complete = false;
        while (at < bytes.size() && shift < 35) {
            const auto byte = static_cast<std::uint8_t>(bytes[at++]);
            size |= std::uint64_t(byte & 0x7F) << shift;
            shift += 7;
            if ((byte & 0x80) == 0) {
                complete = true;
                break;
            }
        }
        if (!complete && shift < 35) {
            result.error = QStringLiteral("truncated at offset %1: the file ends inside a message's size").arg(offset);
            return result;
        }
        if (!complete || size > kMaxMessageBytes) {
            result.error = QStringLiteral("at offset %1: not length-delimited protobuf (no message size there)").arg(offset);
            return result;
        }
        if (size > bytes.size() - at) {
            result.error = QStringLiteral("truncated at offset %1: a message of %2 bytes, but only %3 bytes follow")
                               .arg(offset)
                               .arg(size)
                               .arg(bytes.size() - at);
            return result;
        }
        result.records.push_back({offset, bytes.substr(at, std::size_t(size))});
        at += std::size_t(size);
    }
    return result;
}

} // namespace ocw
