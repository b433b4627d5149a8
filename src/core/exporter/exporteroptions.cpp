// SPDX-License-Identifier: Apache-2.0
#include "exporteroptions.h"

#include "pemfile.h"

#include "config/goduration.h"

namespace ocw {

namespace {

ExporterOptionsResult failure(const QString &message)
{
    return {std::nullopt, message};
}
} // namespace

QString fidelityName(Fidelity fidelity)
{
    return fidelity == Fidelity::Krakend ? QStringLiteral("krakend") : QStringLiteral("improved");
}

std::optional<Fidelity> fidelityFromName(const QString &name)
{
    for (const Fidelity f : {Fidelity::Krakend, Fidelity::Improved}) {
        if (name == fidelityName(f))
            return f;
    }
    return std::nullopt;
}

ExporterOptionsResult ExporterOptions::fromConfig(const OcAgentConfig &config, const RunSettings &settings)
{
    ExporterOptions o;
    o.address = settings.addressOverride.isEmpty() ? config.address.value_or(QString()) : settings.addressOverride;
    if (o.address.isEmpty())
        return failure(QStringLiteral("the ocagent exporter has no address (KrakenD stops with \"missing ocagent address\")"));
    const AgentAddressResult target = parseAgentAddress(o.address);
    if (!target.address)
        return failure(QStringLiteral("address ") + target.problem);
    o.target = *target.address;

    o.serviceName = config.effectiveServiceName();
    o.insecure = config.effectiveInsecure();
    o.gzip = config.effectiveCompression();
    o.headers = config.headers.value_or(QList<HeaderEntry>{});
    const auto period = config.effectiveReconnection();
    if (!period)
        return failure(QStringLiteral("reconnection \"%1\" is not a Go duration (KrakenD drops the exporter)")
                           .arg(config.reconnection.value_or(QString())));
    o.reconnectionPeriod = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(*period),
                                    std::chrono::milliseconds(1));
    o.reconnectionJitter = settings.reconnectionJitter;

    if (settings.certFile.isEmpty() != settings.keyFile.isEmpty())
        return failure(QStringLiteral("a client certificate needs its key, and a key its certificate"));
    QString error;
    const auto ca = readPemFile(settings.caFile, &error);
    const auto cert = ca ? readPemFile(settings.certFile, &error) : std::nullopt;
    const auto key = cert ? readPemFile(settings.keyFile, &error) : std::nullopt;
    if (!key)
        return failure(error);
    o.caPem = *ca;
    o.certPem = *cert;
    o.keyPem = *key;

    if (settings.maxQueueItems == 0 || settings.maxQueueBytes == 0)
        return failure(QStringLiteral("the queue needs room for at least one item and one byte"));
    o.maxQueueItems = settings.maxQueueItems;
    o.maxQueueBytes = settings.maxQueueBytes;
    o.measureWireBytes = settings.measureWireBytes;
    o.drainTimeout = settings.drainTimeout;
    o.fidelity = settings.fidelity;
    return {o, {}};
}

} // namespace ocw
