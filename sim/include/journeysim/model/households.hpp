#pragma once
// Households as structure-of-arrays: the choice loop reads a few traits of one household at a
// time, and a million households stay in a few tens of megabytes. Ids are positions in these
// arrays; in a living population they grow as households move in or are founded, and an id
// is never reused (model/population.hpp says who is still there).
#include <cstdint>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/model/huge_page_allocator.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

struct Households {
    template <class T>
    using Column = std::vector<T, HugePageAllocator<T>>;  // read at random, one need at a time
    Column<float> x, y;            // km
    Column<float> price_weight;    // b_price: utility per unit of log price index
    Column<float> distance_weight; // b_dist: utility per km
    Column<float> trust_weight;    // b_rel: utility per unit of trust
    Column<float> assortment_weight; // b_assort: utility per unit of log assortment
    Column<std::uint8_t> children; // children at home under 18
    std::vector<std::uint32_t> town;    // index into the scenario's towns
    Column<float> born;                 // the adult's birth day (days from day 0: negative before)

    [[nodiscard]] std::size_t size() const { return x.size(); }

    // The age (years) of h's adult at day t, and its band (config::kAgeBandNames: 0 for 18-29
    // (and younger), 1 for 30-49, 2 for 50-64, 3 for 65 and over).
    [[nodiscard]] double adult_age(std::uint32_t h, double t) const {
        return (t - static_cast<double>(born[h])) / config::kDaysPerYear;
    }
    [[nodiscard]] std::uint8_t age_band(std::uint32_t h, double t) const;
    // Starts loading one household's traits (each column is a cache miss in a large town).
    // Forced inline and written out: GCC 12 judged an out-of-line body made only of prefetches
    // (a loop over the columns, as this was) free of effects and dropped every call to it.
    [[gnu::always_inline]] void prefetch(std::uint32_t h) const {
        __builtin_prefetch(x.data() + h);
        __builtin_prefetch(y.data() + h);
        __builtin_prefetch(price_weight.data() + h);
        __builtin_prefetch(distance_weight.data() + h);
        __builtin_prefetch(trust_weight.data() + h);
        __builtin_prefetch(assortment_weight.data() + h);
        __builtin_prefetch(children.data() + h);
    }
};

// Where a new household lives: a town drawn by share, a uniform point on its disc.
struct Home {
    std::uint32_t town = 0;
    float x = 0.0f, y = 0.0f;
};
[[nodiscard]] Home draw_home(const config::Scenario& scenario, random::Engine& engine);

// Appends one household at `home` with traits drawn from the scenario's distributions, its
// adult born on day `adult_born`, and no children (the caller adds them). Returns its id.
std::uint32_t add_household(Households& households, const config::Scenario& scenario,
                            const Home& home, double adult_born, random::Engine& engine);

// The initial households: homes, traits, children's counts and, last (so that scenarios
// written before ages draw the same households), adults' birth days.
[[nodiscard]] Households make_households(const config::Scenario& scenario,
                                         random::Engine& engine);

// An adult's birth day for a household created at day t: age uniform in [age_min, age_max].
[[nodiscard]] double draw_adult_born(const config::Scenario& scenario, double t,
                                     random::Engine& engine);

}  // namespace journeysim::model
