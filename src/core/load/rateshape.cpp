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

void RateSchedule::TickIntegral::advance(const RateShape &shape)
{
    expected += shape.at((double(tick) + 0.5) * TickSeconds) * TickSeconds;
    ++tick;
}

std::uint64_t RateSchedule::dueBy(double seconds)
{
    const auto lastTick = std::uint64_t(std::max(seconds, 0.0) / TickSeconds);
    while (m_dueBy.tick < lastTick)
        m_dueBy.advance(m_shape);
    return m_dueBy.due();
}

double RateSchedule::timeOf(std::uint64_t index)
{
    if (index < m_firstItemOfLastGrowth) {
        m_timeOf = {};
        m_lastGrowthTick = m_firstItemOfLastGrowth = 0;
    }
    // Integrates the same ticks in the same order as dueBy did, so the sums are identical; it stops where
    // `index` falls due, or where dueBy stopped for an item not yet due.
    while (m_timeOf.tick < m_dueBy.tick && m_timeOf.due() <= index) {
        const std::uint64_t before = m_timeOf.due();
        m_timeOf.advance(m_shape);
        if (m_timeOf.due() > before) {
            m_lastGrowthTick = m_timeOf.tick;
            m_firstItemOfLastGrowth = before;
        }
    }
    return double(m_lastGrowthTick) * TickSeconds;
}

} // namespace ocw
