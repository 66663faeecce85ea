#include "journeysim/model/need_arrivals.hpp"

#include <cmath>

#include "journeysim/random/draws.hpp"

namespace journeysim::model {

NeedArrivals::NeedArrivals(const config::Scenario& sc, const Households& households)
    : sc_(sc), households_(static_cast<std::uint32_t>(households.size())) {
    for (std::uint32_t h = 0; h < households.size(); ++h)
        for (int k = 0; k < households.children[h]; ++k) child_home_.push_back(h);
    const double n = static_cast<double>(households.size());
    const double kids = static_cast<double>(child_home_.size());
    for (const auto& c : sc.categories) {
        Part p;
        for (int s : c.seasons) p.peak += sc.seasons[static_cast<std::size_t>(s)].boost;
        const double weight = n + c.per_child * kids;
        p.child_share = weight > 0.0 ? c.per_child * kids / weight : 0.0;
        candidate_rate_ += c.rate_per_year / config::kDaysPerYear * weight * p.peak;
        p.cumulative = candidate_rate_;
        parts_.push_back(p);
    }
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
        h = child_home_[random::uniform_index(engine, child_home_.size())];
    else
        h = static_cast<std::uint32_t>(random::uniform_index(engine, households_));
    return NeedDraw{h, static_cast<std::uint16_t>(c)};
}

}  // namespace journeysim::model
