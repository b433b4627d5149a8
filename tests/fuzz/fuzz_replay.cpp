// SPDX-License-Identifier: Apache-2.0
// `run --replay` of any recording: Recording's checks (parse(), which load() runs on the files it read), then
// RecordingReplay's due times and rewriting of ids and times. Input: one byte choosing the speed, then the recording's files separated by the line "@@":
// one part is an untimed recording (one file, traces or metrics); three parts are a timed one (the traces,
// the metrics, and the .times lines, as `agent --record` writes them).
#include "fuzzcheck.h"

#include "load/recording.h"
#include "load/recordingreplay.h"

#include <google/protobuf/stubs/logging.h>

#include <QString>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::vector<std::string_view> split(std::string_view input)
{
    constexpr std::string_view kSeparator = "\n@@\n";
    std::vector<std::string_view> parts;
    for (std::size_t at; (at = input.find(kSeparator)) != std::string_view::npos;) {
        parts.push_back(input.substr(0, at));
        input.remove_prefix(at + kSeparator.size());
    }
    parts.push_back(input);
    return parts;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    google::protobuf::SetLogHandler(nullptr); // a log line for every invalid UTF-8 string would bury libFuzzer's
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    constexpr std::array kSpeeds{1.0, 0.001, 1000000.0, 2.5};
    const double speed = kSpeeds[data[0] % kSpeeds.size()];
    const std::vector<std::string_view> parts = split(std::string_view(reinterpret_cast<const char *>(data + 1), size - 1));
    ocw::Recording::Files files;
    files.traces = std::string(parts[0]);
    if (parts.size() >= 3) {
        files.metrics = std::string(parts[1]);
        files.times = std::string(parts[2]);
    }

    const ocw::Recording::Loaded loaded = ocw::Recording::parse(QStringLiteral("recording"), std::move(files));
    OCW_FUZZ_CHECK((loaded.recording == nullptr) != loaded.error.isEmpty());
    if (!loaded.recording)
        return 0;
    const ocw::Recording &recording = *loaded.recording;
    OCW_FUZZ_CHECK(!recording.requests.empty());

    // Two passes and one more request, sent at times that include both ends of 64 bits: every request brings
    // exactly its recorded spans, each pass ends where it should, and no request is due before its pass began.
    ocw::RecordingReplay replay({loaded.recording, speed, true, 7});
    constexpr std::array<std::int64_t, 4> kSendTimes{0, 1'700'000'000'000'000'000, std::numeric_limits<std::int64_t>::max(),
                                                     std::numeric_limits<std::int64_t>::min()};
    const std::size_t takes = std::min<std::size_t>(2 * recording.requests.size() + 1, 64);
    ocw::EncodedSpans spans;
    std::vector<ocw::Metric> metrics;
    for (std::size_t i = 0; i < takes; ++i) {
        const std::size_t index = i % recording.requests.size();
        const std::optional<std::chrono::nanoseconds> due = replay.nextDue();
        OCW_FUZZ_CHECK(due.has_value());
        OCW_FUZZ_CHECK(due->count() >= 0);
        OCW_FUZZ_CHECK(replay.passesCompleted() == 0 || *due >= replay.passLength());
        const std::size_t spansBefore = spans.count();
        replay.takeNext(kSendTimes[i % kSendTimes.size()], spans, metrics);
        OCW_FUZZ_CHECK(spans.count() - spansBefore == recording.requests[index].spans);
        OCW_FUZZ_CHECK(replay.passesCompleted() == (i + 1) / recording.requests.size());
    }
    return 0;
}
