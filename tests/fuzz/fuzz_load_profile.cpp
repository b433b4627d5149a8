// SPDX-License-Identifier: Apache-2.0
// The load-profile parser, on any bytes a profile file may hold.
#include "fuzzcheck.h"

#include "load/loadprofile.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    const ocw::LoadProfileResult result = ocw::parseLoadProfile(bytes);
    // A profile exactly when there is no error.
    OCW_FUZZ_CHECK(result.profile.has_value() == !ocw::hasErrors(result.diagnostics));
    for (const ocw::Diagnostic &diagnostic : result.diagnostics)
        OCW_FUZZ_CHECK(diagnostic.offset >= 0 && diagnostic.offset <= bytes.size() && !diagnostic.message.isEmpty());
    return 0;
}
