// SPDX-License-Identifier: Apache-2.0
#include "loadprofile.h"

#include "config/configanalysis.h"
#include "config/lineindex.h"
#include "config/sourcejson.h"

#include <QStringList>

#include <charconv>
#include <cmath>

namespace ocw {

namespace {

// 1000000000 rather than 1e+09 in messages.
QString plain(double value)
{
    return value == std::floor(value) && std::abs(value) < 1e15 ? QString::number(qint64(value)) : QString::number(value);
}

// Reads a profile with positions: every problem names its line, column and JSON pointer.
class ProfileReader final
{
public:
    ProfileReader(const SourceJson &json, Diagnostics &out)
        : m_json(json), m_lines(json.source()), m_out(out)
    {
    }

    void error(int node, const QString &rule, const QString &message, bool atKey = false)
    {
        const JsonNode &n = m_json.node(node);
        const qsizetype offset = atKey && n.keyStart >= 0 ? n.keyStart : n.start;
        const TextPosition p = m_lines.position(offset);
        m_out.append(Diagnostic{Severity::Error, rule, p.line, p.column, offset, m_json.pointer(node), message, std::nullopt});
    }

    QString name(int node) const { return QString::fromStdString(m_json.node(node).key); }

    bool isKind(int node, JsonKind kind, const QString &expected)
    {
        if (m_json.node(node).kind == kind)
            return true;
        error(node, QStringLiteral("PRF101"),
              QStringLiteral("%1 is %2; expected %3").arg(describe(node), jsonKindName(m_json.node(node).kind), expected));
        return false;
    }

    QString describe(int node) const
    {
        const JsonNode &n = m_json.node(node);
        if (n.parent >= 0 && m_json.node(n.parent).kind == JsonKind::Object)
            return u'"' + name(node) + u'"';
        return QStringLiteral("this value");
    }

    // Unknown keys are errors: a typo would otherwise silently fall back to a default.
    void onlyKeys(int object, const QStringList &known)
    {
        for (int c = m_json.node(object).firstChild; c >= 0; c = m_json.node(c).nextSibling) {
            const QString key = name(c);
            if (known.contains(key) || key.startsWith(u'_'))
                continue;
            QString near;
            for (const QString &k : known) {
                if (editDistance(k, key) <= 2)
                    near = QStringLiteral("; did you mean \"%1\"?").arg(k);
            }
            error(c, QStringLiteral("PRF102"),
                  QStringLiteral("unknown key \"%1\"%2 (expected one of: %3)").arg(key, near, known.join(QStringLiteral(", "))),
                  true);
        }
    }

    int member(int object, const char *key) const { return m_json.member(object, key); }

    std::optional<double> number(int object, const char *key, double min, double max)
    {
        const int node = member(object, key);
        if (node < 0 || !isKind(node, JsonKind::Number, QStringLiteral("a number")))
            return std::nullopt;
        const double value = m_json.rawText(node).toDouble();
        if (!(value >= min && value <= max)) {
            error(node, QStringLiteral("PRF103"),
                  QStringLiteral("\"%1\" is %2; expected a number from %3 to %4")
                      .arg(QString::fromLatin1(key), QString::fromUtf8(m_json.rawText(node)), plain(min), plain(max)));
            return std::nullopt;
        }
        return value;
    }

    std::optional<std::int64_t> integer(int object, const char *key, std::int64_t min, std::int64_t max)
    {
        const int node = member(object, key);
        if (node < 0 || !isKind(node, JsonKind::Number, QStringLiteral("a whole number")))
            return std::nullopt;
        const QByteArray raw = m_json.rawText(node);
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(raw.constData(), raw.constData() + raw.size(), value);
        if (ec != std::errc() || end != raw.constData() + raw.size() || value < min || value > max) {
            error(node, QStringLiteral("PRF103"),
                  QStringLiteral("\"%1\" is %2; expected a whole number from %3 to %4")
                      .arg(QString::fromLatin1(key), QString::fromUtf8(raw))
                      .arg(min)
                      .arg(max));
            return std::nullopt;
        }
        return value;
    }

    std::optional<std::string> string(int object, const char *key)
    {
        const int node = member(object, key);
        if (node < 0 || !isKind(node, JsonKind::String, QStringLiteral("a string")))
            return std::nullopt;
        return m_json.stringValue(node);
    }

    std::vector<std::string> strings(int object, const char *key)
    {
        std::vector<std::string> out;
        const int node = member(object, key);
        if (node < 0 || !isKind(node, JsonKind::Array, QStringLiteral("an array of strings")))
            return out;
        for (int c = m_json.node(node).firstChild; c >= 0; c = m_json.node(c).nextSibling) {
            if (isKind(c, JsonKind::String, QStringLiteral("a string")))
                out.push_back(m_json.stringValue(c));
        }
        if (out.empty())
            error(node, QStringLiteral("PRF103"), QStringLiteral("\"%1\" is empty; expected at least one name").arg(QString::fromLatin1(key)));
        return out;
    }

    // {"min": a, "max": b} or a bare whole number for a fixed value.
    std::optional<IntRange> range(int object, const char *key, int lowest, int highest)
    {
        const int node = member(object, key);
        if (node < 0)
            return std::nullopt;
        if (m_json.node(node).kind == JsonKind::Number) {
            const auto v = integer(object, key, lowest, highest);
            return v ? std::optional<IntRange>(IntRange{int(*v), int(*v)}) : std::nullopt;
        }
        if (!isKind(node, JsonKind::Object, QStringLiteral("a whole number or {\"min\": ..., \"max\": ...}")))
            return std::nullopt;
        onlyKeys(node, {QStringLiteral("min"), QStringLiteral("max")});
        const auto min = integer(node, "min", lowest, highest);
        const auto max = integer(node, "max", lowest, highest);
        if (!min || !max) {
            if (member(node, "min") < 0 || member(node, "max") < 0)
                error(node, QStringLiteral("PRF104"), QStringLiteral("\"%1\" needs both \"min\" and \"max\"").arg(QString::fromLatin1(key)));
            return std::nullopt;
        }
        if (*min > *max) {
            error(node, QStringLiteral("PRF103"), QStringLiteral("\"%1\" has min %2 above max %3").arg(QString::fromLatin1(key)).arg(*min).arg(*max));
            return std::nullopt;
        }
        return IntRange{int(*min), int(*max)};
    }

    const SourceJson &json() const { return m_json; }

private:
    const SourceJson &m_json;
    LineIndex m_lines;
    Diagnostics &m_out;
};

constexpr double kMaxRate = 1e9;

std::optional<RateComponent> readComponent(ProfileReader &r, int node)
{
    const SourceJson &json = r.json();
    if (!r.isKind(node, JsonKind::Object, QStringLiteral("an object with one of constant, ramp, steps, bursts, sine")))
        return std::nullopt;
    if (json.node(node).childCount != 1) {
        r.error(node, QStringLiteral("PRF104"),
                QStringLiteral("a rate component has exactly one key: constant, ramp, steps, bursts or sine"));
        return std::nullopt;
    }
    r.onlyKeys(node, {QStringLiteral("constant"), QStringLiteral("ramp"), QStringLiteral("steps"), QStringLiteral("bursts"),
                      QStringLiteral("sine")});
    RateComponent c;
    const int body = json.node(node).firstChild;
    const std::string kind = json.node(body).key;
    if (kind == "constant") {
        c.kind = RateComponent::Kind::Constant;
        const auto v = r.number(node, "constant", 0, kMaxRate);
        if (!v)
            return std::nullopt;
        c.value = *v;
    } else if (kind == "ramp") {
        c.kind = RateComponent::Kind::Ramp;
        if (!r.isKind(body, JsonKind::Object, QStringLiteral("{\"from\": ..., \"to\": ..., \"over_s\": ...}")))
            return std::nullopt;
        r.onlyKeys(body, {QStringLiteral("from"), QStringLiteral("to"), QStringLiteral("over_s")});
        const auto from = r.number(body, "from", 0, kMaxRate);
        const auto to = r.number(body, "to", 0, kMaxRate);
        const auto over = r.number(body, "over_s", 0.001, 1e7);
        if (!from || !to || !over) {
            r.error(body, QStringLiteral("PRF104"), QStringLiteral("a ramp needs \"from\", \"to\" and \"over_s\""));
            return std::nullopt;
        }
        c.value = *from;
        c.to = *to;
        c.seconds = *over;
    } else if (kind == "steps") {
        c.kind = RateComponent::Kind::Steps;
        if (!r.isKind(body, JsonKind::Array, QStringLiteral("an array of [at_s, rate] pairs")))
            return std::nullopt;
        double last = -1;
        for (int step = json.node(body).firstChild; step >= 0; step = json.node(step).nextSibling) {
            if (!r.isKind(step, JsonKind::Array, QStringLiteral("[at_s, rate]")) || json.node(step).childCount != 2) {
                if (json.node(step).kind == JsonKind::Array)
                    r.error(step, QStringLiteral("PRF104"), QStringLiteral("a step is [at_s, rate]: two numbers"));
                return std::nullopt;
            }
            const int at = json.node(step).firstChild;
            const int rate = json.node(at).nextSibling;
            if (!r.isKind(at, JsonKind::Number, QStringLiteral("a time in seconds")) || !r.isKind(rate, JsonKind::Number, QStringLiteral("a rate")))
                return std::nullopt;
            const double atS = json.rawText(at).toDouble();
            const double value = json.rawText(rate).toDouble();
            if (atS <= last || value < 0) {
                r.error(step, QStringLiteral("PRF103"),
                        QStringLiteral("steps go forward in time with rates of 0 or more; this one is at %1 s with rate %2").arg(atS).arg(value));
                return std::nullopt;
            }
            last = atS;
            c.steps.emplace_back(atS, value);
        }
    } else if (kind == "bursts") {
        c.kind = RateComponent::Kind::Bursts;
        if (!r.isKind(body, JsonKind::Object, QStringLiteral("{\"value\": ..., \"on_s\": ..., \"off_s\": ...}")))
            return std::nullopt;
        r.onlyKeys(body, {QStringLiteral("value"), QStringLiteral("on_s"), QStringLiteral("off_s")});
        const auto value = r.number(body, "value", 0, kMaxRate);
        const auto on = r.number(body, "on_s", 0.001, 1e7);
        const auto off = r.number(body, "off_s", 0, 1e7);
        if (!value || !on || !off) {
            r.error(body, QStringLiteral("PRF104"), QStringLiteral("bursts need \"value\", \"on_s\" and \"off_s\""));
            return std::nullopt;
        }
        c.value = *value;
        c.seconds = *on;
        c.offSeconds = *off;
    } else {
        c.kind = RateComponent::Kind::Sine;
        if (!r.isKind(body, JsonKind::Object, QStringLiteral("{\"offset\": ..., \"amplitude\": ..., \"period_s\": ...}")))
            return std::nullopt;
        r.onlyKeys(body, {QStringLiteral("offset"), QStringLiteral("amplitude"), QStringLiteral("period_s")});
        const auto offset = r.number(body, "offset", 0, kMaxRate);
        const auto amplitude = r.number(body, "amplitude", 0, kMaxRate);
        const auto period = r.number(body, "period_s", 0.001, 1e7);
        if (!offset || !amplitude || !period) {
            r.error(body, QStringLiteral("PRF104"), QStringLiteral("a sine needs \"offset\", \"amplitude\" and \"period_s\""));
            return std::nullopt;
        }
        c.value = *offset;
        c.amplitude = *amplitude;
        c.seconds = *period;
    }
    return c;
}

std::optional<AttributeSpec> readAttribute(ProfileReader &r, int node)
{
    const SourceJson &json = r.json();
    if (!r.isKind(node, JsonKind::Object, QStringLiteral("{\"key\": ..., and one of strings, ids, ints, doubles, bools}")))
        return std::nullopt;
    r.onlyKeys(node, {QStringLiteral("key"), QStringLiteral("strings"), QStringLiteral("ids"), QStringLiteral("ints"),
                      QStringLiteral("doubles"), QStringLiteral("bools")});
    const auto malformed = [&] {
        r.error(node, QStringLiteral("PRF104"),
                QStringLiteral("an attribute has a \"key\" and one of \"strings\", \"ids\", \"ints\", \"doubles\", \"bools\""));
        return std::nullopt;
    };
    AttributeSpec a;
    a.key = r.string(node, "key").value_or(std::string());
    if (a.key.empty() || json.node(node).childCount != 2)
        return malformed();
    if (json.member(node, "strings") >= 0) {
        a.kind = AttributeSpec::Kind::Strings;
        a.values = r.strings(node, "strings");
    } else if (const int ids = json.member(node, "ids"); ids >= 0) {
        a.kind = AttributeSpec::Kind::Ids;
        if (r.isKind(ids, JsonKind::Object, QStringLiteral("{\"prefix\": ..., \"cardinality\": N}"))) {
            r.onlyKeys(ids, {QStringLiteral("prefix"), QStringLiteral("cardinality")});
            a.prefix = r.string(ids, "prefix").value_or(std::string());
            a.cardinality = std::uint64_t(r.integer(ids, "cardinality", 1, std::int64_t(1) << 40).value_or(0));
            if (a.cardinality == 0)
                r.error(ids, QStringLiteral("PRF104"), QStringLiteral("ids need a \"cardinality\""));
        }
    } else if (const int ints = json.member(node, "ints"); ints >= 0) {
        a.kind = AttributeSpec::Kind::Ints;
        if (r.isKind(ints, JsonKind::Object, QStringLiteral("{\"min\": ..., \"max\": ...} or {\"min\": ..., \"cardinality\": N}"))) {
            r.onlyKeys(ints, {QStringLiteral("min"), QStringLiteral("max"), QStringLiteral("cardinality")});
            a.min = r.integer(ints, "min", std::numeric_limits<std::int64_t>::min() / 2, std::numeric_limits<std::int64_t>::max() / 2).value_or(0);
            a.max = r.integer(ints, "max", std::numeric_limits<std::int64_t>::min() / 2, std::numeric_limits<std::int64_t>::max() / 2).value_or(a.min);
            a.cardinality = std::uint64_t(r.integer(ints, "cardinality", 1, std::int64_t(1) << 40).value_or(0));
            if (a.max < a.min)
                r.error(ints, QStringLiteral("PRF103"), QStringLiteral("\"max\" is below \"min\""));
        }
    } else if (const int doubles = json.member(node, "doubles"); doubles >= 0) {
        a.kind = AttributeSpec::Kind::Doubles;
        if (r.isKind(doubles, JsonKind::Object, QStringLiteral("{\"min\": ..., \"max\": ...}"))) {
            r.onlyKeys(doubles, {QStringLiteral("min"), QStringLiteral("max"), QStringLiteral("cardinality")});
            a.doubleMin = r.number(doubles, "min", -1e300, 1e300).value_or(0);
            a.doubleMax = r.number(doubles, "max", -1e300, 1e300).value_or(1);
            a.cardinality = std::uint64_t(r.integer(doubles, "cardinality", 1, std::int64_t(1) << 40).value_or(0));
        }
    } else if (const int bools = json.member(node, "bools"); bools >= 0) {
        a.kind = AttributeSpec::Kind::Bools;
        r.isKind(bools, JsonKind::Bool, QStringLiteral("true"));
    } else { // two members, but the second is no kind: an unknown key, or "key" twice (found by fuzz_load_profile)
        return malformed();
    }
    return a;
}

std::optional<MetricSpec> readMetric(ProfileReader &r, int node)
{
    const SourceJson &json = r.json();
    if (!r.isKind(node, JsonKind::Object, QStringLiteral("a metric definition")))
        return std::nullopt;
    r.onlyKeys(node, {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("unit"), QStringLiteral("type"),
                      QStringLiteral("labels"), QStringLiteral("value"), QStringLiteral("bounds"), QStringLiteral("observations")});
    MetricSpec m;
    const auto name = r.string(node, "name");
    if (!name || name->empty()) {
        r.error(node, QStringLiteral("PRF104"), QStringLiteral("a metric needs a \"name\""));
        return std::nullopt;
    }
    m.name = *name;
    m.description = r.string(node, "description").value_or(std::string());
    m.unit = r.string(node, "unit").value_or(m.unit);
    static const std::vector<std::pair<std::string, MetricSpec::Type>> types{
        {"gauge_int64", MetricSpec::Type::GaugeInt64},
        {"gauge_double", MetricSpec::Type::GaugeDouble},
        {"cumulative_int64", MetricSpec::Type::CumulativeInt64},
        {"cumulative_double", MetricSpec::Type::CumulativeDouble},
        {"cumulative_distribution", MetricSpec::Type::CumulativeDistribution},
        {"summary", MetricSpec::Type::Summary}};
    if (const auto type = r.string(node, "type")) {
        const auto it = std::find_if(types.begin(), types.end(), [&](const auto &t) { return t.first == *type; });
        if (it == types.end())
            r.error(json.member(node, "type"), QStringLiteral("PRF103"),
                    QStringLiteral("\"type\" is one of gauge_int64, gauge_double, cumulative_int64, cumulative_double, "
                                   "cumulative_distribution, summary"));
        else
            m.type = it->second;
    }
    const int labels = json.member(node, "labels");
    if (labels >= 0 && r.isKind(labels, JsonKind::Array, QStringLiteral("an array of labels"))) {
        for (int l = json.node(labels).firstChild; l >= 0; l = json.node(l).nextSibling) {
            if (!r.isKind(l, JsonKind::Object, QStringLiteral("{\"key\": ..., \"values\": [...]} or {\"key\": ..., \"cardinality\": N}")))
                continue;
            r.onlyKeys(l, {QStringLiteral("key"), QStringLiteral("values"), QStringLiteral("cardinality"), QStringLiteral("prefix")});
            LabelSpec label;
            label.key = r.string(l, "key").value_or(std::string());
            if (json.member(l, "values") >= 0)
                label.values = r.strings(l, "values");
            label.cardinality = std::uint64_t(r.integer(l, "cardinality", 1, 1000000).value_or(0));
            label.prefix = r.string(l, "prefix").value_or(label.key + "-");
            if (label.key.empty() || label.size() == 0)
                r.error(l, QStringLiteral("PRF104"), QStringLiteral("a label needs a \"key\" and \"values\" or a \"cardinality\""));
            else
                m.labels.push_back(label);
        }
    }
    if (m.seriesCount() > 1000000)
        r.error(labels, QStringLiteral("PRF103"),
                QStringLiteral("these labels make %1 time series; at most 1000000 are allowed").arg(m.seriesCount()));
    const int value = json.member(node, "value");
    if (value >= 0 && r.isKind(value, JsonKind::Object, QStringLiteral("one of counter, random_walk, sine"))) {
        r.onlyKeys(value, {QStringLiteral("counter"), QStringLiteral("random_walk"), QStringLiteral("sine")});
        const int body = json.node(value).firstChild;
        if (json.node(value).childCount != 1 || !r.isKind(body, JsonKind::Object, QStringLiteral("an object"))) {
            r.error(value, QStringLiteral("PRF104"), QStringLiteral("\"value\" has exactly one of counter, random_walk, sine"));
        } else if (json.node(body).key == "counter") {
            m.value.kind = ValueSpec::Kind::Counter;
            r.onlyKeys(body, {QStringLiteral("per_second")});
            m.value.perSecond = r.number(body, "per_second", 0, 1e9).value_or(m.value.perSecond);
        } else if (json.node(body).key == "random_walk") {
            m.value.kind = ValueSpec::Kind::RandomWalk;
            r.onlyKeys(body, {QStringLiteral("start"), QStringLiteral("step"), QStringLiteral("min"), QStringLiteral("max")});
            m.value.start = r.number(body, "start", -1e15, 1e15).value_or(m.value.start);
            m.value.step = r.number(body, "step", 0, 1e15).value_or(m.value.step);
            m.value.min = r.number(body, "min", -1e15, 1e15).value_or(m.value.min);
            m.value.max = r.number(body, "max", -1e15, 1e15).value_or(m.value.max);
            if (m.value.min > m.value.max)
                r.error(body, QStringLiteral("PRF103"), QStringLiteral("\"min\" is above \"max\""));
        } else if (json.node(body).key == "sine") {
            m.value.kind = ValueSpec::Kind::Sine;
            r.onlyKeys(body, {QStringLiteral("offset"), QStringLiteral("amplitude"), QStringLiteral("period_s")});
            m.value.offset = r.number(body, "offset", -1e15, 1e15).value_or(m.value.offset);
            m.value.amplitude = r.number(body, "amplitude", 0, 1e15).value_or(m.value.amplitude);
            m.value.periodSeconds = r.number(body, "period_s", 0.001, 1e7).value_or(m.value.periodSeconds);
        }
    }
    const int bounds = json.member(node, "bounds");
    if (bounds >= 0 && r.isKind(bounds, JsonKind::Array, QStringLiteral("an array of increasing numbers"))) {
        m.bounds.clear();
        for (int b = json.node(bounds).firstChild; b >= 0; b = json.node(b).nextSibling) {
            if (!r.isKind(b, JsonKind::Number, QStringLiteral("a number")))
                continue;
            const double bound = json.rawText(b).toDouble();
            if (!m.bounds.empty() && bound <= m.bounds.back())
                r.error(b, QStringLiteral("PRF103"), QStringLiteral("bucket bounds must increase; %1 follows %2").arg(bound).arg(m.bounds.back()));
            m.bounds.push_back(bound);
        }
    }
    const int observations = json.member(node, "observations");
    if (observations >= 0 && r.isKind(observations, JsonKind::Object, QStringLiteral("{\"median\": ..., \"p99\": ...}"))) {
        r.onlyKeys(observations, {QStringLiteral("median"), QStringLiteral("p99")});
        m.observationMedian = r.number(observations, "median", 0.000001, 1e12).value_or(m.observationMedian);
        m.observationP99 = r.number(observations, "p99", 0.000001, 1e12).value_or(m.observationP99);
    }
    return m;
}

} // namespace

LoadProfileResult parseLoadProfile(const QByteArray &bytes)
{
    LoadProfileResult result;
    const SourceJson json = SourceJson::parse(bytes);
    if (!json.isValid()) {
        const LineIndex lines(bytes);
        const TextPosition p = lines.position(json.error()->offset);
        result.diagnostics.append(Diagnostic{Severity::Error, QStringLiteral("PRF001"), p.line, p.column, json.error()->offset,
                                             json.error()->pointer, json.error()->message, std::nullopt});
        return result;
    }
    ProfileReader r(json, result.diagnostics);
    const int root = json.root();
    if (!r.isKind(root, JsonKind::Object, QStringLiteral("a load profile object")))
        return result;
    r.onlyKeys(root, {QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("name"), QStringLiteral("description"),
                      QStringLiteral("seed"), QStringLiteral("duration_s"), QStringLiteral("rate"), QStringLiteral("traces"),
                      QStringLiteral("metrics"), QStringLiteral("metric_interval_s")});
    LoadProfile profile;
    const auto format = r.string(root, "format");
    if (!format || *format != "ocworkbench-load-profile")
        r.error(root, QStringLiteral("PRF002"), QStringLiteral("not a load profile: expected \"format\": \"ocworkbench-load-profile\""));
    const auto version = r.integer(root, "version", 1, 1000);
    if (version && *version > LoadProfile::FormatVersion)
        r.error(json.member(root, "version"), QStringLiteral("PRF002"),
                QStringLiteral("version %1 is newer than this workbench reads (%2)").arg(*version).arg(LoadProfile::FormatVersion));
    profile.name = QString::fromStdString(r.string(root, "name").value_or(std::string()));
    profile.description = QString::fromStdString(r.string(root, "description").value_or(std::string()));
    if (const auto seed = r.integer(root, "seed", 0, std::numeric_limits<std::int64_t>::max()))
        profile.seed = std::uint64_t(*seed);
    if (const auto duration = r.number(root, "duration_s", 0, 1e7))
        profile.durationSeconds = *duration;
    if (const auto interval = r.number(root, "metric_interval_s", 0.1, 86400))
        profile.metricIntervalSeconds = *interval;

    const int rate = json.member(root, "rate");
    if (rate < 0) {
        r.error(root, QStringLiteral("PRF104"), QStringLiteral("the profile has no \"rate\""));
    } else if (r.isKind(rate, JsonKind::Object, QStringLiteral("{\"unit\": ..., \"shape\": [...]}"))) {
        r.onlyKeys(rate, {QStringLiteral("unit"), QStringLiteral("shape")});
        if (const auto unit = r.string(rate, "unit")) {
            if (*unit == "spans")
                profile.rateUnit = LoadProfile::RateUnit::Spans;
            else if (*unit != "traces")
                r.error(json.member(rate, "unit"), QStringLiteral("PRF103"), QStringLiteral("\"unit\" is \"traces\" or \"spans\""));
        }
        const int shape = json.member(rate, "shape");
        if (shape < 0 || !r.isKind(shape, JsonKind::Array, QStringLiteral("an array of rate components")) || json.node(shape).childCount == 0) {
            r.error(shape < 0 ? rate : shape, QStringLiteral("PRF104"),
                    QStringLiteral("\"shape\" needs at least one component, e.g. [{\"constant\": 100}]"));
        } else {
            for (int c = json.node(shape).firstChild; c >= 0; c = json.node(c).nextSibling) {
                if (const auto component = readComponent(r, c))
                    profile.rate.components.push_back(*component);
            }
        }
    }

    const int traces = json.member(root, "traces");
    if (traces >= 0 && r.isKind(traces, JsonKind::Object, QStringLiteral("an object describing the traces"))) {
        r.onlyKeys(traces, {QStringLiteral("preset"), QStringLiteral("endpoints"), QStringLiteral("backends"), QStringLiteral("services"),
                            QStringLiteral("operations"), QStringLiteral("depth"), QStringLiteral("fan_out"), QStringLiteral("duration_ms"),
                            QStringLiteral("error_ratio"), QStringLiteral("annotations"), QStringLiteral("message_events"),
                            QStringLiteral("links"), QStringLiteral("attributes"), QStringLiteral("attributes_per_span")});
        TraceShape &t = profile.traces;
        if (const auto preset = r.string(traces, "preset")) {
            if (*preset == "custom")
                t.preset = TraceShape::Preset::Custom;
            else if (*preset != "krakend")
                r.error(json.member(traces, "preset"), QStringLiteral("PRF103"), QStringLiteral("\"preset\" is \"krakend\" or \"custom\""));
        }
        if (json.member(traces, "endpoints") >= 0)
            t.endpoints = r.strings(traces, "endpoints");
        if (json.member(traces, "services") >= 0)
            t.services = r.strings(traces, "services");
        if (json.member(traces, "operations") >= 0)
            t.operations = r.strings(traces, "operations");
        t.backends = r.range(traces, "backends", 1, 64).value_or(t.backends);
        t.depth = r.range(traces, "depth", 1, 32).value_or(t.depth);
        t.fanOut = r.range(traces, "fan_out", 1, 64).value_or(t.fanOut);
        t.annotations = r.range(traces, "annotations", 0, 128).value_or(t.annotations);
        t.messageEvents = r.range(traces, "message_events", 0, 128).value_or(t.messageEvents);
        t.links = r.range(traces, "links", 0, 128).value_or(t.links);
        if (const auto ratio = r.number(traces, "error_ratio", 0, 1))
            t.errorRatio = *ratio;
        if (const auto perSpan = r.integer(traces, "attributes_per_span", 0, 1024))
            t.attributesPerSpan = int(*perSpan);
        const int attributes = json.member(traces, "attributes");
        if (attributes >= 0 && r.isKind(attributes, JsonKind::Array, QStringLiteral("an array of attributes"))) {
            for (int a = json.node(attributes).firstChild; a >= 0; a = json.node(a).nextSibling) {
                if (const auto spec = readAttribute(r, a))
                    t.attributes.push_back(*spec);
            }
        }
        const int duration = json.member(traces, "duration_ms");
        if (duration >= 0 && r.isKind(duration, JsonKind::Object, QStringLiteral("{\"median\": ..., \"p99\": ...}"))) {
            r.onlyKeys(duration, {QStringLiteral("median"), QStringLiteral("p99")});
            t.durationMedianMs = r.number(duration, "median", 0.001, 1e7).value_or(t.durationMedianMs);
            t.durationP99Ms = r.number(duration, "p99", 0.001, 1e7).value_or(t.durationP99Ms);
            if (t.durationP99Ms < t.durationMedianMs)
                r.error(duration, QStringLiteral("PRF103"), QStringLiteral("\"p99\" is below \"median\""));
        }
    }

    const int metrics = json.member(root, "metrics");
    if (metrics >= 0 && r.isKind(metrics, JsonKind::Array, QStringLiteral("an array of metric definitions"))) {
        for (int m = json.node(metrics).firstChild; m >= 0; m = json.node(m).nextSibling) {
            if (const auto spec = readMetric(r, m))
                profile.metrics.push_back(*spec);
        }
    }

    if (!hasErrors(result.diagnostics))
        result.profile = profile;
    return result;
}

} // namespace ocw

namespace ocw {

QByteArray rateShapeJson(const RateShape &shape)
{
    const auto n = [](double value) { return QByteArray::number(value, 'g', 12); };
    QByteArrayList parts;
    for (const RateComponent &c : shape.components) {
        switch (c.kind) {
        case RateComponent::Kind::Constant:
            parts << "{\"constant\": " + n(c.value) + '}';
            break;
        case RateComponent::Kind::Ramp:
            parts << "{\"ramp\": {\"from\": " + n(c.value) + ", \"to\": " + n(c.to) + ", \"over_s\": " + n(c.seconds) + "}}";
            break;
        case RateComponent::Kind::Steps: {
            QByteArrayList steps;
            for (const auto &[at, rate] : c.steps)
                steps << '[' + n(at) + ", " + n(rate) + ']';
            parts << "{\"steps\": [" + steps.join(", ") + "]}";
            break;
        }
        case RateComponent::Kind::Bursts:
            parts << "{\"bursts\": {\"value\": " + n(c.value) + ", \"on_s\": " + n(c.seconds) + ", \"off_s\": "
                         + n(c.offSeconds) + "}}";
            break;
        case RateComponent::Kind::Sine:
            parts << "{\"sine\": {\"offset\": " + n(c.value) + ", \"amplitude\": " + n(c.amplitude)
                         + ", \"period_s\": " + n(c.seconds) + "}}";
            break;
        }
    }
    return '[' + parts.join(", ") + ']';
}

LoadProfile defaultLoadProfile(double spansPerSecond)
{
    LoadProfile profile;
    profile.name = QStringLiteral("KrakenD gateway (built in)");
    profile.rateUnit = LoadProfile::RateUnit::Spans;
    RateComponent constant;
    constant.value = spansPerSecond;
    profile.rate.components = {constant};
    return profile;
}

std::vector<MetricSpec> gatewayViews()
{
    MetricSpec count;
    count.name = "opencensus.io/http/server/request_count";
    count.description = "Count of HTTP requests started";
    count.type = MetricSpec::Type::CumulativeInt64;
    count.labels = {LabelSpec{"http_method", {"GET", "POST"}, 0, {}}};
    count.value.perSecond = 100;
    MetricSpec latency;
    latency.name = "opencensus.io/http/server/latency";
    latency.description = "Latency distribution of HTTP requests";
    latency.unit = "ms";
    latency.type = MetricSpec::Type::CumulativeDistribution;
    latency.bounds = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000};
    latency.value.perSecond = 100;
    latency.observationMedian = 20;
    latency.observationP99 = 250;
    return {count, latency};
}

} // namespace ocw
