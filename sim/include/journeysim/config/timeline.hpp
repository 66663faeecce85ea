#pragma once
// Changes at dates: a store relocates, changes a policy or a price, or joins or leaves social
// media (or changes how much it engages and listens there); an economic shock scales price
// sensitivity for a while. Openings, closings and retirements are fields of the
// store and the salesperson themselves.
#include <optional>

#include "journeysim/config/store.hpp"

namespace journeysim::config {

struct TimelineEvent {
    double day = 0.0;
    int store = -1;  // index into Scenario::stores; -1 for a shock
    // Store changes (each optional).
    std::optional<int> mall;  // relocate into this mall
    std::optional<double> x, y;  // relocate to this place (outside any mall)
    std::optional<double> price_index, availability;
    std::optional<Referral> referral;
    std::optional<Pricing> pricing;
    std::optional<bool> social_media;  // true: joins social media, false: leaves it
    std::optional<double> engagement, listening_per_year;  // from this date
    // A shock: price sensitivity multiplied by this factor from day until until_day.
    std::optional<double> price_sensitivity;
    double until_day = kNever;
};

}  // namespace journeysim::config
