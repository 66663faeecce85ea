#pragma once
// A store's presence on social media over a run: when it is on, how much it engages and how
// fast it listens. Known in advance from the scenario (the store's `social_media.from` and
// the timeline's joins, leaves and changes), so the trust clock it drives is a pure function
// of time, readable at any past time when a relation's trust was last set.
#include <optional>
#include <vector>

#include "journeysim/config/scenario.hpp"

namespace journeysim::model {

class SocialPresence {
public:
    SocialPresence() = default;  // never on social media
    // The store's own social-media spec and the timeline's changes to it (in date order).
    SocialPresence(const config::SocialMedia& spec,
                   const std::vector<config::TimelineEvent>& timeline, int store);

    // The store's trust clock on day t: time runs at (1 - engagement) while it is on.
    [[nodiscard]] double clock(double t) const {
        for (auto i = phases_.size(); i-- > 0;) {
            const Phase& p = phases_[i];
            if (t > p.from) return p.clock_at_from + p.slope * (t - p.from);
        }
        return t;
    }
    // Whether the store is on social media on day t (from the day it joins).
    [[nodiscard]] bool on(double t) const {
        for (auto i = phases_.size(); i-- > 0;)
            if (t >= phases_[i].from) return phases_[i].on;
        return false;
    }
    // Its listening rate L (per year) after day t; 0 while it is not on.
    [[nodiscard]] double listening(double t) const {
        for (auto i = phases_.size(); i-- > 0;)
            if (t > phases_[i].from) return phases_[i].listening;
        return 0.0;
    }

private:
    struct Phase {
        double from;           // from this day (the earlier phase's clock runs up to it)
        double clock_at_from;  // the clock's value then
        double slope;          // clock days per day: 1 - engagement while on, else 1
        bool on;
        double listening;      // 0 while off
    };
    std::vector<Phase> phases_;
};

}  // namespace journeysim::model
