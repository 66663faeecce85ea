#pragma once
// Households as structure-of-arrays: the choice loop reads a few traits of one household at a
// time, and a million households stay in a few tens of megabytes.
#include <cstdint>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

struct Households {
    std::vector<float> x, y;            // km
    std::vector<float> price_weight;    // b_price: utility per unit of log price index
    std::vector<float> distance_weight; // b_dist: utility per km
    std::vector<float> trust_weight;    // b_rel: utility per unit of trust
    std::vector<float> assortment_weight; // b_assort: utility per unit of log assortment
    std::vector<std::uint8_t> children;
    std::vector<std::uint32_t> town;    // index into Scenario::towns
    std::vector<float> born;            // the adults' birth day (days from day 0: negative)

    [[nodiscard]] std::size_t size() const { return x.size(); }
    // The adults' age band (config::kAgeBandNames) on day t; under 18 counts as the first.
    [[nodiscard]] std::uint8_t age_band(std::uint32_t h, double t) const;
};

// Places households uniformly in their town's disc (town by share) and draws their traits.
[[nodiscard]] Households make_households(const config::Scenario& scenario,
                                         random::Engine& engine);

}  // namespace journeysim::model
