// SPDX-License-Identifier: Apache-2.0
#include "opencensusconfig.h"

#include "goduration.h"

namespace ocw {

QString namespaceKey(ModuleNamespace ns)
{
    return QString::fromUtf8(ns == ModuleNamespace::V1 ? kNamespaceV1 : kNamespaceV2);
}

QString OcAgentConfig::effectiveServiceName() const
{
    return serviceName.value_or(QString()).isEmpty() ? QString::fromUtf8(DefaultServiceName) : *serviceName;
}

std::optional<std::chrono::nanoseconds> OcAgentConfig::effectiveReconnection() const
{
    if (!reconnection || reconnection->isEmpty())
        return DefaultReconnection;
    const GoDuration parsed = GoDuration::parse(reconnection->toStdString());
    if (!parsed.ok)
        return std::nullopt;
    if (parsed.value <= std::chrono::nanoseconds::zero())
        return DefaultReconnection;
    return parsed.value;
}

std::chrono::seconds OpenCensusConfig::effectiveReportingPeriod() const
{
    const qint64 period = reportingPeriod.value_or(0);
    return period > 0 ? std::chrono::seconds(period) : DefaultReportingPeriod;
}

} // namespace ocw
