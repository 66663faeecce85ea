#pragma once
// Households as one record of traits each (choice reads all of them for one household at a
// time) and a column of towns: a million households stay in a few tens of megabytes. Ids are
// positions in these arrays; in a living population they grow as households move in or are
// founded, and an id is never reused (model/population.hpp says who is still there).
#include <cstdint>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/model/huge_page_allocator.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

// A household's traits in one record: what choice reads of a need's household (place and
// weights) sits in one cache line, one miss and one prefetch per need instead of seven (one
// per column, as they were). 32 bytes, so two households share a line and none straddles two.
struct alignas(32) Traits {
    float x = 0.0f, y = 0.0f;          // km
    float price_weight = 0.0f;         // b_price: utility per unit of log price index
    float distance_weight = 0.0f;      // b_dist: utility per km
    float trust_weight = 0.0f;         // b_rel: utility per unit of trust
    float assortment_weight = 0.0f;    // b_assort: utility per unit of log assortment
    float born = 0.0f;                 // the adult's birth day (days from day 0: negative before)
    std::uint8_t children = 0;         // children at home under 18
};
static_assert(sizeof(Traits) == 32);

struct Households {
    std::vector<Traits, HugePageAllocator<Traits>> traits;  // [h], read at random, a need at a time
    std::vector<std::uint32_t> town;                        // index into the scenario's towns

    [[nodiscard]] std::size_t size() const { return traits.size(); }
    [[nodiscard]] const Traits& operator[](std::uint32_t h) const { return traits[h]; }
    [[nodiscard]] Traits& operator[](std::uint32_t h) { return traits[h]; }

    // The age (years) of h's adult at day t, and its band (config::kAgeBandNames: 0 for 18-29
    // (and younger), 1 for 30-49, 2 for 50-64, 3 for 65 and over).
    [[nodiscard]] double adult_age(std::uint32_t h, double t) const {
        return (t - static_cast<double>(traits[h].born)) / config::kDaysPerYear;
    }
    [[nodiscard]] std::uint8_t age_band(std::uint32_t h, double t) const;
    // Starts loading one household's traits. Forced inline: GCC 12 judged an out-of-line body
    // made only of prefetches free of effects and dropped every call to it.
    [[gnu::always_inline]] void prefetch(std::uint32_t h) const {
        __builtin_prefetch(traits.data() + h);
    }
    // One trait of every household as a column (`&Traits::x`: what the social graph's
    // placement reads).
    [[nodiscard]] std::vector<float> column(float Traits::*trait) const;
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
