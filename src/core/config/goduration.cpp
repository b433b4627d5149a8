// SPDX-License-Identifier: Apache-2.0
#include "goduration.h"

#include <QStringList>

#include <array>
#include <cstdint>
#include <regex>

namespace ocw {

namespace {

constexpr std::uint64_t kMaxMagnitude = std::uint64_t(1) << 63;

struct Unit {
    std::string_view name;
    std::uint64_t nanos;
};

// Go's unitMap, including both the micro sign U+00B5 and the Greek mu U+03BC.
constexpr std::array<Unit, 8> kUnits{{
    {"ns", 1},
    {"us", 1000},
    {"\xC2\xB5s", 1000},
    {"\xCE\xBCs", 1000},
    {"ms", 1000000},
    {"s", 1000000000},
    {"m", 60ULL * 1000000000},
    {"h", 3600ULL * 1000000000},
}};

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

QString quoted(std::string_view text)
{
    return u'"' + QString::fromUtf8(text.data(), qsizetype(text.size())) + u'"';
}

GoDuration failure(QString message)
{
    GoDuration d;
    d.error = std::move(message);
    return d;
}

} // namespace

GoDuration GoDuration::parse(std::string_view orig)
{
    std::string_view s = orig;
    const QString invalid = QStringLiteral("invalid duration %1").arg(quoted(orig));
    bool negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s == "0") {
        GoDuration d;
        d.ok = true;
        return d;
    }
    if (s.empty())
        return failure(invalid);

    std::uint64_t total = 0;
    while (!s.empty()) {
        if (!(s.front() == '.' || isDigit(s.front())))
            return failure(invalid);

        // Integer part; an overflow here is an error, as in Go's leadingInt.
        std::uint64_t whole = 0;
        std::size_t i = 0;
        for (; i < s.size() && isDigit(s[i]); ++i) {
            if (whole > kMaxMagnitude / 10)
                return failure(invalid);
            whole = whole * 10 + std::uint64_t(s[i] - '0');
            if (whole > kMaxMagnitude)
                return failure(invalid);
        }
        const bool hasWhole = i > 0;
        s.remove_prefix(i);

        // Fraction part; digits past the precision are read and ignored, as in Go's leadingFraction.
        std::uint64_t fraction = 0;
        double scale = 1;
        bool hasFraction = false;
        if (!s.empty() && s.front() == '.') {
            s.remove_prefix(1);
            bool overflow = false;
            std::size_t j = 0;
            for (; j < s.size() && isDigit(s[j]); ++j) {
                if (overflow)
                    continue;
                if (fraction > (kMaxMagnitude - 1) / 10) {
                    overflow = true;
                    continue;
                }
                const std::uint64_t next = fraction * 10 + std::uint64_t(s[j] - '0');
                if (next > kMaxMagnitude) {
                    overflow = true;
                    continue;
                }
                fraction = next;
                scale *= 10;
            }
            hasFraction = j > 0;
            s.remove_prefix(j);
        }
        if (!hasWhole && !hasFraction)
            return failure(invalid);

        std::size_t unitLength = 0;
        while (unitLength < s.size() && s[unitLength] != '.' && !isDigit(s[unitLength]))
            ++unitLength;
        if (unitLength == 0)
            return failure(QStringLiteral("missing unit in duration %1").arg(quoted(orig)));
        const std::string_view unitName = s.substr(0, unitLength);
        s.remove_prefix(unitLength);
        std::uint64_t unit = 0;
        for (const Unit &u : kUnits) {
            if (u.name == unitName)
                unit = u.nanos;
        }
        if (unit == 0)
            return failure(QStringLiteral("unknown unit %1 in duration %2").arg(quoted(unitName), quoted(orig)));

        if (whole > kMaxMagnitude / unit)
            return failure(invalid);
        whole *= unit;
        if (fraction > 0) {
            whole += std::uint64_t(double(fraction) * (double(unit) / scale));
            if (whole > kMaxMagnitude)
                return failure(invalid);
        }
        total += whole;
        if (total > kMaxMagnitude)
            return failure(invalid);
    }
    if (!negative && total > kMaxMagnitude - 1)
        return failure(invalid);

    GoDuration d;
    d.ok = true;
    d.value = std::chrono::nanoseconds(negative ? std::int64_t(-std::int64_t(total - 1) - 1) : std::int64_t(total));
    return d;
}

bool GoDuration::matchesKrakendSchema(std::string_view text)
{
    static const std::regex pattern("^[0-9]+(ns|ms|us|\xC2\xB5s|s|m|h)$");
    return std::regex_match(text.begin(), text.end(), pattern);
}

QString GoDuration::describe(std::chrono::nanoseconds value)
{
    using namespace std::chrono;
    QString sign;
    auto rest = value;
    if (rest < nanoseconds::zero()) {
        sign = QStringLiteral("-");
        rest = -rest;
    }
    if (rest == nanoseconds::zero())
        return QStringLiteral("0 s");
    if (rest < microseconds(1))
        return sign + QStringLiteral("%1 ns").arg(rest.count());
    if (rest < milliseconds(1))
        return sign + QStringLiteral("%1 µs").arg(double(rest.count()) / 1e3);
    if (rest < seconds(1))
        return sign + QStringLiteral("%1 ms").arg(double(rest.count()) / 1e6);
    if (rest < minutes(1))
        return sign + QStringLiteral("%1 s").arg(double(rest.count()) / 1e9);
    QStringList parts;
    const auto h = duration_cast<hours>(rest);
    rest -= h;
    const auto m = duration_cast<minutes>(rest);
    rest -= m;
    if (h.count() > 0)
        parts << QStringLiteral("%1 h").arg(h.count());
    if (m.count() > 0)
        parts << QStringLiteral("%1 min").arg(m.count());
    if (rest > nanoseconds::zero())
        parts << QStringLiteral("%1 s").arg(double(rest.count()) / 1e9);
    return sign + parts.join(u' ');
}

} // namespace ocw
