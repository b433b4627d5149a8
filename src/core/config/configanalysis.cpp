// SPDX-License-Identifier: Apache-2.0
#include "configanalysis.h"

#include "agentaddress.h"
#include "gofieldname.h"
#include "goduration.h"
#include "jsonformat.h"
#include "jsonpointer.h"
#include "lineindex.h"
#include "rules.h"

#include <QSet>

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>
#include <unordered_map>

namespace ocw {

namespace {

using namespace std::chrono_literals;

constexpr std::array kModuleKeys{"sample_rate", "reporting_period", "enabled_layers", "exporters"};
constexpr std::array kLayerKeys{"backend", "router", "pipe"};
constexpr std::array kOcAgentKeys{"address", "service_name", "reconnection", "insecure", "enable_compression", "headers"};
// Exporters krakend-opencensus decodes; `extra_config` is a field of its Exporters struct too.
constexpr std::array kExporterNames{"ocagent", "zipkin", "jaeger", "prometheus", "logger", "influxdb",
                                    "xray", "stackdriver", "datadog", "extra_config"};
constexpr auto kShortReconnection = 1s;
// Beyond this many duplicate keys outside the module, one object gets one finding that counts the rest: a
// generated file with 800,000 would otherwise bury every other finding (duplicates in the module are errors
// and are always listed).
constexpr int kListedDuplicatesPerObject = 100;

bool isCommentKey(const std::string &key)
{
    return !key.empty() && (key[0] == '@' || key[0] == '$' || key[0] == '_' || key[0] == '#');
}

QString q(const std::string &s)
{
    return u'"' + jsonText(s) + u'"';
}

template<std::size_t N>
QStringList toList(const std::array<const char *, N> &names)
{
    QStringList list;
    for (const char *n : names)
        list << QString::fromUtf8(n);
    return list;
}

// The closest of `candidates` to `key`, when it is close enough to be a typo.
QString suggestion(const QString &key, const QStringList &candidates)
{
    QString best;
    int bestDistance = std::max<int>(1, std::min<int>(3, int(key.size()) / 4 + 1)) + 1;
    for (const QString &candidate : candidates) {
        const int d = editDistance(key.toLower(), candidate.toLower());
        if (d < bestDistance) {
            bestDistance = d;
            best = candidate;
        }
    }
    return best;
}

QString didYouMean(const QString &key, const QStringList &candidates)
{
    const QString best = suggestion(key, candidates);
    return best.isEmpty() ? QString() : QStringLiteral("; did you mean \"%1\"?").arg(best);
}

bool looksSecret(const QString &name, const QString &value)
{
    static const QStringList words{QStringLiteral("authorization"), QStringLiteral("token"), QStringLiteral("secret"),
                                   QStringLiteral("password"),      QStringLiteral("passwd"), QStringLiteral("api-key"),
                                   QStringLiteral("api_key"),       QStringLiteral("apikey"), QStringLiteral("cookie"),
                                   QStringLiteral("credential"),    QStringLiteral("x-auth")};
    const QString lower = name.toLower();
    if (std::any_of(words.begin(), words.end(), [&](const QString &w) { return lower.contains(w); }))
        return true;
    return value.startsWith(QStringLiteral("Bearer "), Qt::CaseInsensitive)
        || value.startsWith(QStringLiteral("Basic "), Qt::CaseInsensitive);
}

// Finds, member by member, the earlier member of an object with the same key.
class FirstOccurrences final
{
public:
    FirstOccurrences(const SourceJson &json, int object)
        : m_json(json), m_hashed(json.node(object).childCount > LinearScanLimit)
    {
        if (m_hashed)
            m_firstByKey.reserve(std::size_t(json.node(object).childCount));
    }

    // The first member before `member` with its key, or -1; members must come in order.
    int firstOf(int member)
    {
        const std::string &key = m_json.node(member).key;
        if (m_hashed) {
            const auto [entry, isFirst] = m_firstByKey.try_emplace(key, member);
            return isFirst ? -1 : entry->second;
        }
        const auto found = std::find_if(m_seen.begin(), m_seen.end(), [&](int m) { return m_json.node(m).key == key; });
        if (found != m_seen.end())
            return *found;
        m_seen.push_back(member);
        return -1;
    }

private:
    // Real objects are small, and comparing a key with the few before it beats hashing it (bench_config);
    // a generated object with 100,000 keys needs the hash.
    static constexpr int LinearScanLimit = 16;
    const SourceJson &m_json;
    const bool m_hashed;
    std::vector<int> m_seen;
    std::unordered_map<std::string_view, int> m_firstByKey; // views of the nodes' keys
};

// Builds the analysis: one pass over the module with positions for every finding.
class ConfigValidator final
{
public:
    explicit ConfigValidator(ConfigAnalysis &analysis)
        : m_a(analysis), m_json(analysis.json), m_lines(analysis.json.source())
    {
    }

    void run();

private:
    enum class Place { Value, Key };

    const JsonNode &n(int index) const { return m_json.node(index); }

    // The problem just added, so that the caller can attach its quick fix.
    Diagnostic &report(const Rule &rule, int node, const QString &message, Place place = Place::Value)
    {
        const qsizetype offset = place == Place::Key && n(node).keyStart >= 0 ? n(node).keyStart : n(node).start;
        return reportAt(rule, offset, m_json.pointer(node), message);
    }
    Diagnostic &reportAt(const Rule &rule, qsizetype offset, const QString &pointer, const QString &message)
    {
        const TextPosition pos = m_lines.position(offset);
        m_a.diagnostics.append(Diagnostic{rule.severity, QString::fromUtf8(rule.id), pos.line, pos.column, offset,
                                          pointer, message, std::nullopt});
        return m_a.diagnostics.last();
    }

    // Quick fixes: each replaces exactly one key or one value, so every other byte stays as it was.
    QuickFix renameKey(int member, const QString &key) const
    {
        return QuickFix{QStringLiteral("Rename %1 to \"%2\"").arg(q(n(member).key), key),
                        TextEdit{n(member).keyStart, n(member).keyEnd - n(member).keyStart, quoteJson(key)}};
    }
    QuickFix replaceValue(int node, const QString &title, const QByteArray &json) const
    {
        return QuickFix{title, TextEdit{n(node).start, n(node).end - n(node).start, json}};
    }

    bool insideModule(int node) const
    {
        for (const int module : m_modules) {
            if (n(node).start >= n(module).start && n(node).end <= n(module).end)
                return true;
        }
        return false;
    }

    QString label(int node) const { return jsonText(n(node).key); }

    // The member Go's decoder fills a struct field from: keys match exactly or ignoring case, last one wins.
    int goField(int object, const char *name) const
    {
        int found = -1;
        const QString wanted = QString::fromUtf8(name);
        for (int c = n(object).firstChild; c >= 0; c = n(c).nextSibling) {
            if (n(c).key == name || goFieldMatches(jsonText(n(c).key), wanted))
                found = c;
        }
        return found;
    }

    template<std::size_t N>
    void checkKeys(int object, const std::array<const char *, N> &known, const QString &where)
    {
        const QStringList names = toList(known);
        for (int c = n(object).firstChild; c >= 0; c = n(c).nextSibling) {
            const std::string &key = n(c).key;
            if (isCommentKey(key) || std::find_if(known.begin(), known.end(), [&](const char *k) { return key == k; }) != known.end())
                continue;
            const QString qkey = jsonText(key);
            const auto folded = std::find_if(names.begin(), names.end(),
                                             [&](const QString &k) { return goFieldMatches(qkey, k); });
            if (folded != names.end()) {
                report(Rules::CaseMismatchKey, c,
                       QStringLiteral("key %1 matches \"%2\" only when case is ignored: KrakenD's Go decoder accepts it, "
                                      "but its schema (krakend check --lint) rejects it; write \"%2\"")
                           .arg(q(key), *folded),
                       Place::Key)
                    .fix = renameKey(c, *folded);
                continue;
            }
            const QString meant = suggestion(qkey, names);
            Diagnostic &d = report(Rules::UnknownKey, c,
                                   QStringLiteral("unknown key %1 in %2; KrakenD ignores it silently%3 (expected one of: %4)")
                                       .arg(q(key), where, didYouMean(qkey, names), names.join(QStringLiteral(", "))),
                                   Place::Key);
            if (!meant.isEmpty() && goField(object, meant.toUtf8().constData()) < 0)
                d.fix = renameKey(c, meant);
        }
    }

    bool isNull(int node)
    {
        if (n(node).kind != JsonKind::Null)
            return false;
        report(Rules::NullValue, node,
               QStringLiteral("%1 is null: KrakenD reads it as absent and its schema rejects null; remove the key or set a value")
                   .arg(q(n(node).key)));
        return true;
    }

    bool expectKind(int node, JsonKind kind, const QString &expected)
    {
        if (n(node).kind == kind)
            return true;
        report(Rules::WrongType, node,
               QStringLiteral("%1 is %2; expected %3. KrakenD's decoder rejects this and disables the whole OpenCensus module")
                   .arg(q(n(node).key), jsonKindName(n(node).kind), expected));
        return false;
    }

    // A string holding what was meant as a literal ("true", "100"); its fix drops the quotes.
    void reportQuotedLiteral(int node, const QString &literal, const QString &kind)
    {
        report(Rules::WrongType, node,
               QStringLiteral("%1 is the string \"%2\"; expected the %3 %2 without quotes. KrakenD's decoder "
                              "rejects a string here and disables the whole OpenCensus module")
                   .arg(q(n(node).key), literal, kind))
            .fix = replaceValue(node, QStringLiteral("Remove the quotes: %1").arg(literal), literal.toUtf8());
    }

    static bool isWholeNumber(const std::string &text)
    {
        qint64 value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        return !text.empty() && ec == std::errc() && end == text.data() + text.size();
    }

    std::optional<qint64> readInteger(int node)
    {
        if (isNull(node))
            return std::nullopt;
        const std::string text = m_json.stringValue(node);
        if (n(node).kind == JsonKind::String && isWholeNumber(text)) {
            reportQuotedLiteral(node, QString::fromStdString(text), QStringLiteral("number"));
            return std::nullopt;
        }
        if (!expectKind(node, JsonKind::Number, QStringLiteral("a whole number")))
            return std::nullopt;
        const std::string raw = m_json.rawText(node).toStdString();
        qint64 value = 0;
        const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), value);
        if (ec != std::errc() || end != raw.data() + raw.size()) {
            report(Rules::NotAnInteger, node,
                   QStringLiteral("%1 is %2, which Go cannot decode into an int (no fraction, no exponent, within 64 bits); "
                                  "expected a whole number such as %3")
                       .arg(q(n(node).key), QString::fromStdString(raw),
                            QString::number(qint64(std::clamp(std::strtod(raw.c_str(), nullptr), -1e15, 1e15)))));
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> readBool(int node)
    {
        if (isNull(node))
            return std::nullopt;
        const std::string text = m_json.stringValue(node);
        if (n(node).kind == JsonKind::String && (text == "true" || text == "false")) {
            reportQuotedLiteral(node, QString::fromStdString(text), QStringLiteral("boolean"));
            return std::nullopt;
        }
        if (!expectKind(node, JsonKind::Bool, QStringLiteral("true or false")))
            return std::nullopt;
        return n(node).boolValue;
    }

    std::optional<QString> readString(int node)
    {
        if (isNull(node) || !expectKind(node, JsonKind::String, QStringLiteral("a string")))
            return std::nullopt;
        return jsonText(m_json.stringValue(node));
    }

    void findDuplicates();
    void locateModule();
    void validateModule(int module);
    void validateLayers(int layers);
    void validateExporters(int exporters);
    void validateOcAgent(int ocagent, bool primary);
    void validateReconnection(int node, const QString &text);
    void validateHeaders(int headers, OcAgentConfig &agent);

    ConfigAnalysis &m_a;
    const SourceJson &m_json;
    LineIndex m_lines;
    std::vector<int> m_modules; // every module object found (both namespaces when both are present)
};

void ConfigValidator::run()
{
    if (!m_json.isValid()) {
        const JsonSyntaxError &e = *m_json.error();
        const Rule &rule = e.kind == JsonSyntaxError::Kind::Empty      ? Rules::EmptyDocument
                         : e.kind == JsonSyntaxError::Kind::Encoding   ? Rules::InvalidEncoding
                         : e.kind == JsonSyntaxError::Kind::TooDeep    ? Rules::TooDeep
                                                                       : Rules::JsonSyntax;
        if (m_json.source().startsWith("\xEF\xBB\xBF"))
            reportAt(Rules::ByteOrderMark, 0, QString(),
                     QStringLiteral("the file starts with a UTF-8 byte order mark; Go's JSON decoder rejects it, so KrakenD "
                                    "cannot read the file. Save it as UTF-8 without BOM"));
        else
            reportAt(rule, e.offset, e.pointer, e.message);
        return;
    }
    const int root = m_json.root();
    if (n(root).kind != JsonKind::Object) {
        report(Rules::RootNotObject, root,
               QStringLiteral("the document is %1; expected a JSON object (a krakend.json or an OpenCensus module)")
                   .arg(jsonKindName(n(root).kind)));
        return;
    }
    locateModule();
    findDuplicates();
    std::stable_sort(m_a.diagnostics.begin(), m_a.diagnostics.end(),
                     [](const Diagnostic &a, const Diagnostic &b) { return a.offset < b.offset; });
}

void ConfigValidator::findDuplicates()
{
    for (int i = 0; i < m_json.nodeCount(); ++i) {
        if (n(i).kind != JsonKind::Object || n(i).childCount < 2)
            continue;
        FirstOccurrences firstOccurrences(m_json, i);
        int listed = 0;
        int unlisted = 0;
        int firstUnlisted = -1;
        for (int c = n(i).firstChild; c >= 0; c = n(c).nextSibling) {
            const int first = firstOccurrences.firstOf(c);
            if (first < 0)
                continue;
            const bool inModule = insideModule(c);
            if (!inModule && listed == kListedDuplicatesPerObject) {
                if (unlisted++ == 0)
                    firstUnlisted = c;
                continue;
            }
            listed += inModule ? 0 : 1;
            const TextPosition firstPos = m_lines.position(n(first).keyStart);
            report(inModule ? Rules::DuplicateKey : Rules::DuplicateKeyElsewhere, c,
                   QStringLiteral("duplicate key %1 (first at line %2, column %3); Go's decoder keeps only the last value%4")
                       .arg(q(n(c).key))
                       .arg(firstPos.line)
                       .arg(firstPos.column)
                       .arg(inModule ? QStringLiteral(", so the first one is silently lost") : QString()),
                   Place::Key);
        }
        if (unlisted > 0)
            report(Rules::DuplicateKeyElsewhere, firstUnlisted,
                   QStringLiteral("%1 more duplicate keys in this object, from here on, are not listed one by one; Go's "
                                  "decoder keeps only the last value of each")
                       .arg(unlisted),
                   Place::Key);
    }
}

void ConfigValidator::locateModule()
{
    const int root = m_json.root();
    const std::string v1 = kNamespaceV1;
    const std::string v2 = kNamespaceV2;

    // A bare module object: the root itself holds the module's keys.
    const bool rootHasNamespace = m_json.member(root, v1) >= 0 || m_json.member(root, v2) >= 0;
    const int extraConfig = m_json.member(root, "extra_config");
    if (extraConfig < 0 && !rootHasNamespace) {
        const bool looksLikeModule = std::any_of(kModuleKeys.begin(), kModuleKeys.end(),
                                                 [&](const char *k) { return m_json.member(root, k) >= 0; });
        if (looksLikeModule) {
            m_modules.push_back(root);
            m_a.module = ModuleLocation{root, QString(), std::nullopt};
            validateModule(root);
            return;
        }
    }

    int container = extraConfig;
    if (extraConfig >= 0 && !expectKind(extraConfig, JsonKind::Object, QStringLiteral("an object of module namespaces")))
        return;
    if (extraConfig < 0 && rootHasNamespace)
        container = root; // an extra_config snippet

    const int v1Node = container >= 0 ? m_json.member(container, v1) : -1;
    const int v2Node = container >= 0 ? m_json.member(container, v2) : -1;
    if (v1Node < 0 && v2Node < 0) {
        QString message = QStringLiteral("no OpenCensus module: KrakenD 2.x reads extra_config[\"%1\"] and KrakenD 1.x "
                                         "reads extra_config[\"%2\"] at the service level")
                              .arg(QString::fromUtf8(kNamespaceV2), QString::fromUtf8(kNamespaceV1));
        int at = container >= 0 ? container : root;
        if (container >= 0) {
            for (int c = n(container).firstChild; c >= 0; c = n(c).nextSibling) {
                const QString key = jsonText(n(c).key);
                const QString near = suggestion(key, {QString::fromUtf8(kNamespaceV2), QString::fromUtf8(kNamespaceV1)});
                if (!near.isEmpty() || key.contains(QStringLiteral("opencensus"), Qt::CaseInsensitive)) {
                    message = QStringLiteral("namespace %1 is not one KrakenD reads, so the module is ignored; did you mean \"%2\"?")
                                  .arg(q(n(c).key), near.isEmpty() ? QString::fromUtf8(kNamespaceV2) : near);
                    report(Rules::ModuleMissing, c, message, Place::Key);
                    return;
                }
            }
        }
        report(Rules::ModuleMissing, at, message);
        return;
    }

    const int versionNode = m_json.member(root, "version");
    const QByteArray version = versionNode >= 0 && n(versionNode).kind == JsonKind::Number ? m_json.rawText(versionNode)
                                                                                            : QByteArray();
    if (v1Node >= 0 && v2Node >= 0) {
        report(Rules::BothNamespaces, v1Node,
               QStringLiteral("both namespaces are present: KrakenD 2.x reads only \"%1\" and KrakenD 1.x only \"%2\"; "
                              "keep the one your KrakenD reads")
                   .arg(QString::fromUtf8(kNamespaceV2), QString::fromUtf8(kNamespaceV1)),
               Place::Key);
    } else if (v1Node >= 0 && version == "3") {
        report(Rules::NamespaceVersion, v1Node,
               QStringLiteral("this is a version 3 config (KrakenD 2.x), which ignores the v1 namespace; use \"%1\"")
                   .arg(QString::fromUtf8(kNamespaceV2)),
               Place::Key);
    } else if (v2Node >= 0 && (version == "2" || version == "1")) {
        report(Rules::NamespaceVersion, v2Node,
               QStringLiteral("this is a version %1 config (KrakenD 1.x), which ignores \"%2\"; use \"%3\"")
                   .arg(QString::fromLatin1(version), QString::fromUtf8(kNamespaceV2), QString::fromUtf8(kNamespaceV1)),
               Place::Key);
    }

    // The module the workbench edits: v2 when present, as KrakenD 2.x reads it.
    const int primary = v2Node >= 0 ? v2Node : v1Node;
    for (const int node : {v2Node, v1Node}) {
        if (node < 0 || !expectKind(node, JsonKind::Object, QStringLiteral("an object holding the module's settings")))
            continue;
        m_modules.push_back(node);
    }
    m_a.module = ModuleLocation{primary, m_json.pointer(primary),
                                primary == v2Node ? ModuleNamespace::V2 : ModuleNamespace::V1};
    if (n(primary).kind != JsonKind::Object) {
        m_a.module.node = -1;
        return;
    }
    OpenCensusConfig primaryConfig;
    for (const int module : m_modules) {
        m_a.config = OpenCensusConfig{};
        validateModule(module);
        if (module == primary)
            primaryConfig = m_a.config;
    }
    m_a.config = primaryConfig;
}

void ConfigValidator::validateModule(int module)
{
    checkKeys(module, kModuleKeys, QStringLiteral("the OpenCensus module"));
    OpenCensusConfig &cfg = m_a.config;

    const int sampleRate = goField(module, "sample_rate");
    if (sampleRate < 0) {
        report(Rules::SampleRateZero, module,
               QStringLiteral("sample_rate is absent, so KrakenD uses 0 and never traces a request; set a percentage "
                              "from 1 to 100"));
    } else if (const auto rate = readInteger(sampleRate)) {
        cfg.sampleRate = *rate;
        if (*rate < 0 || *rate > 100)
            report(Rules::SampleRateRange, sampleRate,
                   QStringLiteral("sample_rate is %1; expected a percentage from 0 to 100").arg(*rate));
        else if (*rate == 0)
            report(Rules::SampleRateZero, sampleRate,
                   QStringLiteral("sample_rate is 0: KrakenD never traces a request (metrics are still reported)"));
    }

    const int period = goField(module, "reporting_period");
    if (period >= 0) {
        if (const auto seconds = readInteger(period)) {
            cfg.reportingPeriod = *seconds;
            if (*seconds < 0)
                report(Rules::ReportingPeriodNegative, period,
                       QStringLiteral("reporting_period is %1 s; a period at or below zero means OpenCensus's default of "
                                      "10 s, so write 0 or a number of seconds")
                           .arg(*seconds));
        }
    }

    const int layers = goField(module, "enabled_layers");
    if (layers >= 0 && !isNull(layers) && expectKind(layers, JsonKind::Object, QStringLiteral("an object with backend, router and pipe")))
        validateLayers(layers);

    const int exporters = goField(module, "exporters");
    if (exporters < 0) {
        report(Rules::ExportersMissing, module,
               QStringLiteral("the module has no exporters, so nothing is exported; expected \"exporters\": "
                              "{\"ocagent\": {\"address\": \"localhost:55678\", ...}}"));
    } else if (!isNull(exporters) && expectKind(exporters, JsonKind::Object, QStringLiteral("an object of exporters"))) {
        validateExporters(exporters);
    }
}

void ConfigValidator::validateLayers(int layers)
{
    checkKeys(layers, kLayerKeys, QStringLiteral("enabled_layers"));
    OpenCensusConfig &cfg = m_a.config;
    cfg.hasEnabledLayers = true;
    const std::array<std::pair<const char *, std::optional<bool> *>, 3> fields{
        {{"backend", &cfg.backend}, {"router", &cfg.router}, {"pipe", &cfg.pipe}}};
    for (const auto &[name, target] : fields) {
        const int field = goField(layers, name);
        if (field >= 0)
            *target = readBool(field);
    }
    if (!cfg.backend.value_or(false) && !cfg.router.value_or(false) && !cfg.pipe.value_or(false))
        report(Rules::NoLayerEnabled, layers,
               QStringLiteral("enabled_layers enables no layer, so KrakenD creates no span; a layer left out is off. "
                              "Set backend, router or pipe to true, or remove enabled_layers to enable all three"));
}

void ConfigValidator::validateExporters(int exporters)
{
    const QStringList names = toList(kExporterNames);
    int usable = 0;
    for (int c = n(exporters).firstChild; c >= 0; c = n(c).nextSibling) {
        const std::string &key = n(c).key;
        if (isCommentKey(key))
            continue;
        const QString name = jsonText(key);
        if (!names.contains(name)) {
            const auto folded = std::find_if(names.begin(), names.end(),
                                             [&](const QString &k) { return goFieldMatches(name, k); });
            if (folded == names.end()) {
                const QString meant = suggestion(name, names);
                Diagnostic &d = report(Rules::UnknownExporter, c,
                                       QStringLiteral("unknown exporter %1; KrakenD ignores it silently%2 (known: %3)")
                                           .arg(q(key), didYouMean(name, names),
                                                QStringList(names.begin(), names.end() - 1).join(QStringLiteral(", "))),
                                       Place::Key);
                if (!meant.isEmpty() && goField(exporters, meant.toUtf8().constData()) < 0)
                    d.fix = renameKey(c, meant);
                continue;
            }
            report(Rules::CaseMismatchKey, c,
                   QStringLiteral("exporter %1 matches \"%2\" only when case is ignored: KrakenD's Go decoder accepts it, "
                                  "but its schema rejects it; write \"%2\"")
                       .arg(q(key), *folded),
                   Place::Key)
                .fix = renameKey(c, *folded);
        }
        if (isNull(c))
            continue;
        ++usable;
        if (goFieldMatches(name, u"ocagent")) {
            validateOcAgent(c, c == goField(exporters, "ocagent"));
        } else if (expectKind(c, JsonKind::Object, QStringLiteral("an object with the exporter's settings"))) {
            m_a.config.otherExporters.append(OtherExporter{name, m_json.rawText(c)});
        }
    }
    if (usable == 0)
        report(Rules::ExportersMissing, exporters,
               QStringLiteral("exporters is empty, so nothing is exported; add \"ocagent\": {\"address\": "
                              "\"localhost:55678\", \"service_name\": \"krakend\", \"insecure\": true}"));
}

void ConfigValidator::validateOcAgent(int ocagent, bool primary)
{
    if (!expectKind(ocagent, JsonKind::Object, QStringLiteral("an object with address, service_name, ...")))
        return;
    checkKeys(ocagent, kOcAgentKeys, QStringLiteral("the ocagent exporter"));
    OcAgentConfig agent;

    const int address = goField(ocagent, "address");
    if (address < 0) {
        report(Rules::AddressMissing, ocagent,
               QStringLiteral("the ocagent exporter has no address: KrakenD fails with \"missing ocagent address\" and "
                              "skips the exporter silently; expected host:port, e.g. \"localhost:55678\""));
    } else if (const auto text = readString(address)) {
        agent.address = *text;
        if (text->isEmpty()) {
            report(Rules::AddressMissing, address,
                   QStringLiteral("address is empty: KrakenD fails with \"missing ocagent address\" and skips the exporter "
                                  "silently; expected host:port, e.g. \"localhost:55678\""));
        } else if (const AgentAddressResult parsed = parseAgentAddress(*text); !parsed.address) {
            Diagnostic &d = report(Rules::AddressInvalid, address, QStringLiteral("address ") + parsed.problem);
            // A bare host is the usual slip; with the agent's port it is a valid address.
            const QString withPort = *text + QStringLiteral(":55678");
            if (!text->contains(u':') && parseAgentAddress(withPort).address)
                d.fix = replaceValue(address, QStringLiteral("Add the agent's port: \"%1\"").arg(withPort), quoteJson(withPort));
        } else if (parsed.address->defaultPort) {
            AgentAddress meant = *parsed.address;
            meant.port = 55678;
            const QString withPort = meant.dnsServer.isEmpty() ? u"dns:///" + meant.display() : meant.display();
            report(Rules::AddressDefaultPort, address,
                   QStringLiteral("address \"%1\" names no port, so grpc-go's dns resolver dials port 443, not the agent's "
                                  "usual 55678; write the port, e.g. \"%2\"")
                       .arg(*text, withPort))
                .fix = replaceValue(address, QStringLiteral("Add the agent's port: \"%1\"").arg(withPort), quoteJson(withPort));
        }
    }

    const int serviceName = goField(ocagent, "service_name");
    if (serviceName < 0) {
        report(Rules::ServiceNameMissing, ocagent,
               QStringLiteral("service_name is absent: the agent shows this gateway as \"KrakenD-Opencensus\", and "
                              "KrakenD's schema requires the key; expected a name such as \"krakend\""));
    } else if (const auto text = readString(serviceName)) {
        agent.serviceName = *text;
        if (text->isEmpty())
            report(Rules::ServiceNameMissing, serviceName,
                   QStringLiteral("service_name is empty: the agent shows this gateway as \"KrakenD-Opencensus\"; "
                                  "expected a name such as \"krakend\""));
    }

    const int reconnection = goField(ocagent, "reconnection");
    if (reconnection >= 0) {
        if (const auto text = readString(reconnection)) {
            agent.reconnection = *text;
            validateReconnection(reconnection, *text);
        }
    }

    const int insecure = goField(ocagent, "insecure");
    if (insecure >= 0)
        agent.insecure = readBool(insecure);
    if (!agent.insecure.value_or(false) && (insecure < 0 || n(insecure).kind == JsonKind::Bool)) {
        report(Rules::InsecureWithoutTls, insecure >= 0 ? insecure : ocagent,
               QStringLiteral("insecure is %1, so the exporter needs TLS, but KrakenD passes it no TLS credentials: the "
                              "Go exporter fails with \"no transport security set\" and never connects. Set \"insecure\": "
                              "true for a plaintext agent")
                   .arg(insecure >= 0 ? QStringLiteral("false") : QStringLiteral("absent (false)")));
    }

    const int compression = goField(ocagent, "enable_compression");
    if (compression >= 0)
        agent.enableCompression = readBool(compression);

    const int headers = goField(ocagent, "headers");
    if (headers >= 0 && !isNull(headers)
        && expectKind(headers, JsonKind::Object, QStringLiteral("an object of header names to string values")))
        validateHeaders(headers, agent);

    if (primary)
        m_a.config.ocagent = agent;
}

void ConfigValidator::validateReconnection(int node, const QString &text)
{
    if (text.isEmpty()) {
        report(Rules::ReconnectionDefault, node,
               QStringLiteral("reconnection is empty: the exporter retries every 10 s (its default), and KrakenD's schema "
                              "rejects an empty duration; write e.g. \"2s\" or remove the key"));
        return;
    }
    const std::string raw = text.toStdString();
    const GoDuration parsed = GoDuration::parse(raw);
    if (!parsed.ok) {
        report(Rules::ReconnectionInvalid, node,
               QStringLiteral("reconnection \"%1\" is not a Go duration (%2): KrakenD fails with \"cannot parse "
                              "reconnection period\" and skips the exporter silently; expected e.g. \"2s\", \"500ms\" or \"1m\"")
                   .arg(text, parsed.error));
        return;
    }
    if (parsed.value < std::chrono::nanoseconds::zero()) {
        report(Rules::ReconnectionNegative, node,
               QStringLiteral("reconnection \"%1\" is negative; expected a positive period such as \"2s\"").arg(text));
        return;
    }
    if (parsed.value == std::chrono::nanoseconds::zero()) {
        report(Rules::ReconnectionDefault, node,
               QStringLiteral("reconnection \"%1\" is zero, which the exporter replaces with its default of 10 s; write "
                              "the period you mean, e.g. \"10s\"")
                   .arg(text));
        return;
    }
    if (parsed.value < kShortReconnection)
        report(Rules::ReconnectionTooShort, node,
               QStringLiteral("reconnection \"%1\" (%2) retries so often that it hammers an agent that is down; "
                              "expected 1s or more, e.g. \"2s\"")
                   .arg(text, GoDuration::describe(parsed.value)));
    if (!GoDuration::matchesKrakendSchema(raw))
        report(Rules::ReconnectionNotInSchema, node,
               QStringLiteral("reconnection \"%1\" is valid for Go (%2), but KrakenD's schema allows only digits and one "
                              "unit, so `krakend check --lint` fails; write it as one unit, e.g. \"%3\"")
                   .arg(text, GoDuration::describe(parsed.value),
                        parsed.value.count() % 1000000000 == 0
                            ? QStringLiteral("%1s").arg(parsed.value.count() / 1000000000)
                            : QStringLiteral("%1ms").arg(parsed.value.count() / 1000000)));
}

void ConfigValidator::validateHeaders(int headers, OcAgentConfig &agent)
{
    QList<HeaderEntry> entries;
    QStringList names; // never the values: they may be credentials
    for (int c = n(headers).firstChild; c >= 0; c = n(c).nextSibling) {
        names.append(q(n(c).key));
        const QString name = jsonText(n(c).key);
        if (n(c).kind != JsonKind::String) {
            report(Rules::HeaderValueNotString, c,
                   // The value is not quoted: it may be a credential.
                   QStringLiteral("header %1 is %2; header values must be strings: write the value in double quotes. "
                                  "KrakenD's decoder rejects this and disables the whole OpenCensus module")
                       .arg(q(n(c).key), jsonKindName(n(c).kind)));
            continue;
        }
        const QString value = jsonText(m_json.stringValue(c));
        entries.append(HeaderEntry{name, value});
        // grpc-go lower-cases metadata keys and refuses any other character than [0-9a-z-_.].
        const QString lower = name.toLower();
        const bool validName = !lower.isEmpty() && std::all_of(lower.begin(), lower.end(), [](QChar ch) {
            return (ch >= u'a' && ch <= u'z') || (ch >= u'0' && ch <= u'9') || ch == u'-' || ch == u'_' || ch == u'.';
        });
        if (!validName)
            report(Rules::HeaderNameInvalid, c,
                   QStringLiteral("header name %1 is not valid gRPC metadata (only letters, digits, '-', '_' and '.'); "
                                  "the agent's streams fail")
                       .arg(q(n(c).key)),
                   Place::Key);
        else if (lower.startsWith(QStringLiteral("grpc-")))
            report(Rules::HeaderNameInvalid, c,
                   QStringLiteral("header name %1 is reserved by gRPC (grpc-*); choose another name").arg(q(n(c).key)),
                   Place::Key);
        const bool binary = lower.endsWith(QStringLiteral("-bin"));
        if (!binary && std::any_of(value.begin(), value.end(), [](QChar ch) { return ch.unicode() < 0x20 || ch.unicode() > 0x7E; }))
            report(Rules::HeaderValueInvalid, c,
                   QStringLiteral("header %1 has a value with characters outside printable ASCII, which gRPC refuses "
                                  "in metadata; use ASCII, or a name ending in \"-bin\" for binary values")
                       .arg(q(n(c).key)));
        if (looksSecret(name, value))
            report(Rules::SecretInHeader, c,
                   QStringLiteral("header %1 carries a credential in plain text in the config%2; inject it from the "
                                  "environment (KrakenD's flexible config) instead of committing it")
                       .arg(q(n(c).key), agent.effectiveInsecure() ? QStringLiteral(" and sends it unencrypted (insecure is true)")
                                                                   : QString()),
                   Place::Key);
    }
    agent.headers = entries;
    // The Go exporter (ocagent.go v0.6.0) attaches its headers to the trace Export stream only.
    if (!names.isEmpty())
        report(Rules::HeadersTraceStreamOnly, headers,
               QStringLiteral("headers %1 go on the trace Export stream only: KrakenD's exporter opens the metrics and "
                              "Config streams without them, so a collector that requires them refuses both, each "
                              "refused metrics send takes the whole connection down, and span batches are dropped "
                              "until it reconnects. Check that the collector does not require them")
                   .arg(names.join(QStringLiteral(", "))),
               Place::Key);
}

} // namespace

ModuleNamespace ConfigAnalysis::preferredNamespace() const
{
    if (module.ns)
        return *module.ns;
    const int root = json.root();
    if (root >= 0 && json.node(root).kind == JsonKind::Object) {
        const int version = json.member(root, "version");
        if (version >= 0 && (json.rawText(version) == "2" || json.rawText(version) == "1"))
            return ModuleNamespace::V1;
    }
    return ModuleNamespace::V2;
}

QString ConfigAnalysis::resolvePointer(const QString &pointer) const
{
    if (pointer.isEmpty() || pointer.startsWith(u'/'))
        return pointer;
    QString base = module.pointer;
    if (!moduleFound())
        base = QStringLiteral("/extra_config/") + JsonPointer::escape(namespaceKey(preferredNamespace()));
    return base + u'/' + pointer;
}

int editDistance(QStringView a, QStringView b)
{
    std::vector<int> row(std::size_t(b.size()) + 1);
    for (std::size_t j = 0; j < row.size(); ++j)
        row[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int above = row[std::size_t(j)];
            row[std::size_t(j)] = std::min({above + 1, row[std::size_t(j - 1)] + 1,
                                            diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row.back();
}

ConfigAnalysis analyzeConfig(const QByteArray &bytes)
{
    ConfigAnalysis analysis;
    analysis.json = SourceJson::parse(bytes);
    ConfigValidator(analysis).run();
    return analysis;
}

} // namespace ocw
