// SPDX-License-Identifier: Apache-2.0
#include "messagedecoding.h"

#include "boundedinflate.h"

#include <google/protobuf/io/zero_copy_stream_impl.h>

#include <deque>
#include <numeric>

namespace ocw {

namespace {

// The first two bytes of the message, wherever gRPC's slices split it; fewer when it is shorter.
std::string leadingBytes(const std::vector<std::string_view> &pieces)
{
    std::string lead;
    for (std::string_view piece : pieces) {
        lead.append(piece.substr(0, 2 - lead.size()));
        if (lead.size() == 2)
            break;
    }
    return lead;
}

// Tells a compressed message from a plain one by its first bytes, as gRPC does not say which messages of a
// stream it compressed once its decompression is off. Exact for the agent's messages:
// - gzip starts with 1f 8b, and a protobuf message never starts with 0x1f (field 3 with wire type 7, which
//   does not exist);
// - a zlib header (RFC 1950: method 8, a window of at most 32 KiB, the check bits, no preset dictionary)
//   starts with a byte that reads as an odd field from 1 to 15 in varint form. The three messages the agent
//   takes have message fields 1 to 3 and no others, so an encoder that follows their schema never starts so.
bool isCompressed(const std::string &lead)
{
    if (lead.size() < 2)
        return false;
    const auto first = static_cast<unsigned char>(lead[0]);
    const auto second = static_cast<unsigned char>(lead[1]);
    if (first == 0x1f && second == 0x8b)
        return true;
    const bool deflate = (first & 0x0f) == 8 && (first >> 4) <= 7;
    const bool checked = ((first << 8) | second) % 31 == 0;
    const bool presetDictionary = second & 0x20;
    return deflate && checked && !presetDictionary;
}

bool parse(const std::vector<std::string_view> &pieces, google::protobuf::Message &into)
{
    if (pieces.empty())
        return into.ParseFromArray(nullptr, 0);
    if (pieces.size() == 1)
        return into.ParseFromArray(pieces.front().data(), int(pieces.front().size()));
    // Several slices: read in place, as gRPC's own reader does, rather than copied into one.
    std::deque<google::protobuf::io::ArrayInputStream> arrays; // not movable: a deque keeps them in place
    std::vector<google::protobuf::io::ZeroCopyInputStream *> streams;
    for (std::string_view piece : pieces)
        streams.push_back(&arrays.emplace_back(piece.data(), int(piece.size())));
    google::protobuf::io::ConcatenatingInputStream whole(streams.data(), int(streams.size()));
    return into.ParseFromZeroCopyStream(&whole);
}

MessageRefusal malformed(const google::protobuf::Message &message, const std::string &why)
{
    return MessageRefusal{Refusal::Malformed, "malformed " + message.GetDescriptor()->name() + ": " + why};
}

} // namespace

std::optional<MessageRefusal> decodeMessage(const std::vector<std::string_view> &pieces, const MessageLimits &limits,
                                            google::protobuf::Message &into)
{
    const std::size_t wireBytes = std::accumulate(pieces.begin(), pieces.end(), std::size_t(0),
                                                  [](std::size_t sum, std::string_view piece) { return sum + piece.size(); });
    if (wireBytes > limits.wireBytes)
        return MessageRefusal{Refusal::OversizedOnWire, "a message of " + std::to_string(wireBytes)
                                                            + " bytes is larger than this agent's limit of "
                                                            + std::to_string(limits.wireBytes) + " bytes"};
    if (!isCompressed(leadingBytes(pieces))) {
        if (!parse(pieces, into))
            return malformed(into, "not a protobuf encoding of this message");
        return std::nullopt;
    }
    const InflateResult inflated = inflateBounded(pieces, limits.decompressedBytes);
    switch (inflated.outcome) {
    case InflateResult::Outcome::TooLarge:
        return MessageRefusal{Refusal::OversizedDecompressed,
                              "a compressed message of " + std::to_string(wireBytes) + " bytes expands past this agent's limit of "
                                  + std::to_string(limits.decompressedBytes) + " bytes (inflating stopped there)"};
    case InflateResult::Outcome::Broken:
        return malformed(into, "compressed data: " + inflated.error);
    case InflateResult::Outcome::Inflated:
        break;
    }
    const std::vector<std::string_view> inflatedPieces(inflated.chunks.begin(), inflated.chunks.end());
    if (!parse(inflatedPieces, into))
        return malformed(into, "not a protobuf encoding of this message (once inflated)");
    return std::nullopt;
}

} // namespace ocw
