// SPDX-License-Identifier: Apache-2.0
#include "runconfig.h"

#include "resources.h"

#include <QFile>
#include <QJsonDocument>

#include <algorithm>

namespace ocw {

namespace {

// The module as configured, for the report; header values are masked, they may be credentials.
QJsonObject moduleForReport(const ConfigAnalysis &analysis)
{
    QJsonObject module = QJsonDocument::fromJson(analysis.json.rawText(analysis.module.node)).object();
    QJsonObject exporters = module.value(u"exporters").toObject();
    QJsonObject agent = exporters.value(u"ocagent").toObject();
    QJsonObject headers = agent.value(u"headers").toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        it.value() = QStringLiteral("***");
    if (!headers.isEmpty()) {
        agent.insert(QStringLiteral("headers"), headers);
        exporters.insert(QStringLiteral("ocagent"), agent);
        module.insert(QStringLiteral("exporters"), exporters);
    }
    return module;
}

} // namespace

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
    options.config = moduleForReport(analysis);
    return {options, {}};
}

QByteArray demoConfig()
{
    initCoreResources();
    QFile file(QStringLiteral(":/examples/krakend.json"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace ocw
