// SPDX-License-Identifier: Apache-2.0
#include "agentsnapshot.h"

#include "opencensus/proto/metrics/v1/metrics.pb.h"

#include <array>
#include <numeric>

namespace ocw {

namespace {

std::uint64_t total(const QMap<QString, std::uint64_t> &counts)
{
    return std::accumulate(counts.begin(), counts.end(), std::uint64_t(0));
}

} // namespace

QString quirkDescription(const QString &name)
{
    struct Description {
        const char *quirk;
        const char *text;
    };
    static constexpr std::array descriptions{
        Description{Quirks::RootParentAllZero,
                    "A root span whose parent span id is 8 zero bytes rather than empty. The Go exporter (KrakenD's) "
                    "sends every root span so; read as \"no parent\"."},
        Description{Quirks::NodeHostNameEmpty,
                    "A Node with an empty host name. The Go exporter (KrakenD's) takes it from the HOSTNAME "
                    "environment variable, which containers set but shells do not export and systemd does not set."},
        Description{Quirks::LabelValuesFewerThanKeys,
                    "A time series with fewer label values than its metric has label keys. The Go exporter "
                    "(KrakenD's) sends a view so when a recording lacks one of the view's tag keys."},
        Description{Quirks::StreamWithoutRequiredHeader,
                    "A stream without the header this agent requires (refused, and counted among the refusals "
                    "too). The Go exporter (KrakenD's) sends its headers on the trace Export stream only, so its "
                    "metrics and Config streams arrive without them."},
    };
    for (const Description &d : descriptions) {
        if (name == QLatin1String(d.quirk))
            return QString::fromLatin1(d.text);
    }
    return QString();
}

const char *refusalName(Refusal reason)
{
    switch (reason) {
    case Refusal::OversizedOnWire:
        return "oversized_on_wire";
    case Refusal::OversizedDecompressed:
        return "oversized_decompressed";
    case Refusal::Malformed:
        return "malformed";
    case Refusal::StreamsOverLimit:
        return "streams_over_limit";
    case Refusal::Count:
        break;
    }
    return "";
}

const QStringList &metricTypeNames()
{
    static const QStringList names = [] {
        using Descriptor = opencensus::proto::metrics::v1::MetricDescriptor;
        QStringList list;
        for (int type = Descriptor::GAUGE_INT64; type <= Descriptor::SUMMARY; ++type)
            list.append(QString::fromStdString(Descriptor::Type_Name(Descriptor::Type(type))).toLower());
        return list;
    }();
    return names;
}

std::uint64_t AgentSnapshot::violationCount() const
{
    return total(violations);
}

std::uint64_t AgentSnapshot::quirkCount() const
{
    return total(quirks);
}

std::uint64_t AgentSnapshot::refusedCount() const
{
    return std::accumulate(refused.begin(), refused.end(), std::uint64_t(0));
}

QMap<QString, std::uint64_t> AgentSnapshot::refusedByName() const
{
    QMap<QString, std::uint64_t> counts;
    for (std::size_t i = 0; i < refused.size(); ++i) {
        if (refused[i] > 0)
            counts.insert(QLatin1String(refusalName(Refusal(i))), refused[i]);
    }
    return counts;
}

} // namespace ocw
