// SPDX-License-Identifier: Apache-2.0
// The address parsers: what KrakenD's exporter dials, and what our agent listens on.
#include "fuzzcheck.h"

#include "config/agentaddress.h"

#include <cstdint>

namespace {

void check(const ocw::AgentAddressResult &result, bool dialed)
{
    // An address, or a sentence saying what is wrong.
    OCW_FUZZ_CHECK(result.address.has_value() == result.problem.isEmpty());
    if (!result.address)
        return;
    const ocw::AgentAddress &address = *result.address;
    OCW_FUZZ_CHECK(!address.grpcTarget().isEmpty() && !address.display().isEmpty());
    // Only a listen address may leave the port to the system.
    if (dialed && address.kind == ocw::AgentAddress::Kind::HostPort)
        OCW_FUZZ_CHECK(address.port != 0);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    check(ocw::parseAgentAddress(text), true);
    check(ocw::parseListenAddress(text), false);
    return 0;
}
