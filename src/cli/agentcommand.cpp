// SPDX-License-Identifier: Apache-2.0
#include "clicommand.h"

#include "agent/agentrecorder.h"
#include "agent/embeddedagent.h"
#include "agent/agentsummary.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTimer>

#include <utility>

#include "config/agentaddress.h"
#include "exporter/pemfile.h"

namespace ocw::cli {

namespace {

// "end_before_start 3, span_name_empty 1", or "none".
QString namedCounts(const QMap<QString, std::uint64_t> &counts)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts.append(it.key() + u' ' + QString::number(it.value()));
    return parts.isEmpty() ? QStringLiteral("none") : parts.join(QStringLiteral(", "));
}

// What was refused, by reason, leaving out the reasons that never happened.
QMap<QString, std::uint64_t> refusalCounts(const AgentSnapshot &s)
{
    QMap<QString, std::uint64_t> counts = s.refusedByName();
    if (s.rejectedUnauthenticated > 0)
        counts.insert(QStringLiteral("unauthenticated"), s.rejectedUnauthenticated);
    return counts;
}

// " | forward: ... | record: ..." for the progress line, or nothing when the agent neither forwards nor records.
QString tapProgress(const AgentSnapshot &s)
{
    QString line;
    if (s.forward.enabled) {
        const ForwardSnapshot &f = s.forward;
        line += QStringLiteral(" | forward: %1 spans, %2 points forwarded (%3, %4 confirmed), %5 spans and %6 points dropped, %7 "
                               "upstream errors")
                    .arg(f.spans.forwarded)
                    .arg(f.points.forwarded)
                    .arg(f.spans.confirmed)
                    .arg(f.points.confirmed)
                    .arg(f.spans.dropped())
                    .arg(f.points.dropped())
                    .arg(f.upstreamErrors);
    }
    if (s.recording.enabled) {
        const RecordingSnapshot &r = s.recording;
        line += QStringLiteral(" | record: %1 requests, %2 not recorded")
                    .arg(r.requests)
                    .arg(r.requestsQueueFull + r.requestsAfterError);
        if (!r.error.isEmpty())
            line += QStringLiteral(" (write failed)");
    }
    return line;
}

// A limit's option, N, whose help ends with its default.
QCommandLineOption limitOption(const char *name, const char *description, quint64 byDefault)
{
    return QCommandLineOption(QLatin1String(name), QLatin1String(description) + QStringLiteral(" (default %1).").arg(byDefault),
                              QStringLiteral("N"));
}

struct LimitOptions {
    const QCommandLineOption &maxMessage;
    const QCommandLineOption &maxDecompressed;
    const QCommandLineOption &maxStreams;
    const QCommandLineOption &maxThreads;
    const QCommandLineOption &maxBuffered;
};

// The limits' options into `limits`, each range-checked; false after a usage error.
bool readLimits(const QCommandLineParser &parser, const LimitOptions &options, AgentLimits &limits)
{
    constexpr quint64 KiB = 1024;
    constexpr quint64 GiB = 1024 * 1024 * KiB;
    quint64 message = limits.maxMessageBytes;
    quint64 decompressed = limits.maxDecompressedBytes;
    quint64 streams = limits.maxStreams;
    qint64 threads = limits.maxThreads;
    quint64 buffered = limits.maxBufferedBytes;
    const QString bytes = QStringLiteral("bytes");
    // Up to 1 GiB a message: protobuf parses at most 2 GiB.
    if (!readNumberOrComplain(parser, options.maxMessage, KiB, GiB, bytes, message)
        || !readNumberOrComplain(parser, options.maxDecompressed, KiB, GiB, bytes, decompressed)
        || !readNumberOrComplain(parser, options.maxStreams, quint64(1), quint64(100000), QStringLiteral("streams"), streams)
        || !readNumberOrComplain(parser, options.maxThreads, qint64(4), qint64(100000), QStringLiteral("threads"), threads)
        || !readNumberOrComplain(parser, options.maxBuffered, 1024 * KiB, 64 * GiB, bytes, buffered))
        return false;
    limits.maxMessageBytes = message;
    limits.maxDecompressedBytes = decompressed;
    limits.maxStreams = streams;
    limits.maxThreads = int(threads);
    limits.maxBufferedBytes = buffered;
    return true;
}

} // namespace

int runAgent(const QStringList &arguments)
{
    QCommandLineParser parser;
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address to listen on: HOST:PORT (port 0 picks a free one), unix:PATH "
                                                   "or unix-abstract:NAME."),
                                    QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:55678"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Stop after S seconds (default: on SIGINT/SIGTERM)."),
                                      QStringLiteral("S"));
    const QCommandLineOption summary(QStringLiteral("summary"), QStringLiteral("Write the summary JSON here on exit."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption requireHeader(QStringLiteral("require-header"),
                                           QStringLiteral("Refuse streams without this header and value (UNAUTHENTICATED)."),
                                           QStringLiteral("K=V"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"), QStringLiteral("PEM certificate: serve TLS."), QStringLiteral("F"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("PEM private key of --tls-cert."), QStringLiteral("F"));
    const QCommandLineOption closeEvery(QStringLiteral("fault-close-every"),
                                        QStringLiteral("Fault: end every open stream each S seconds."), QStringLiteral("S"));
    const QCommandLineOption readDelay(QStringLiteral("fault-read-delay-ms"),
                                       QStringLiteral("Fault: wait MS milliseconds before reading each message."), QStringLiteral("MS"));
    const QCommandLineOption forward(QStringLiteral("forward"),
                                     QStringLiteral("Relay everything received to the collector at this address, on equivalent "
                                                    "streams (TLS with the system's roots unless --forward-insecure)."),
                                     QStringLiteral("HOST:PORT"));
    const QCommandLineOption forwardInsecure(QStringLiteral("forward-insecure"), QStringLiteral("Relay in plaintext."));
    const QCommandLineOption forwardCa(QStringLiteral("forward-tls-ca"), QStringLiteral("PEM roots to trust for --forward."),
                                       QStringLiteral("F"));
    const QCommandLineOption record(QStringLiteral("record"),
                                    QStringLiteral("Record every Export request received: the trace requests to FILE, the metrics "
                                                   "requests to FILE.metrics (length-delimited, as generate --format binary), "
                                                   "their receive times to FILE.times. run --replay FILE sends them again."),
                                    QStringLiteral("FILE"));
    const AgentLimits defaults;
    const QCommandLineOption maxMessage = limitOption(
        "max-message-bytes", "Refuse a message larger than N bytes as it arrives, compressed or not, with RESOURCE_EXHAUSTED",
        defaults.maxMessageBytes);
    const QCommandLineOption maxDecompressed = limitOption(
        "max-decompressed-bytes",
        "Refuse a compressed message that expands past N bytes, inflating it no further, with RESOURCE_EXHAUSTED",
        defaults.maxDecompressedBytes);
    const QCommandLineOption maxStreams =
        limitOption("max-streams", "Refuse a stream while N are open, with RESOURCE_EXHAUSTED", defaults.maxStreams);
    const QCommandLineOption maxThreads = limitOption(
        "max-threads", "gRPC's server threads, one per open stream and a few pollers; gRPC refuses streams past them",
        quint64(defaults.maxThreads));
    const QCommandLineOption maxBuffered = limitOption(
        "max-buffered-bytes", "What gRPC may hold of messages being received, all streams together; gRPC resets a stream past it",
        defaults.maxBufferedBytes);
    parser.addOptions({listen, duration, summary, requireHeader, tlsCert, tlsKey, closeEvery, readDelay, forward, forwardInsecure,
                       forwardCa, record, maxMessage, maxDecompressed, maxStreams, maxThreads, maxBuffered});
    const int early = parseOrExit(parser, arguments,
                                  QStringLiteral("Runs an OpenCensus agent (TraceService and MetricsService) that counts and "
                                                 "checks what it receives, and can relay it upstream and record it.\nPrints "
                                                 "\"LISTENING <port>\" (or LISTENING unix:PATH) first on stdout, a progress line a "
                                                 "second on stderr, and the summary on exit.\nExit code: 0 the agent ran, 1 it "
                                                 "could not listen, or the recording or the summary could not be written (a full disk, say; the summary "
                                                 "is then printed on stdout), 2 usage error."));
    if (early >= 0)
        return early;
    if (!parser.positionalArguments().isEmpty())
        return usageError(parser, QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));

    const AgentAddressResult listenAt = parseListenAddress(parser.value(listen));
    if (!listenAt.address)
        return usageError(parser, QStringLiteral("--listen ") + listenAt.problem);
    AgentOptions options;
    options.listen = *listenAt.address;
    if (parser.isSet(requireHeader)) {
        const QString kv = parser.value(requireHeader);
        const qsizetype eq = kv.indexOf(u'=');
        if (eq <= 0)
            return usageError(parser, QStringLiteral("--require-header takes K=V, not \"%1\"").arg(kv));
        options.requiredHeaderName = kv.left(eq);
        options.requiredHeaderValue = kv.mid(eq + 1);
    }
    if (parser.isSet(tlsCert) != parser.isSet(tlsKey))
        return usageError(parser, QStringLiteral("--tls-cert and --tls-key go together"));
    if (parser.isSet(tlsCert)) {
        QString error;
        const std::optional<QByteArray> cert = readPemFile(parser.value(tlsCert), &error);
        const std::optional<QByteArray> key = cert ? readPemFile(parser.value(tlsKey), &error) : std::nullopt;
        if (!key) {
            err() << "ocworkbench-cli: " << error << '\n' << Qt::flush;
            return Usage;
        }
        options.tlsCertPem = *cert;
        options.tlsKeyPem = *key;
    }
    double seconds = -1; // until SIGINT/SIGTERM
    double closeSeconds = 0;
    qint64 readDelayMs = 0;
    if (!readNumberOrComplain(parser, duration, 0.001, MaxOptionSeconds, QStringLiteral("seconds"), seconds)
        || !readNumberOrComplain(parser, closeEvery, 0.001, MaxOptionSeconds, QStringLiteral("seconds"), closeSeconds)
        || !readNumberOrComplain(parser, readDelay, qint64(0), qint64(3600000), QStringLiteral("milliseconds"), readDelayMs))
        return Usage;
    if (!readLimits(parser, {maxMessage, maxDecompressed, maxStreams, maxThreads, maxBuffered}, options.limits))
        return Usage;
    if (closeSeconds > 0)
        options.closeStreamsEvery = std::chrono::milliseconds(qRound64(closeSeconds * 1000));
    options.readDelay = std::chrono::milliseconds(readDelayMs);
    if (parser.isSet(forward)) {
        const ForwardOptionsResult made =
            ForwardOptions::make(parser.value(forward), parser.isSet(forwardInsecure), parser.value(forwardCa));
        if (!made.options)
            return usageError(parser, QStringLiteral("--forward: ") + made.error);
        options.forward = made.options;
    } else if (parser.isSet(forwardInsecure) || parser.isSet(forwardCa)) {
        return usageError(parser, QStringLiteral("--forward-insecure and --forward-tls-ca go with --forward"));
    }
    if (parser.isSet(record)) {
        options.recordFile = parser.value(record);
    }

    EmbeddedAgent agent(options);
    if (const QString error = agent.start(); !error.isEmpty()) {
        err() << "ocworkbench-cli: " << error << '\n' << Qt::flush;
        return Failed;
    }
    const bool socket = options.listen.kind != AgentAddress::Kind::HostPort;
    out() << "LISTENING " << (socket ? options.listen.display() : QString::number(agent.port())) << '\n' << Qt::flush;
    installStopSignals();

    if (options.forward)
        err() << "agent: forwarding to " << options.forward->address << (options.forward->insecure ? " (plaintext)\n" : " (TLS)\n");
    if (!options.recordFile.isEmpty())
        err() << "agent: recording to " << options.recordFile << " (and .metrics, .times)\n";
    err().flush();

    QElapsedTimer clock;
    clock.start();
    QTimer poll;
    std::uint64_t lastSpans = 0;
    qint64 lastProgress = 0;
    bool recordErrorShown = false;
    QObject::connect(&poll, &QTimer::timeout, &poll, [&] {
        const qint64 elapsed = clock.elapsed();
        if (stopSignals() > 0 || (seconds > 0 && elapsed >= qint64(seconds * 1000))) {
            QCoreApplication::quit();
            return;
        }
        if (elapsed - lastProgress >= 1000) {
            const AgentSnapshot s = agent.snapshot();
            err() << QStringLiteral("agent: %1 s, %2 streams open, %3 spans (%4/s), %5 points, %6 nodes | refused: %7 | "
                                    "violations: %8 | quirks: %9")
                         .arg(elapsed / 1000.0, 0, 'f', 1)
                         .arg(s.streamsOpen)
                         .arg(s.spans)
                         .arg(s.spans - lastSpans)
                         .arg(s.points)
                         .arg(s.nodes.size())
                         .arg(namedCounts(refusalCounts(s)), namedCounts(s.violations), namedCounts(s.quirks))
                  << tapProgress(s) << '\n'
                  << Qt::flush;
            if (!s.recording.error.isEmpty() && !std::exchange(recordErrorShown, true))
                err() << "ocworkbench-cli: " << s.recording.error << '\n' << Qt::flush;
            lastSpans = s.spans;
            lastProgress = elapsed;
        }
    });
    poll.start(50);
    QCoreApplication::exec();

    agent.stop();
    if (options.forward)
        err() << "agent: forwarding what is still buffered and waiting for the upstream to confirm (at most "
              << double(options.forward->drainTimeout.count()) / 1000.0 << " s)\n" << Qt::flush;
    const QString recordError = agent.finishTap();
    agent.recorder().checkRemainingTraces();
    const QByteArray json = QJsonDocument(agentSummaryJson(agent.snapshot(), clock.elapsed() / 1000.0)).toJson();
    if (parser.isSet(summary)) {
        // The counts are not lost with the file: they go to stdout instead.
        if (!writeFileOrComplain(parser.value(summary), json, FileReaders::OwnerOnly)) {
            err() << "agent: the summary follows on stdout\n" << Qt::flush;
            out() << json << Qt::flush;
            return Failed;
        }
    } else {
        out() << json << Qt::flush;
    }
    if (!recordError.isEmpty()) {
        err() << "ocworkbench-cli: " << recordError << "; the recording is incomplete\n" << Qt::flush;
        return Failed;
    }
    return Ok;
}

} // namespace ocw::cli
