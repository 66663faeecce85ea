// The living population in a run: households moving in and out, founded by children leaving
// home, and the need process following who lives there (model/population.hpp).
#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>

#include "journeysim/model/simulation.hpp"

namespace journeysim::model {

void Simulation::on_population(const kernel::Event& e) {
    const PopulationChange change = population_.handle(e, clock_);
    switch (change.kind) {
        case PopulationChange::kNothing: return;
        case PopulationChange::kMovedOut: farewell(change.household); break;
        case PopulationChange::kMovedIn:
        case PopulationChange::kFounded: welcome(change); break;
        case PopulationChange::kBorn:
        case PopulationChange::kCameOfAge: break;
    }
    // The pending candidate was drawn at the old rate, and its household among those living
    // there before: by memorylessness, a fresh candidate from now gives the same process. A
    // change that leaves the rate as it was (children who drive no need growing up) keeps who
    // could be drawn as well (anyone moving out changes the rate), and keeps the candidate.
    if (arrivals_.update() || change.kind == PopulationChange::kMovedOut) {
        ++need_stamp_;
        schedule_need(clock_.now());
    }
}

void Simulation::welcome(const PopulationChange& change) {
    const std::uint32_t h = change.household;
    const double t = clock_.now();
    relations_.grow(std::size_t{h} + 1);
    if (change.kind == PopulationChange::kFounded)
        inherit_relations(relations_, h, change.parent, sc_.population.inherit_trust, t,
                          static_cast<float>(sc_.trust.initial),
                          [&](const Relation& r) { return trust_now(r, t); });
    // The graph exists when word of mouth or platforms use it; with a living population it
    // is this run's own (start_social), so it can grow.
    if (!word_of_mouth_ && platforms_.empty()) return;
    if (own_graph_.add_household() != h)
        throw std::logic_error("population: the social graph's ids drifted from the households'");
    for (const std::uint32_t f : population_.first_friends(change, own_graph_))
        own_graph_.link(h, f);
    if (!media_.empty()) {
        media_.push_back(0);
        if (word_of_mouth_) word_of_mouth_->set_social_media_users(media_);  // it may have moved
    }
    for (std::uint32_t i = 0; i < platforms_.size(); ++i) {
        const auto& p = sc_.social.platforms[i];
        // In the audience by its age band when it joins (or at the launch, if later).
        const std::uint8_t band = households_.age_band(h, std::max(t, p.launch_day));
        const std::uint8_t in = draw_audience(std::span(&band, 1), p.audience, platforms_rng_)[0];
        platforms_[i].add_household(h, in != 0, clock_);
    }
}

void Simulation::farewell(std::uint32_t household) {
    // Gone from the stores' counts of active customers and card holders, and from the
    // platforms' audiences; its relations stay (nobody reads them again) and its id is never
    // reused.
    const double t = clock_.now();
    const auto today = static_cast<std::int32_t>(std::floor(t));
    relations_.for_each(household, [&](const Relation& r) {
        auto& st = stores_[r.store];
        if (r.flags & Relation::kCardHolder) ++st.holders_gone;
        if (r.purchase_day == Relation::kNoPurchase) return;
        st.active.advance(today);
        if (st.active.is_active(r.purchase_day, today))
            st.active.remove(r.purchase_day, r.trust, trust_clock(r.store, r.trust_time));
    });
    for (auto& platform : platforms_) platform.remove_household(household);
}

records::PopulationPeriod Simulation::population_row() const {
    records::PopulationPeriod row;
    row.period = period_;
    row.households = population_.households();
    row.children = population_.minors();
    const PopulationCounts& c = population_.counts();
    row.moved_in = c.moved_in, row.moved_out = c.moved_out, row.born = c.born;
    row.came_of_age = c.came_of_age, row.founded = c.founded;
    return row;
}

}  // namespace journeysim::model
