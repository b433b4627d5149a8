// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "config/configanalysis.h"
#include "config/diagnosticformat.h"
#include "load/presetprofiles.h"
#include "load/recording.h"
#include "run/quantityformat.h"
#include "run/runconfig.h"
#include "run/runsession.h"
#include "run/thresholds.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTimer>

#include <limits>
#include <random>

namespace ocw::cli {

namespace {

// Far above what one process can generate, low enough that a rate times a duration stays exact.
constexpr double MaxSpansPerSecond = 100000000;
constexpr quint64 MaxQueueItems = 1000000000;
constexpr quint64 MaxQueueBytes = 1ULL << 40; // 1 TiB
// Parallel exporters in one process: past this, more channels only add threads (each takes three).
constexpr qint64 MaxConnections = 64;

// One progress line: where the exporter's items are, what the agent has (when it is ours), the wire.
QString progressLine(const RunSession &session, double seconds, std::uint64_t writtenLastSecond)
{
    const RunSnapshot run = session.runSnapshot();
    const ExporterSnapshot &e = run.exporter;
    const QString received = session.hasAgent() ? QStringLiteral(", %1 received").arg(formatCount(session.agentSnapshot().spans)) : QString();
    const QString error = e.state == ConnectionState::Connected || e.lastError.isEmpty() ? QString() : QStringLiteral(" | ") + e.lastError;
    const auto connected = std::count_if(run.connections.begin(), run.connections.end(),
                                         [](const ExporterSnapshot &c) { return c.state == ConnectionState::Connected; });
    const QString state = run.connections.size() > 1 ? QStringLiteral("%1/%2 connected").arg(connected).arg(run.connections.size())
                                                     : connectionStateName(e.state);
    const QString replay = run.replayRequestsSent > 0
                               ? QStringLiteral(" | replayed %1 requests, %2 passes").arg(run.replayRequestsSent).arg(run.replayPasses)
                               : QString();
    return QStringLiteral("%1 s %2%3 | spans %4 generated, %5 written (%6/s), %7 in flight, %8 sent, %9 unconfirmed, %10 dropped, "
                          "%11 queued%12 | points %13 written, %14 sent | wire %15 (ratio %16) | reconnections %17/%18%19")
        .arg(seconds, 0, 'f', 1)
        .arg(state, session.isStopping() ? QStringLiteral(" (stopping)") : QString(),
             formatCount(e.spans.generated), formatCount(e.spans.written), formatCount(writtenLastSecond),
             formatCount(e.spans.inFlight), formatCount(e.spans.sent), formatCount(e.spans.unconfirmed))
        .arg(formatCount(e.spans.dropped()), formatCount(e.spans.queued), received, formatCount(e.points.written),
             formatCount(e.points.sent), formatMegabytes(e.bytesWire))
        .arg(e.compressionRatio(), 0, 'f', 2)
        .arg(e.reconnections)
        .arg(e.reconnectionAttempts)
        .arg(error + replay);
}

// Adds each threshold's outcome to `report` and prints it on stderr; false when one failed.
bool checkThresholds(const std::vector<Threshold> &thresholds, QJsonObject &report, const char *name)
{
    bool allPassed = true;
    const QJsonArray results = evaluateThresholds(thresholds, report, allPassed);
    report.insert(QStringLiteral("thresholds"), results);
    for (const QJsonValue &result : results) {
        const QJsonObject r = result.toObject();
        const QString value = r.value(QStringLiteral("value")).isNull() ? QStringLiteral("not in the report")
                                                                        : QString::number(r.value(QStringLiteral("value")).toDouble(), 'g', 10);
        err() << name << ": threshold " << r.value(QStringLiteral("expr")).toString() << ": " << value << ", "
              << (r.value(QStringLiteral("passed")).toBool() ? "passed" : "FAILED") << '\n';
    }
    err() << Qt::flush;
    return allPassed;
}

// Runs `session` until `seconds` (negative: until SIGINT/SIGTERM, or the profile's end), with a progress
// line a second on stderr; then stops it, draining the exporter (a second signal stops at once), checks the
// thresholds and writes the report to `reportFile` (empty: stdout).
int execute(RunSession &session, double seconds, const QString &reportFile, const char *name,
            const std::vector<Threshold> &thresholds = {})
{
    installStopSignals();
    if (const QString error = session.start(); !error.isEmpty()) {
        err() << "ocworkbench-cli: " << error << '\n' << Qt::flush;
        return Failed;
    }
    QObject::connect(&session, &RunSession::finished, QCoreApplication::instance(), &QCoreApplication::quit, Qt::QueuedConnection);
    QElapsedTimer clock;
    clock.start();
    QTimer poll;
    qint64 lastProgress = 0;
    std::uint64_t lastWritten = 0;
    bool stopNowAsked = false;
    QObject::connect(&poll, &QTimer::timeout, &poll, [&] {
        const qint64 elapsed = clock.elapsed();
        if (!session.isStopping() && (stopSignals() > 0 || (seconds > 0 && elapsed >= qint64(seconds * 1000)))) {
            session.requestStop();
            err() << name << ": stopping: sending what is queued and waiting for the agent to confirm it (at most "
                  << double(session.drainTimeout().count()) / 1000.0 << " s; a second Ctrl-C stops at once)\n"
                  << Qt::flush;
        } else if (session.isStopping() && stopSignals() > 1 && !stopNowAsked) {
            stopNowAsked = true;
            session.requestStop(std::chrono::milliseconds(0));
        }
        if (elapsed - lastProgress < 1000)
            return;
        const std::uint64_t written = session.runSnapshot().exporter.spans.written;
        err() << name << ": " << progressLine(session, double(elapsed) / 1000.0, written - lastWritten) << '\n' << Qt::flush;
        lastWritten = written;
        lastProgress = elapsed;
    });
    poll.start(50);
    QCoreApplication::exec();
    session.stop(); // returns at once: the session has finished
    if (!session.startError().isEmpty()) {
        err() << "ocworkbench-cli: " << session.startError() << '\n' << Qt::flush;
        return Failed;
    }

    QJsonObject report = session.report();
    const bool thresholdsPassed = thresholds.empty() || checkThresholds(thresholds, report, name);
    const QByteArray json = QJsonDocument(report).toJson();
    if (!reportFile.isEmpty()) {
        // The run's results are not lost with the file: they go to stdout instead.
        if (!writeFileOrComplain(reportFile, json, FileReaders::OwnerOnly)) {
            err() << name << ": the report follows on stdout\n" << Qt::flush;
            out() << json << Qt::flush;
            return Failed;
        }
        err() << name << ": report written to " << reportFile << '\n' << Qt::flush;
    } else {
        out() << json << Qt::flush;
    }
    return thresholdsPassed ? Ok : ThresholdsFailed;
}

} // namespace

int runRun(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("The krakend.json whose ocagent exporter to use."),
                                    QStringLiteral("krakend.json"));
    const QCommandLineOption address(QStringLiteral("address"), QStringLiteral("Send to this agent instead of the config's address."),
                                     QStringLiteral("HOST:PORT"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Stop after S seconds (default: on SIGINT/SIGTERM)."),
                                      QStringLiteral("S"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Spans per second of the built-in load, offered before sampling (default 1000), "
                                                 "or max: as fast as the exporter drains the queue, never dropping for a full "
                                                 "queue (the report gives the rate reached). A profile's rate is its own (not "
                                                 "with --profile or --replay)."),
                                  QStringLiteral("N|max"), QStringLiteral("1000"));
    const QCommandLineOption profile(QStringLiteral("profile"),
                                     QStringLiteral("A load profile: its rate shape and traces replace the built-in load."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption shard(QStringLiteral("shard"),
                                   QStringLiteral("Make shard I of N (0 <= I < N) of the load: the traces whose index modulo N is I, "
                                                  "at the times they have in the whole load; shard 0 reports the metrics. N runs "
                                                  "with I = 0 .. N-1 make the load of one; merge their reports with merge-reports."),
                                   QStringLiteral("I/N"));
    const QCommandLineOption connections(
        QStringLiteral("connections"),
        QStringLiteral("Send over N parallel connections (default 1, at most %1): each its own channel, streams, Node (the "
                       "same service name, distinct identifiers) and queue, all fed whole traces in turn from the one "
                       "schedule; the report gives the totals and each connection's own counts (per_connection).")
            .arg(MaxConnections),
        QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption report(QStringLiteral("report"), QStringLiteral("Write the run report JSON here (default: stdout)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seed of the generated ids and values (default: the profile's, or 1)."), QStringLiteral("N"));
    const QCommandLineOption tlsCa(QStringLiteral("tls-ca"), QStringLiteral("PEM roots to trust (default: the system's)."),
                                   QStringLiteral("F"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"), QStringLiteral("PEM client certificate."), QStringLiteral("F"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("PEM key of --tls-cert."), QStringLiteral("F"));
    const QCommandLineOption queueItems(QStringLiteral("queue-items"),
                                        QStringLiteral("Queue capacity in spans + points (default %1).").arg(DefaultMaxQueueItems),
                                        QStringLiteral("N"));
    const QCommandLineOption queueBytes(QStringLiteral("queue-bytes"),
                                        QStringLiteral("Queue capacity in bytes (default %1 MiB).").arg(DefaultMaxQueueBytes >> 20),
                                        QStringLiteral("N"));
    const QCommandLineOption noJitter(QStringLiteral("no-jitter"), QStringLiteral("Retry exactly every reconnection period."));
    const QCommandLineOption drainTimeout(
        QStringLiteral("drain-timeout"),
        QStringLiteral("At the stop, how long to send what is queued and wait for the agent to confirm the streams before "
                       "cancelling them (default %1; 0: cancel at once).")
            .arg(double(DefaultDrainTimeout.count()) / 1000.0),
        QStringLiteral("S"));
    const QCommandLineOption fidelity(
        QStringLiteral("fidelity"),
        QStringLiteral("krakend (default): behave as KrakenD's Go exporter, quirks included (headers on the trace stream "
                       "only, what is made while disconnected dropped, a failed stream taking the connection down); "
                       "improved: headers on every stream, queue while disconnected."),
        QStringLiteral("krakend|improved"), QStringLiteral("krakend"));
    const QCommandLineOption replay(
        QStringLiteral("replay"),
        QStringLiteral("Send a recording (agent --record FILE) or a generate --format binary file again instead of making load: "
                       "fresh trace and span ids, timestamps moved to now, trees and attributes kept. Every recorded span is "
                       "sent (its sender sampled it). The run ends after the last request, unless --loop."),
        QStringLiteral("FILE"));
    const QCommandLineOption speed(QStringLiteral("speed"),
                                   QStringLiteral("With --replay: the recorded spacing between requests is divided by X (default 1)."),
                                   QStringLiteral("X"));
    const QCommandLineOption loop(QStringLiteral("loop"),
                                  QStringLiteral("With --replay: start again after the last request (fresh ids each pass), until "
                                                 "--duration or SIGINT/SIGTERM."));
    QStringList ratioNames;
    for (const DerivedRatio &ratio : derivedRatios())
        ratioNames << QLatin1String(ratio.name);
    const QCommandLineOption threshold(
        QStringLiteral("threshold"),
        QStringLiteral("Pass/fail condition on the report, repeatable: KEY OP NUMBER, OP one of < <= > >= ==, KEY a numeric report "
                       "key (a.b for one inside an object) or a ratio of what was generated: %1. Exit status 3 when one fails.")
            .arg(ratioNames.join(QStringLiteral(", "))),
        QStringLiteral("EXPR"));
    parser.addOptions({config, address, duration, rate, profile, report, seed, tlsCa, tlsCert, tlsKey, queueItems, queueBytes,
                       noJitter, drainTimeout, fidelity, replay, speed, loop, shard, threshold, connections});
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("Streams trace and metric load to an OpenCensus agent exactly as the config's "
                                                 "ocagent exporter says, or replays a recording.\nExit code: 0 the run completed "
                                                 "(faults included) and every threshold passed, 1 the config or the recording has errors or the "
                                                 "report could not be written (it is then printed on stdout), 2 usage error, 3 a threshold "
                                                 "failed."));
    if (early >= 0)
        return early;
    if (!parser.isSet(config))
        return usageError(parser, QStringLiteral("--config is required"));
    if (!parser.isSet(replay) && (parser.isSet(speed) || parser.isSet(loop)))
        return usageError(parser, QStringLiteral("--speed and --loop go with --replay"));
    if (parser.isSet(replay) && (parser.isSet(profile) || parser.isSet(rate) || parser.isSet(shard)))
        return usageError(parser, QStringLiteral("--replay sends a recording: it takes neither --profile, --rate nor --shard"));
    if (parser.isSet(profile) && parser.isSet(rate))
        return usageError(parser, QStringLiteral("--rate sets the built-in load's spans per second; a profile's rate is the shape in "
                                                 "its \"rate\" (change it there, or leave out --rate)"));
    const bool asFastAsDrained = parser.value(rate) == u"max";
    if (asFastAsDrained && parser.isSet(shard))
        return usageError(parser, QStringLiteral("--rate max has no schedule to split between shards: it takes no --shard"));
    Shard shardValue;
    if (parser.isSet(shard)) {
        const std::optional<Shard> parsedShard = Shard::parse(parser.value(shard));
        if (!parsedShard)
            return usageError(parser, shardUsage(parser.value(shard)));
        shardValue = *parsedShard;
    }
    double replaySpeed = 1;
    double spansPerSecond = 0;
    quint64 seedValue = 1;
    double seconds = -1; // until SIGINT/SIGTERM
    quint64 maxQueueItems = DefaultMaxQueueItems;
    quint64 maxQueueBytes = DefaultMaxQueueBytes;
    double drainSeconds = double(DefaultDrainTimeout.count()) / 1000.0;
    qint64 connectionCount = 1;
    // --speed is bounded to factors that make sense; the due times are held inside 64 bits whatever the recording.
    if (!readNumberOrComplain(parser, speed, 0.001, 1000000.0, QStringLiteral("a speed factor"), replaySpeed)
        || (!asFastAsDrained && !readNumberOrComplain(parser, rate, 0.0, MaxSpansPerSecond, QStringLiteral("spans per second or max"), spansPerSecond))
        || !readNumberOrComplain(parser, seed, quint64(0), std::numeric_limits<quint64>::max(), QStringLiteral("a whole number"), seedValue)
        || !readNumberOrComplain(parser, duration, 0.001, MaxOptionSeconds, QStringLiteral("seconds"), seconds)
        || !readNumberOrComplain(parser, queueItems, quint64(1), MaxQueueItems, QStringLiteral("a number of spans and points"), maxQueueItems)
        || !readNumberOrComplain(parser, queueBytes, quint64(1024), MaxQueueBytes, QStringLiteral("a number of bytes"), maxQueueBytes)
        || !readNumberOrComplain(parser, drainTimeout, 0.0, 3600.0, QStringLiteral("seconds"), drainSeconds)
        || !readNumberOrComplain(parser, connections, qint64(1), MaxConnections, QStringLiteral("a number of connections"), connectionCount))
        return Usage;
    std::vector<Threshold> thresholds;
    for (const QString &expression : parser.values(threshold)) {
        ThresholdParse parsed = parseThreshold(expression);
        if (!parsed.threshold)
            return usageError(parser, parsed.error);
        thresholds.push_back(std::move(*parsed.threshold));
    }
    std::optional<LoadProfile> loadProfile;
    QString profileSha256;
    if (parser.isSet(profile)) {
        const QString profileFile = parser.value(profile);
        const std::optional<QByteArray> profileBytes = readFileOrComplain(profileFile);
        if (!profileBytes)
            return Usage;
        const LoadProfileResult parsedProfile = parseLoadProfile(*profileBytes);
        printDiagnostics(profileFile, parsedProfile.diagnostics);
        if (!parsedProfile.profile) {
            err() << "ocworkbench-cli: " << profileFile << ": the profile has errors; nothing was run\n" << Qt::flush;
            return Failed;
        }
        loadProfile = parsedProfile.profile;
        profileSha256 = QString::fromLatin1(QCryptographicHash::hash(*profileBytes, QCryptographicHash::Sha256).toHex());
        if (!parser.isSet(seed))
            seedValue = loadProfile->seed;
        if (seconds < 0 && loadProfile->durationSeconds > 0)
            seconds = loadProfile->durationSeconds;
    }

    std::optional<ReplayOptions> replayOptions;
    if (parser.isSet(replay)) {
        Recording::Loaded loaded = Recording::load(parser.value(replay));
        if (!loaded.recording) {
            err() << "ocworkbench-cli: " << loaded.error << "; nothing was run\n" << Qt::flush;
            return Failed;
        }
        // Fresh ids on every replay, unless a seed is asked for.
        std::random_device entropy;
        const std::uint64_t idSeed = parser.isSet(seed) ? seedValue : (std::uint64_t(entropy()) << 32 | entropy());
        replayOptions = ReplayOptions{std::move(loaded.recording), replaySpeed, parser.isSet(loop), idSeed};
    }

    const QString file = parser.value(config);
    const std::optional<QByteArray> bytes = readFileOrComplain(file);
    if (!bytes)
        return Usage;
    const ConfigAnalysis analysis = analyzeConfig(*bytes);
    printDiagnostics(file, analysis.diagnostics);
    if (analysis.hasErrors()) {
        err() << "ocworkbench-cli: " << file << ": the config has errors; fix them first (ocworkbench-cli validate)\n" << Qt::flush;
        return Failed;
    }
    if (analysis.config.ocagent && analysis.config.ocagent->effectiveInsecure()
        && (parser.isSet(tlsCa) || parser.isSet(tlsCert) || parser.isSet(tlsKey)))
        return usageError(parser, QStringLiteral("--tls-ca, --tls-cert and --tls-key are for TLS, but %1's ocagent exporter is insecure "
                                                 "(plaintext): set \"insecure\": false to use them, or leave them out")
                                      .arg(file));
    RunSettings settings;
    settings.addressOverride = parser.value(address);
    settings.caFile = parser.value(tlsCa);
    settings.certFile = parser.value(tlsCert);
    settings.keyFile = parser.value(tlsKey);
    settings.reconnectionJitter = !parser.isSet(noJitter);
    settings.maxQueueItems = maxQueueItems;
    settings.maxQueueBytes = maxQueueBytes;
    settings.drainTimeout = std::chrono::milliseconds(qRound64(drainSeconds * 1000));
    if (const std::optional<Fidelity> f = fidelityFromName(parser.value(fidelity)))
        settings.fidelity = *f;
    else
        return usageError(parser, QStringLiteral("--fidelity takes krakend or improved, not \"%1\"").arg(parser.value(fidelity)));
    const RunOptionsResult built = runOptionsFromConfig(analysis, settings, spansPerSecond);
    if (!built.options && !analysis.config.ocagent) {
        err() << "ocworkbench-cli: " << file << ": " << built.error << '\n' << Qt::flush;
        return Failed;
    }
    if (!built.options)
        return usageError(parser, built.error);

    SessionOptions session;
    session.embeddedAgent = false;
    session.run = *built.options;
    RunOptions &options = session.run;
    options.seed = seedValue;
    options.profile = loadProfile;
    options.profileSha256 = profileSha256;
    options.shard = shardValue;
    options.asFastAsDrained = asFastAsDrained;
    options.connections = int(connectionCount);
    options.replay = replayOptions;
    if (!replayOptions && options.sampleProbability == 0)
        err() << "run: sample_rate is 0, so no trace is generated (as KrakenD would); metrics only\n";
    err() << "run: sending to " << options.exporter.address << (options.exporter.insecure ? " (plaintext" : " (TLS")
          << (options.exporter.gzip ? ", gzip" : "") << ", as " << (options.exporter.fidelity == Fidelity::Krakend ? "KrakenD does)" : "improved)")
          << (connectionCount > 1 ? QStringLiteral(" over %1 connections").arg(connectionCount) : QString());
    if (replayOptions) {
        const Recording &recording = *replayOptions->recording;
        err() << ", replaying " << recording.file << ": " << recording.requests.size() << " requests (" << recording.spans << " spans, "
              << recording.points << " points) at " << replaySpeed << "x" << (replayOptions->loop ? ", in a loop" : "")
              << "; every recorded span is sent (its sender sampled it)\n"
              << Qt::flush;
    } else {
        const QString load = loadProfile ? QStringLiteral("profile \"%1\" (seed %2)").arg(loadProfile->name).arg(seedValue)
                         : asFastAsDrained ? QStringLiteral("spans as fast as the exporter drains them")
                                           : QStringLiteral("%1 spans/s offered").arg(spansPerSecond);
        const QString metrics = shardValue.index == 0 ? QStringLiteral("metrics every %1 s").arg(double(options.effectiveMetricInterval().count()) / 1000.0)
                                                      : QStringLiteral("metrics from shard 0");
        err() << ", " << load << (shardValue.isWhole() ? QString() : QStringLiteral(", shard %1").arg(shardValue.display()))
              << ", sample rate " << options.sampleProbability * 100 << " %, " << metrics << '\n'
              << Qt::flush;
    }
    RunSession run(session);
    return execute(run, seconds, parser.value(report), "run", thresholds);
}

int runDemo(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Stop after S seconds (default 30; 0: on SIGINT/SIGTERM)."),
                                      QStringLiteral("S"), QStringLiteral("30"));
    const QCommandLineOption preset(QStringLiteral("preset"), QStringLiteral("The load: a preset profile (default %1).").arg(QLatin1String(DemoPreset)),
                                    QStringLiteral("NAME"), QLatin1String(DemoPreset));
    const QCommandLineOption report(QStringLiteral("report"), QStringLiteral("Write the run report JSON here (default: stdout)."),
                                    QStringLiteral("FILE"));
    parser.addOptions({duration, preset, report});
    QStringList presetNames;
    for (const PresetProfile &p : presetProfiles())
        presetNames << p.name;
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("The workbench's demo, headless: the bundled krakend.json's ocagent exporter "
                                                 "streams a KrakenD gateway's traces and metrics to an agent inside this process, "
                                                 "whose faults (streams closed, connections refused) come on a cycle. A progress "
                                                 "line a second; the report, with the agent's counts, at the end.\nExit code: 0 the demo ran, 1 "
                                                 "it could not start or the report could not be written (it is then printed on stdout), 2 usage "
                                                 "error.\nPresets: ")
                                      + presetNames.join(u", "));
    if (early >= 0)
        return early;
    double seconds = 0; // 0: until SIGINT/SIGTERM
    if (!readNumberOrComplain(parser, duration, 0.0, MaxOptionSeconds, QStringLiteral("seconds"), seconds))
        return Usage;
    const std::optional<LoadProfile> profile = presetProfile(parser.value(preset));
    if (!profile)
        return usageError(parser, QStringLiteral("there is no preset \"%1\"; the presets are %2").arg(parser.value(preset), presetNames.join(u", ")));

    const RunOptionsResult built = runOptionsFromConfig(analyzeConfig(demoConfig()), RunSettings{}, DemoSpansPerSecond);
    if (!built.options) {
        err() << "ocworkbench-cli: the bundled demo config: " << built.error << '\n' << Qt::flush;
        return Failed;
    }
    SessionOptions options;
    options.run = *built.options;
    options.run.profile = profile;
    options.run.seed = profile->seed;
    options.embeddedAgent = true;
    options.faultCycle = true;
    RunSession session(options);
    err() << "demo: profile \"" << profile->name << "\" (seed " << profile->seed << ") to the embedded agent, with a fault every "
          << options.faultTimes.every.count() / 1000 << " s" << (seconds > 0 ? QStringLiteral(", for %1 s").arg(seconds) : QString())
          << '\n' << Qt::flush;
    return execute(session, seconds, parser.value(report), "demo");
}

} // namespace ocw::cli
