// SPDX-License-Identifier: Apache-2.0
#include "forwardoptions.h"

#include "exporter/pemfile.h"

namespace ocw {

ForwardOptionsResult ForwardOptions::make(const QString &address, bool insecure, const QString &caFile)
{
    const AgentAddressResult parsed = parseAgentAddress(address);
    if (!parsed.address)
        return {std::nullopt, QStringLiteral("the upstream address ") + parsed.problem};
    if (insecure && !caFile.isEmpty())
        return {std::nullopt, QStringLiteral("TLS roots were given for a plaintext upstream")};
    QString error;
    const std::optional<QByteArray> ca = readPemFile(caFile, &error);
    if (!ca)
        return {std::nullopt, error};
    ForwardOptions options;
    options.address = address;
    options.upstream = *parsed.address;
    options.insecure = insecure;
    options.caPem = *ca;
    return {options, QString()};
}

} // namespace ocw
