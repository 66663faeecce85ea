#include "journeysim/model/households.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "journeysim/random/draws.hpp"

namespace journeysim::model {

Home draw_home(const config::Scenario& sc, random::Engine& engine) {
    double sum = 0.0;
    for (const auto& town : sc.towns) sum += town.share;
    const double pick = random::uniform01(engine) * sum;
    std::size_t t = 0;
    double cumulative = sc.towns[0].share;
    while (t + 1 < sc.towns.size() && pick >= cumulative) cumulative += sc.towns[++t].share;
    const auto& town = sc.towns[t];
    // sqrt of a uniform radius fraction gives a uniform density over the disc.
    const double r = town.radius_km * std::sqrt(random::uniform01(engine));
    const double angle = 2.0 * std::numbers::pi * random::uniform01(engine);
    return {static_cast<std::uint32_t>(t), static_cast<float>(town.x + r * std::cos(angle)),
            static_cast<float>(town.y + r * std::sin(angle))};
}

std::uint32_t add_household(Households& h, const config::Scenario& sc, const Home& home,
                            double adult_born, random::Engine& engine) {
    const auto& traits = sc.households;
    auto draw = [&](const config::Spread& s) {
        return static_cast<float>(random::lognormal_mean_sd(engine, s.mean, s.sd));
    };
    Traits t;
    t.x = home.x;
    t.y = home.y;
    t.price_weight = draw(traits.price_sensitivity);
    t.distance_weight = draw(traits.distance_sensitivity);
    t.trust_weight = draw(traits.relationship_orientation);
    // Traits left at their defaults draw nothing, so adding them changes no older run.
    t.assortment_weight =
        traits.assortment_taste.mean > 0.0 ? draw(traits.assortment_taste) : 0.0f;
    t.born = static_cast<float>(adult_born);
    h.traits.push_back(t);
    h.town.push_back(home.town);
    return static_cast<std::uint32_t>(h.size() - 1);
}

double draw_adult_born(const config::Scenario& sc, double t, random::Engine& engine) {
    const auto& traits = sc.households;
    const double age =
        traits.age_min + (traits.age_max - traits.age_min) * random::uniform01(engine);
    return t - age * config::kDaysPerYear;
}

Households make_households(const config::Scenario& sc, random::Engine& engine) {
    const auto n = static_cast<std::size_t>(sc.households.count);
    Households h;
    h.traits.reserve(n);
    h.town.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto id = add_household(h, sc, draw_home(sc, engine), 0.0, engine);
        if (sc.households.children_mean > 0.0)
            h[id].children = static_cast<std::uint8_t>(
                std::min(random::poisson(engine, sc.households.children_mean), std::int64_t{20}));
    }
    // Ages come last so that scenarios written before them draw the same households.
    for (std::size_t i = 0; i < n; ++i)
        h.traits[i].born = static_cast<float>(draw_adult_born(sc, 0.0, engine));
    return h;
}

std::uint8_t Households::age_band(std::uint32_t h, double t) const {
    const double age = (t - traits[h].born) / config::kDaysPerYear;
    std::size_t band = 0;
    while (band + 1 < config::kAgeBandFirstAge.size() && age >= config::kAgeBandFirstAge[band + 1])
        ++band;
    return static_cast<std::uint8_t>(band);
}

std::vector<float> Households::column(float Traits::*trait) const {
    std::vector<float> values(size());
    for (std::size_t h = 0; h < values.size(); ++h) values[h] = traits[h].*trait;
    return values;
}

}  // namespace journeysim::model
