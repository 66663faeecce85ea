#include "journeysim/model/periods.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/model/trust.hpp"
#include "journeysim/model/world.hpp"

namespace journeysim::model {

void accrue_fixed_costs(World& world, std::uint32_t store, double from, double to) {
    const auto& spec = world.sc.stores[store];
    const Storefront& front = world.fronts[store];
    const double days =
        std::max(0.0, std::min(to, front.closes_day) - std::max(from, front.opens_day));
    auto& money = world.stores[store].period.money;
    money.staff_cost += days / config::kDaysPerYear * spec.staff * spec.staff_cost_per_year;
    if (spec.staff_cost_per_hour > 0.0)  // by the hours on duty (a roster's)
        money.staff_cost += world.stores[store].staffed.mean(to) * (to - from) * 24.0 *
                            spec.staff_cost_per_hour;
    money.marketing_cost += days / config::kDaysPerYear * spec.marketing_cost_per_year;
}

records::StorePeriod store_period_row(World& world, std::uint32_t s, std::int32_t period,
                                      double t, std::int64_t market_purchases) {
    auto& st = world.stores[s];
    records::StorePeriod row;
    row.period = period;
    row.store = static_cast<std::int32_t>(s);
    row.counts = st.period.counts;
    row.money = st.period.money;
    row.card_holders = static_cast<std::int64_t>(st.holders.size()) - st.holders_gone;
    row.share = market_purchases
                    ? static_cast<double>(row.counts.purchases) / market_purchases
                    : 0.0;
    row.mean_wait_min = st.period.mean_wait();
    row.p95_wait_min = st.period.p95_wait();
    row.queue_length = st.waiting.mean(t);
    std::int64_t positions = 0;  // a salesperson's move adds one to her new store
    for (std::uint32_t p = 0; p < world.staff.positions(); ++p)
        positions += world.staff.store_of(p) == s;
    row.utilisation = positions ? st.busy.mean(t) / static_cast<double>(positions) : std::nan("");
    row.active_customers = st.active.count();
    row.mean_trust = st.active.mean_trust(trust_clock(world, s, t));
    row.rating = st.ratings ? st.rating_stars / static_cast<double>(st.ratings) : std::nan("");
    row.availability = st.availability;
    row.assortment = st.assortment;
    return row;
}

records::PopulationPeriod population_row(const World& world, std::int32_t period) {
    const Population& population = world.population;
    records::PopulationPeriod row;
    row.period = period;
    row.households = population.households();
    row.children = population.minors();
    const PopulationCounts& c = population.counts();
    row.moved_in = c.moved_in, row.moved_out = c.moved_out, row.born = c.born;
    row.came_of_age = c.came_of_age, row.founded = c.founded;
    return row;
}

void start_period(World& world, double t) {
    for (std::uint32_t s = 0; s < world.store_count(); ++s) {
        auto& st = world.stores[s];
        st.period.reset();
        std::fill(st.requested.begin(), st.requested.end(), 0);
        st.active.rebase(trust_clock(world, s, t));
        st.waiting.restart(t);
        st.busy.restart(t);
        st.staffed.restart(t);
    }
    world.population.reset_counts();
    std::fill(world.store_category.begin(), world.store_category.end(),
              records::StoreCategoryPeriod{});
    for (auto& row : world.category_period) {
        const std::int64_t open = row.open;
        row = {};
        row.carried_in = row.open = open;
    }
}

}  // namespace journeysim::model
