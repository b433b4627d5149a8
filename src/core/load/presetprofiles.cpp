// SPDX-License-Identifier: Apache-2.0
#include "presetprofiles.h"

#include "resources.h"

#include <QFile>

namespace ocw {

const QList<PresetProfile> &presetProfiles()
{
    static const QList<PresetProfile> list{{QStringLiteral("krakend-gateway"), QStringLiteral("KrakenD gateway")},
                                           {QStringLiteral("steady"), QStringLiteral("Steady")},
                                           {QStringLiteral("spiky"), QStringLiteral("Spiky")},
                                           {QStringLiteral("high-cardinality"), QStringLiteral("High cardinality")},
                                           {QStringLiteral("metrics-only"), QStringLiteral("Metrics only")}};
    return list;
}

QByteArray presetProfileJson(const QString &name)
{
    initCoreResources();
    QFile file(QStringLiteral(":/profiles/%1.json").arg(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::optional<LoadProfile> presetProfile(const QString &name)
{
    const QByteArray json = presetProfileJson(name);
    return json.isEmpty() ? std::nullopt : parseLoadProfile(json).profile;
}

} // namespace ocw
