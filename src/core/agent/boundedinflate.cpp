// SPDX-License-Identifier: Apache-2.0
#include "boundedinflate.h"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace ocw {

namespace {

constexpr std::size_t FirstChunk = 64 * 1024;
constexpr std::size_t LargestChunk = 4 * 1024 * 1024;
constexpr std::size_t MaxFeed = UINT_MAX; // z_stream's lengths are uInt: a longer piece goes in parts

class Inflater
{
public:
    // windowBits 15 + 32: a gzip or a zlib header, whichever the data has.
    explicit Inflater(std::size_t limit) : m_limit(limit) { m_started = inflateInit2(&m_stream, 15 + 32) == Z_OK; }
    ~Inflater() { inflateEnd(&m_stream); }
    Inflater(const Inflater &) = delete;
    Inflater &operator=(const Inflater &) = delete;

    InflateResult run(const std::vector<std::string_view> &pieces)
    {
        if (!m_started)
            return failed(InflateResult::Outcome::Broken, "cannot start zlib");
        Step step = Step::More;
        for (std::string_view piece : pieces) {
            while (!piece.empty()) {
                if (step == Step::End)
                    return failed(InflateResult::Outcome::Broken, "data after the end of the compressed stream");
                const std::size_t feed = std::min(piece.size(), MaxFeed);
                m_stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(piece.data()));
                m_stream.avail_in = uInt(feed);
                while (m_stream.avail_in > 0 && step == Step::More)
                    step = inflateSome();
                if (step == Step::Failed)
                    return std::move(m_result);
                if (step == Step::Stuck) // no progress with input and room for output: zlib has no other reason
                    return failed(InflateResult::Outcome::Broken, "corrupt data");
                piece.remove_prefix(feed - m_stream.avail_in);
            }
        }
        // What zlib still holds once every byte is in; no progress then means the data stops short.
        while (step == Step::More)
            step = inflateSome();
        if (step == Step::Failed)
            return std::move(m_result);
        if (step == Step::Stuck)
            return failed(InflateResult::Outcome::Broken, "the compressed stream ends early");
        if (!m_result.chunks.empty()) // the last one's unused end
            m_result.chunks.back().resize(m_result.chunks.back().size() - (m_capacity - m_stream.total_out));
        m_result.outcome = InflateResult::Outcome::Inflated;
        return std::move(m_result);
    }

private:
    enum class Step { More, End, Stuck, Failed };

    // One inflate() call with room for output. A full chunk is followed by one twice its size (up to
    // LargestChunk), and the chunks hold at most limit + 1 bytes: one byte more than the limit is enough to know
    // the data is too large.
    Step inflateSome()
    {
        std::vector<std::string> &chunks = m_result.chunks;
        if (m_stream.total_out == m_capacity) {
            const std::size_t size = chunks.empty() ? FirstChunk : std::min(chunks.back().size() * 2, LargestChunk);
            chunks.emplace_back(std::min(size, m_limit + 1 - m_capacity), '\0');
            m_capacity += chunks.back().size();
        }
        std::string &last = chunks.back();
        const std::size_t used = last.size() - (m_capacity - m_stream.total_out);
        m_stream.next_out = reinterpret_cast<Bytef *>(last.data() + used);
        m_stream.avail_out = uInt(last.size() - used);
        const int status = inflate(&m_stream, Z_NO_FLUSH);
        if (m_stream.total_out > m_limit) {
            failed(InflateResult::Outcome::TooLarge, "");
            return Step::Failed;
        }
        switch (status) {
        case Z_OK:
            return Step::More;
        case Z_STREAM_END:
            return Step::End;
        case Z_BUF_ERROR:
            return Step::Stuck;
        default:
            failed(InflateResult::Outcome::Broken, m_stream.msg ? m_stream.msg : "corrupt data");
            return Step::Failed;
        }
    }

    InflateResult failed(InflateResult::Outcome outcome, const char *why)
    {
        m_result = InflateResult{outcome, {}, why};
        return m_result;
    }

    const std::size_t m_limit;
    z_stream m_stream{};
    bool m_started = false;
    std::size_t m_capacity = 0; // of all chunks
    InflateResult m_result;
};

} // namespace

InflateResult inflateBounded(const std::vector<std::string_view> &pieces, std::size_t limit)
{
    return Inflater(limit).run(pieces);
}

} // namespace ocw
