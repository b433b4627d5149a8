// SPDX-License-Identifier: Apache-2.0
// The Go duration parser (`reconnection`), on any text.
#include "fuzzcheck.h"

#include "config/goduration.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const ocw::GoDuration duration = ocw::GoDuration::parse(text);
    // A value, or Go's reason for refusing the text; never both, never neither.
    OCW_FUZZ_CHECK(duration.ok == duration.error.isEmpty());
    if (duration.ok)
        OCW_FUZZ_CHECK(!ocw::GoDuration::describe(duration.value).isEmpty());
    ocw::GoDuration::matchesKrakendSchema(text);
    return 0;
}
