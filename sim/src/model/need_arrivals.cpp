#include "journeysim/model/need_arrivals.hpp"

#include <cmath>

#include "journeysim/random/draws.hpp"

namespace journeysim::model {

NeedArrivals::NeedArrivals(const config::Scenario& sc, const Population& population,
                           const Households& households)
    : sc_(sc), population_(&population), households_(&households), parts_(sc.categories.size()) {
    for (std::size_t c = 0; c < parts_.size(); ++c) {
        for (int s : sc.categories[c].seasons)
            parts_[c].peak += sc.seasons[static_cast<std::size_t>(s)].boost;
        parts_[c].by_age = sc.categories[c].by_age();
    }
    update();
}

bool NeedArrivals::update() {
    const double n = population_->households();
    const double kids = population_->minors();
    const double before = candidate_rate_;
    candidate_rate_ = 0.0;
    for (std::size_t c = 0; c < parts_.size(); ++c) {
        const auto& category = sc_.categories[c];
        Part& p = parts_[c];
        const double weight = n + category.per_child * kids;
        p.child_share = weight > 0.0 ? category.per_child * kids / weight : 0.0;
        candidate_rate_ += category.rate_per_year / config::kDaysPerYear * weight * p.peak;
        p.cumulative = candidate_rate_;
    }
    return candidate_rate_ != before;
}

double NeedArrivals::season_factor(std::size_t category, double t) const {
    double factor = 1.0;
    const double day = std::fmod(t, config::kDaysPerYear);
    for (int s : sc_.categories[category].seasons) {
        const auto& season = sc_.seasons[static_cast<std::size_t>(s)];
        double d = std::abs(day - season.peak_day);
        d = std::min(d, config::kDaysPerYear - d);  // the year wraps around
        const double z = d / season.width_days;
        factor += season.boost * std::exp(-0.5 * z * z);
    }
    return factor;
}

std::optional<NeedDraw> NeedArrivals::draw(double t, random::Engine& engine) const {
    // Draws only what varies, so a scenario with one plain category uses one draw per need.
    std::size_t c = 0;
    if (parts_.size() > 1) {
        const double pick = random::uniform01(engine) * candidate_rate_;
        while (c + 1 < parts_.size() && pick >= parts_[c].cumulative) ++c;
    }
    const Part& part = parts_[c];
    if (part.peak > 1.0 && random::uniform01(engine) * part.peak >= season_factor(c, t))
        return std::nullopt;
    std::uint32_t h;
    if (part.child_share > 0.0 && random::uniform01(engine) < part.child_share)
        h = population_->home_of_minor(
            static_cast<std::uint32_t>(random::uniform_index(engine, population_->minors())));
    else
        h = population_->household(
            static_cast<std::uint32_t>(random::uniform_index(engine, population_->households())));
    if (part.by_age) {
        const auto& category = sc_.categories[c];
        const double age = households_->adult_age(h, t);
        if (age < category.min_age || age >= category.max_age) return std::nullopt;
    }
    return NeedDraw{h, static_cast<std::uint16_t>(c)};
}

}  // namespace journeysim::model
