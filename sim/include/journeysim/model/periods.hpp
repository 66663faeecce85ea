#pragma once
// The run's output by period (docs/output.md): each store's row with its costs for the
// period, the population's row, and the counters set back when a new period starts.
#include <cstdint>

#include "journeysim/records/records.hpp"

namespace journeysim::model {

class World;

// Staff and advertising cost while the store is open between days `from` and `to` (its
// current mall's dates apply), added to its period.
void accrue_fixed_costs(World& world, std::uint32_t store, double from, double to);
// The store's row for period `period`, ending on day t, with its share of `market_purchases`
// (the period's purchases in the store's market).
[[nodiscard]] records::StorePeriod store_period_row(World& world, std::uint32_t store,
                                                    std::int32_t period, double t,
                                                    std::int64_t market_purchases);
[[nodiscard]] records::PopulationPeriod population_row(const World& world, std::int32_t period);
// Counters start again on day t; needs still open are carried into the new period.
void start_period(World& world, double t);

}  // namespace journeysim::model
