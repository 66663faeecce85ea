#pragma once
// Trust dynamics (MODEL.md, "Trust dynamics"): asymmetric steps toward 1 after good
// interactions and toward 0 after bad ones, exponential decay in between, applied lazily
// when trust is read. The formulas are plain functions; the rest reads and writes a World
// (model/world.hpp).
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace journeysim::model {

[[nodiscard]] inline double decayed_trust(double trust, double elapsed_days,
                                          double decay_per_day) {
    return trust * std::exp(-decay_per_day * elapsed_days);
}

// tau <- tau + gain*q*(1 - tau) for q > 0; tau <- tau + loss*q*tau for q < 0. Stays in [0, 1].
[[nodiscard]] inline double updated_trust(double trust, double quality, double gain, double loss) {
    const double next =
        quality > 0 ? trust + gain * quality * (1.0 - trust) : trust + loss * quality * trust;
    return std::clamp(next, 0.0, 1.0);
}

// Quality of a visit in [-1, 1]: its outcome, less a penalty for the time spent waiting.
[[nodiscard]] inline double visit_quality(double outcome_quality, double wait_hours,
                                          double penalty_per_hour) {
    return std::clamp(outcome_quality - penalty_per_hour * wait_hours, -1.0, 1.0);
}

class World;
struct Relation;

// The store's trust clock on day t: time runs slower once it engages on social media.
[[nodiscard]] double trust_clock(const World& world, std::uint32_t store, double t);
// Trust in the relation's store on day t, decayed on the store's clock since it was set.
[[nodiscard]] double trust_now(const World& world, const Relation& r, double t);
// Whether h's trust in the store counts at choice: always, except at an online store,
// where only a real person on social media makes a relationship.
[[nodiscard]] bool has_relationship(const World& world, std::uint32_t household,
                                    std::uint32_t store, double t);
// Moves h's trust in the store by an interaction of this quality on day t (a recognised
// salesperson adds the recognition bonus to the gain); served_by (or Relation::kNobody)
// becomes h's salesperson there. A purchase makes h the store's customer and active.
void record_interaction(World& world, std::uint32_t household, std::uint32_t store,
                        double quality, std::int32_t served_by, bool bought, double t);

}  // namespace journeysim::model
