// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ocw {

struct IntRange {
    int min = 1;
    int max = 1;
};

// How one attribute's values are made. Cardinality is exact: at most that many distinct values.
struct AttributeSpec {
    enum class Kind { Strings, Ints, Doubles, Bools, Ids };
    std::string key;
    Kind kind = Kind::Strings;
    std::vector<std::string> values; // Strings: the set to pick from
    std::int64_t min = 0;            // Ints; Doubles as min/1000 when scaled
    std::int64_t max = 0;
    double doubleMin = 0;            // Doubles
    double doubleMax = 1;
    std::uint64_t cardinality = 0;   // Ids (required); Ints and Doubles (0: every value in range)
    std::string prefix;              // Ids: "user-" gives user-0 .. user-(cardinality-1)
};

// The shape of the traces a load makes.
struct TraceShape {
    enum class Preset { KrakenD, Custom };
    Preset preset = Preset::KrakenD;
    // KrakenD: one trace per request, spans named as krakend-opencensus names them: the router span
    // (`<endpoint>`, SERVER), `pipe-<endpoint>`, one `backend-<url_pattern>` per backend, each with the
    // HTTP client span (`<path>`, CLIENT).
    std::vector<std::string> endpoints{"/v1/orders/{id}", "/v1/users/{id}", "/v1/catalog", "/v1/cart", "/v1/checkout"};
    IntRange backends{1, 3};
    // Custom: a tree `depth` levels deep, each span with `fanOut` children; names from `operations`,
    // services (an attribute) from `services`.
    std::vector<std::string> services{"frontend", "orders", "inventory", "payments"};
    std::vector<std::string> operations{"handle", "query", "call", "render"};
    IntRange depth{3, 3};
    IntRange fanOut{1, 2};
    // For both:
    double durationMedianMs = 20;
    double durationP99Ms = 250;
    double errorRatio = 0.01;
    IntRange annotations{0, 0};
    IntRange messageEvents{0, 0};
    IntRange links{0, 0};
    std::vector<AttributeSpec> attributes;
    int attributesPerSpan = 0; // 0: every attribute on every span; else that many, drawn per span
};

} // namespace ocw
