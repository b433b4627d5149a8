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
        m_out.append(Diagnostic{Severity::Error, rule, p.line, p.column, offset, m_json.pointer(node), message});
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

} // namespace

LoadProfileResult parseLoadProfile(const QByteArray &bytes)
{
    LoadProfileResult result;
    const SourceJson json = SourceJson::parse(bytes);
    if (!json.isValid()) {
        const LineIndex lines(bytes);
        const TextPosition p = lines.position(json.error()->offset);
        result.diagnostics.append(Diagnostic{Severity::Error, QStringLiteral("PRF001"), p.line, p.column, json.error()->offset,
                                             json.error()->pointer, json.error()->message});
        return result;
    }
    ProfileReader r(json, result.diagnostics);
    const int root = json.root();
    if (!r.isKind(root, JsonKind::Object, QStringLiteral("a load profile object")))
        return result;
    r.onlyKeys(root, {QStringLiteral("format"), QStringLiteral("version"), QStringLiteral("name"), QStringLiteral("description"),
                      QStringLiteral("seed"), QStringLiteral("duration_s"), QStringLiteral("rate"), QStringLiteral("traces")});
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
                            QStringLiteral("links"), QStringLiteral("attributes_per_span")});
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
        const int duration = json.member(traces, "duration_ms");
        if (duration >= 0 && r.isKind(duration, JsonKind::Object, QStringLiteral("{\"median\": ..., \"p99\": ...}"))) {
            r.onlyKeys(duration, {QStringLiteral("median"), QStringLiteral("p99")});
            t.durationMedianMs = r.number(duration, "median", 0.001, 1e7).value_or(t.durationMedianMs);
            t.durationP99Ms = r.number(duration, "p99", 0.001, 1e7).value_or(t.durationP99Ms);
            if (t.durationP99Ms < t.durationMedianMs)
                r.error(duration, QStringLiteral("PRF103"), QStringLiteral("\"p99\" is below \"median\""));
        }
    }

    if (!hasErrors(result.diagnostics))
        result.profile = profile;
    return result;
}

} // namespace ocw
