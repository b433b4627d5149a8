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
// Its size never grows: a run of days keeps two running integrals, not a mark per tick.
class RateSchedule final
{
public:
    static constexpr double TickSeconds = 0.001;

    explicit RateSchedule(RateShape shape);
    // Items due by `seconds` since the start (never decreases).
    std::uint64_t dueBy(double seconds);
    // The virtual time, in seconds, at which item `index` (0-based) falls due; valid for items already due.
    // Cheap when the indices asked never decrease, as a generator asks them; an earlier index than the last
    // one re-integrates from the start.
    double timeOf(std::uint64_t index);

private:
    // The shape's integral over whole ticks, by the midpoint rule on each tick (exact for constants and ramps).
    struct TickIntegral {
        std::uint64_t tick = 0; // ticks integrated so far
        double expected = 0;    // items expected by the end of `tick`
        std::uint64_t due() const { return std::uint64_t(expected); }
        void advance(const RateShape &shape);
    };

    RateShape m_shape;
    TickIntegral m_dueBy;  // as far as dueBy was asked
    TickIntegral m_timeOf; // trails m_dueBy: as far as the last timeOf needed
    std::uint64_t m_lastGrowthTick = 0;      // the tick at which m_timeOf's due count last grew...
    std::uint64_t m_firstItemOfLastGrowth = 0; // ...and the first item that fell due then
};

} // namespace ocw
