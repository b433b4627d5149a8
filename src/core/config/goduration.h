// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <chrono>
#include <string_view>

namespace ocw {

// A duration string as Go's time.ParseDuration reads it ("300ms", "-1.5h", "2h45m"), which is what
// KrakenD's ocagent exporter uses for `reconnection`.
struct GoDuration {
    bool ok = false;
    std::chrono::nanoseconds value{0};
    QString error; // Go's own wording, e.g. `unknown unit "sec" in duration "2sec"`

    static GoDuration parse(std::string_view text);
    // KrakenD's JSON Schema is stricter than Go: ^[0-9]+(ns|ms|us|µs|s|m|h)$.
    static bool matchesKrakendSchema(std::string_view text);
    // "1 min 30 s", "250 ms", "0 s": for people, not for parsing.
    static QString describe(std::chrono::nanoseconds value);
};

} // namespace ocw
