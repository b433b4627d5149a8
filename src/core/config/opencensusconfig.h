// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace ocw {

// Where KrakenD reads the module: KrakenD 1.x and 2.x use different keys under `extra_config`.
enum class ModuleNamespace { V1, V2 };

inline constexpr const char *kNamespaceV1 = "github_com/devopsfaith/krakend-opencensus";
inline constexpr const char *kNamespaceV2 = "telemetry/opencensus";
QString namespaceKey(ModuleNamespace ns);

struct HeaderEntry {
    QString name;
    QString value;
    bool operator==(const HeaderEntry &) const = default;
};

// The `ocagent` exporter as written. Absent keys stay empty; the effective*() functions give the
// value that KrakenD and the Go exporter really use then.
struct OcAgentConfig {
    std::optional<QString> address;
    std::optional<QString> serviceName;
    std::optional<QString> reconnection;
    std::optional<bool> insecure;
    std::optional<bool> enableCompression;
    std::optional<QList<HeaderEntry>> headers;

    static constexpr std::chrono::seconds DefaultReconnection{10}; // the Go exporter's default
    static constexpr const char *DefaultServiceName = "KrakenD-Opencensus";

    QString effectiveServiceName() const;
    // The Go exporter's period: its default when the key is absent, empty, zero or negative; nullopt when
    // the text does not parse (then KrakenD drops the exporter).
    std::optional<std::chrono::nanoseconds> effectiveReconnection() const;
    bool effectiveInsecure() const { return insecure.value_or(false); }
    bool effectiveCompression() const { return enableCompression.value_or(false); }
};

// An exporter other than ocagent, kept verbatim.
struct OtherExporter {
    QString name;
    QByteArray json;
};

// The OpenCensus module as written in the config.
struct OpenCensusConfig {
    std::optional<qint64> sampleRate;
    std::optional<qint64> reportingPeriod;
    bool hasEnabledLayers = false;
    std::optional<bool> backend;
    std::optional<bool> router;
    std::optional<bool> pipe;
    std::optional<OcAgentConfig> ocagent;
    QList<OtherExporter> otherExporters;

    static constexpr std::chrono::seconds DefaultReportingPeriod{10}; // OpenCensus's view default

    qint64 effectiveSampleRate() const { return sampleRate.value_or(0); }
    std::chrono::seconds effectiveReportingPeriod() const;
    // KrakenD enables every layer when `enabled_layers` is absent, and none that it does not name otherwise.
    bool layerEnabled(const std::optional<bool> &layer) const { return hasEnabledLayers ? layer.value_or(false) : true; }
};

} // namespace ocw
