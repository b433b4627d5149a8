// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

namespace ocw {

// One part of a rate over time; a shape is the sum of its parts, never below zero.
struct RateComponent {
    enum class Kind { Constant, Ramp, Steps, Bursts, Sine };
    Kind kind = Kind::Constant;
    double value = 0;      // constant; ramp start; bursts' rate while on; sine's offset
    double to = 0;         // ramp end
    double seconds = 0;    // ramp length; sine period; bursts' on time
    double offSeconds = 0; // bursts' off time
    double amplitude = 0;  // sine
    std::vector<std::pair<double, double>> steps; // (from second, rate), in time order

    double at(double t) const;
    double peak() const; // the most it ever gives
};

struct RateShape {
    std::vector<RateComponent> components;
    double at(double t) const; // items per second at t seconds since the start
    // An upper bound of at(t) over all t; 0 means the shape never makes anything.
    double peak() const;
};

// Turns a shape into "how many items are due by now" on a fixed 1 ms grid, so the same shape gives the
// same item at the same virtual time on any machine, however often and however late it is asked.
class RateSchedule final
{
public:
    static constexpr double TickSeconds = 0.001;

    explicit RateSchedule(RateShape shape);
    // Items due by `seconds` since the start (never decreases).
    std::uint64_t dueBy(double seconds);
    // The virtual time, in seconds, at which item `index` (0-based) falls due; valid for items already due.
    double timeOf(std::uint64_t index) const;

private:
    RateShape m_shape;
    std::uint64_t m_tick = 0;  // ticks integrated so far
    double m_expected = 0;     // items expected by the end of m_tick
    std::vector<std::pair<std::uint64_t, std::uint64_t>> m_marks; // (first item index, tick) where due counts grew
};

} // namespace ocw
