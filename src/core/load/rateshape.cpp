// SPDX-License-Identifier: Apache-2.0
#include "rateshape.h"

#include <algorithm>
#include <cmath>

namespace ocw {

double RateComponent::at(double t) const
{
    switch (kind) {
    case Kind::Constant:
        return value;
    case Kind::Ramp:
        return seconds <= 0 || t >= seconds ? to : value + (to - value) * (t / seconds);
    case Kind::Steps: {
        double rate = 0;
        for (const auto &[from, r] : steps) {
            if (t >= from)
                rate = r;
        }
        return rate;
    }
    case Kind::Bursts: {
        const double cycle = seconds + offSeconds;
        return cycle <= 0 || std::fmod(t, cycle) < seconds ? this->value : 0.0;
    }
    case Kind::Sine:
        return seconds <= 0 ? value : value + amplitude * std::sin(6.283185307179586 * t / seconds);
    }
    return 0;
}

double RateComponent::peak() const
{
    switch (kind) {
    case Kind::Constant:
        return value;
    case Kind::Ramp:
        return std::max(value, to);
    case Kind::Steps: {
        double highest = 0;
        for (const auto &step : steps)
            highest = std::max(highest, step.second);
        return highest;
    }
    case Kind::Bursts:
        return value;
    case Kind::Sine:
        return value + std::abs(amplitude);
    }
    return 0;
}

double RateShape::peak() const
{
    double sum = 0;
    for (const RateComponent &c : components)
        sum += c.peak();
    return std::max(sum, 0.0);
}

double RateShape::at(double t) const
{
    double rate = 0;
    for (const RateComponent &c : components)
        rate += c.at(t);
    return std::max(rate, 0.0);
}

RateSchedule::RateSchedule(RateShape shape)
    : m_shape(std::move(shape))
{
}

std::uint64_t RateSchedule::dueBy(double seconds)
{
    const auto lastTick = std::uint64_t(std::max(seconds, 0.0) / TickSeconds);
    while (m_tick < lastTick) {
        const std::uint64_t before = std::uint64_t(m_expected);
        // The midpoint rule on each tick: exact for constants and ramps.
        m_expected += m_shape.at((double(m_tick) + 0.5) * TickSeconds) * TickSeconds;
        ++m_tick;
        if (std::uint64_t(m_expected) > before)
            m_marks.emplace_back(before, m_tick);
    }
    return std::uint64_t(m_expected);
}

double RateSchedule::timeOf(std::uint64_t index) const
{
    // The last mark whose first item is not after `index`.
    const auto it = std::upper_bound(m_marks.begin(), m_marks.end(), index,
                                     [](std::uint64_t i, const auto &mark) { return i < mark.first; });
    if (it == m_marks.begin())
        return 0;
    return double(std::prev(it)->second) * TickSeconds;
}

} // namespace ocw
