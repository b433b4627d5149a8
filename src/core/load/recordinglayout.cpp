// SPDX-License-Identifier: Apache-2.0
#include "recordinglayout.h"

#include <charconv>

namespace ocw {

namespace {

constexpr std::string_view kTrace = "trace";
constexpr std::string_view kMetrics = "metrics";

template<typename Number>
bool parseNumber(std::string_view &text, Number &value)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end == text.data())
        return false;
    text.remove_prefix(std::size_t(end - text.data()));
    return true;
}

bool skipSpace(std::string_view &text)
{
    if (text.empty() || text.front() != ' ')
        return false;
    text.remove_prefix(1);
    return true;
}

} // namespace

RecordingLayout RecordingLayout::of(const QString &file)
{
    return {file, file + QStringLiteral(".metrics"), file + QStringLiteral(".times")};
}

std::string timesLine(const TimesEntry &entry)
{
    return std::to_string(entry.receivedNanos) + ' ' + std::string(entry.kind == RecordedKind::Trace ? kTrace : kMetrics) + ' '
           + std::to_string(entry.stream) + '\n';
}

std::optional<TimesEntry> parseTimesLine(std::string_view line)
{
    TimesEntry entry;
    if (!parseNumber(line, entry.receivedNanos) || !skipSpace(line))
        return std::nullopt;
    if (line.substr(0, kTrace.size()) == kTrace) {
        entry.kind = RecordedKind::Trace;
        line.remove_prefix(kTrace.size());
    } else if (line.substr(0, kMetrics.size()) == kMetrics) {
        entry.kind = RecordedKind::Metrics;
        line.remove_prefix(kMetrics.size());
    } else {
        return std::nullopt;
    }
    if (!skipSpace(line) || !parseNumber(line, entry.stream) || !line.empty())
        return std::nullopt;
    return entry;
}

} // namespace ocw
