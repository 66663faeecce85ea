#include "journeysim/model/social_presence.hpp"

#include <algorithm>

namespace journeysim::model {

SocialPresence::SocialPresence(const config::SocialMedia& spec,
                               const std::vector<config::TimelineEvent>& timeline, int store) {
    struct Change {
        double day;
        std::optional<bool> on;
        std::optional<double> engagement, listening;
    };
    std::vector<Change> changes;
    if (spec.from_day != config::kNever) changes.push_back({spec.from_day, true, {}, {}});
    for (const auto& e : timeline)
        if (e.store == store && (e.social_media || e.engagement || e.listening_per_year))
            changes.push_back({e.day, e.social_media, e.engagement, e.listening_per_year});
    // The timeline is in date order; the store's own date goes before timeline changes that day.
    std::stable_sort(changes.begin(), changes.end(),
                     [](const Change& a, const Change& b) { return a.day < b.day; });
    bool on = false;
    double engagement = spec.engagement, listening = spec.listening_per_year;
    for (const Change& c : changes) {
        const double clock_then = clock(c.day);
        on = c.on.value_or(on);
        engagement = c.engagement.value_or(engagement);
        listening = c.listening.value_or(listening);
        const Phase phase{c.day, clock_then, on ? 1.0 - engagement : 1.0, on, on ? listening : 0.0};
        // Several changes on one day make one phase.
        if (!phases_.empty() && phases_.back().from == c.day)
            phases_.back() = phase;
        else
            phases_.push_back(phase);
    }
}

}  // namespace journeysim::model
