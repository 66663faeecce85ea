#include "journeysim/model/households.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "journeysim/random/draws.hpp"

namespace journeysim::model {

Households make_households(const config::Scenario& sc, random::Engine& engine) {
    const auto n = static_cast<std::size_t>(sc.households.count);
    Households h;
    for (auto* v : {&h.x, &h.y, &h.price_weight, &h.distance_weight, &h.trust_weight,
                    &h.assortment_weight})
        v->resize(n);
    h.children.resize(n);
    h.town.resize(n);
    std::vector<double> cumulative_share;
    double sum = 0.0;
    for (const auto& town : sc.towns) cumulative_share.push_back(sum += town.share);
    const auto& traits = sc.households;
    for (std::size_t i = 0; i < n; ++i) {
        const double pick = random::uniform01(engine) * sum;
        std::size_t t = 0;
        while (t + 1 < cumulative_share.size() && pick >= cumulative_share[t]) ++t;
        const auto& town = sc.towns[t];
        h.town[i] = static_cast<std::uint32_t>(t);
        // sqrt of a uniform radius fraction gives a uniform density over the disc.
        const double r = town.radius_km * std::sqrt(random::uniform01(engine));
        const double angle = 2.0 * std::numbers::pi * random::uniform01(engine);
        h.x[i] = static_cast<float>(town.x + r * std::cos(angle));
        h.y[i] = static_cast<float>(town.y + r * std::sin(angle));
        auto draw = [&](const config::Spread& s) {
            return static_cast<float>(random::lognormal_mean_sd(engine, s.mean, s.sd));
        };
        h.price_weight[i] = draw(traits.price_sensitivity);
        h.distance_weight[i] = draw(traits.distance_sensitivity);
        h.trust_weight[i] = draw(traits.relationship_orientation);
        // Traits left at their defaults draw nothing, so adding them changes no older run.
        if (traits.assortment_taste.mean > 0.0) h.assortment_weight[i] = draw(traits.assortment_taste);
        if (traits.children_mean > 0.0)
            h.children[i] = static_cast<std::uint8_t>(
                std::min(random::poisson(engine, traits.children_mean), std::int64_t{20}));
    }
    // Ages come last so that scenarios written before them draw the same households.
    h.born.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double age = traits.age_min + (traits.age_max - traits.age_min) * random::uniform01(engine);
        h.born[i] = static_cast<float>(-age * config::kDaysPerYear);
    }
    return h;
}

std::uint8_t Households::age_band(std::uint32_t h, double t) const {
    const double age = (t - born[h]) / config::kDaysPerYear;
    std::size_t band = 0;
    while (band + 1 < config::kAgeBandFirstAge.size() && age >= config::kAgeBandFirstAge[band + 1])
        ++band;
    return static_cast<std::uint8_t>(band);
}

}  // namespace journeysim::model
