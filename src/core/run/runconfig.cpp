// SPDX-License-Identifier: Apache-2.0
#include "runconfig.h"

#include "config/headermasking.h"
#include "resources.h"

#include <QFile>
#include <QJsonDocument>

#include <algorithm>

namespace ocw {

RunOptionsResult runOptionsFromConfig(const ConfigAnalysis &analysis, const RunSettings &settings, double spansPerSecond)
{
    if (analysis.hasErrors())
        return {std::nullopt, QStringLiteral("the config has errors; fix them first")};
    if (!analysis.config.ocagent)
        return {std::nullopt, QStringLiteral("the module has no ocagent exporter")};
    const ExporterOptionsResult exporter = ExporterOptions::fromConfig(*analysis.config.ocagent, settings);
    if (!exporter.options)
        return {std::nullopt, exporter.error};
    RunOptions options;
    options.exporter = *exporter.options;
    options.spansPerSecond = spansPerSecond;
    options.metricInterval = analysis.config.effectiveReportingPeriod();
    options.sampleProbability = double(std::clamp<qint64>(analysis.config.effectiveSampleRate(), 0, 100)) / 100.0;
    options.config = maskHeaderValues(QJsonDocument::fromJson(analysis.json.rawText(analysis.module.node)).object());
    return {options, {}};
}

QByteArray demoConfig()
{
    initCoreResources();
    QFile file(QStringLiteral(":/examples/krakend.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace ocw
