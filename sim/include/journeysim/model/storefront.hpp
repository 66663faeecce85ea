#pragma once
// What a household weighs when it chooses a store (docs/model.md, "Choice"), kept for all
// stores side by side. Choice reads these for every store at every need: in two cache lines
// per store here, instead of spread over the scenario's config::Store (hundreds of bytes) and
// the run's per-store state (kilobytes). What listening changes during a run (the range
// carried, hence the assortment) stays in that state.
#include <cstdint>

#include "journeysim/config/scenario.hpp"

namespace journeysim::model {

struct Storefront {
    // Read for every store at every choice (the price index by sales): one cache line.
    double x = 0.0, y = 0.0;  // where it is now: its own place, or its mall's
    double opens_day = 0.0, closes_day = config::kNever;  // its own dates within its mall's
    double static_utility = 0.0;  // asc[type]: the part of utility every household shares
    double log_price = 0.0;       // ln(price index)
    double amenity = 0.0;
    double price_index = 1.0;
    // Read for stores with a policy.
    double log_sale = 0.0;    // ln(1 - sale discount)
    double log_relief = 0.0;  // ln(1 - financing's price relief)
    // Its weekly hours (its own, or its mall's); nullptr: open around the clock.
    const config::WeeklyHours* hours = nullptr;
    int mall = -1;
    config::Pricing pricing = config::Pricing::list;
    bool online = false;
    bool relief_for_all = false;      // financing offered to everyone...
    bool relief_for_holders = false;  // ...or to its card holders only

    // Open for business at day t: past its opening date, before its closing date.
    [[nodiscard]] bool in_business(double t) const { return t >= opens_day && t < closes_day; }
    // Within its weekly hours at day t (always, without hours).
    [[nodiscard]] bool in_hours(double t) const { return !hours || hours->open_at(t); }
    // A customer can walk in at day t.
    [[nodiscard]] bool is_open(double t) const { return in_business(t) && in_hours(t); }
};

// Scenario store `store` as a run starts.
[[nodiscard]] Storefront make_storefront(const config::Scenario& scenario, std::uint32_t store);

// Puts the store at (x, y) in mall `mall` (-1: none; in a mall, pass the mall's place): it is
// open on its own dates while the mall is, in its own hours or else the mall's.
void set_place(Storefront& front, const config::Scenario& scenario, std::uint32_t store, int mall,
               double x, double y);

}  // namespace journeysim::model
