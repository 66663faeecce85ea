// The living population in a run: households moving in and out, founded by children leaving
// home, and the need process following who lives there (model/population.hpp); platforms'
// adoption.
#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>

#include "journeysim/model/event_kinds.hpp"
#include "journeysim/model/simulation.hpp"
#include "journeysim/model/social_effects.hpp"
#include "journeysim/model/trust.hpp"

namespace journeysim::model {

namespace {
// A household moves away: gone from the stores' counts of active customers and card holders,
// and from the platforms' audiences; its relations stay (nobody reads them again) and its id
// is never reused.
void farewell(World& world, std::uint32_t household, double t) {
    const auto today = static_cast<std::int32_t>(std::floor(t));
    world.relations.for_each(household, [&](const Relation& r) {
        auto& st = world.stores[r.store];
        if (r.flags & Relation::kCardHolder) ++st.holders_gone;
        if (r.purchase_day == Relation::kNoPurchase) return;
        st.active.advance(today);
        if (st.active.is_active(r.purchase_day, today))
            st.active.remove(r.purchase_day, r.trust, trust_clock(world, r.store, r.trust_time));
    });
    for (auto& platform : world.platforms) platform.remove_household(household);
}
}  // namespace

void Simulation::on_population(const kernel::Event& e) {
    const PopulationChange change = world_.population.handle(e, clock_);
    switch (change.kind) {
        case PopulationChange::kNothing: return;
        case PopulationChange::kMovedOut: farewell(world_, change.household, clock_.now()); break;
        case PopulationChange::kMovedIn:
        case PopulationChange::kFounded: welcome(change); break;
        case PopulationChange::kBorn:
        case PopulationChange::kCameOfAge: break;
    }
    // The pending candidate was drawn at the old rate, and its household among those living
    // there before: by memorylessness, a fresh candidate from now gives the same process. A
    // change that leaves the rate as it was (children who drive no need growing up) keeps who
    // could be drawn as well (anyone moving out changes the rate), and keeps the candidate.
    if (world_.arrivals.update() || change.kind == PopulationChange::kMovedOut) {
        ++need_stamp_;
        schedule_need(clock_.now());
    }
}

void Simulation::welcome(const PopulationChange& change) {
    const std::uint32_t h = change.household;
    const double t = clock_.now();
    world_.relations.grow(std::size_t{h} + 1);
    if (change.kind == PopulationChange::kFounded)
        inherit_relations(world_.relations, h, change.parent, sc_.population.inherit_trust, t,
                          static_cast<float>(sc_.trust.initial),
                          [&](const Relation& r) { return trust_now(world_, r, t); });
    // The graph exists when word of mouth or platforms use it; with a living population it
    // is this run's own (World), so it can grow.
    if (!world_.word_of_mouth && world_.platforms.empty()) return;
    SocialGraph& graph = world_.own_graph;
    if (graph.add_household() != h)
        throw std::logic_error("population: the social graph's ids drifted from the households'");
    for (const std::uint32_t f : world_.population.first_friends(change, graph)) graph.link(h, f);
    if (!world_.media.empty()) {
        world_.media.push_back(0);
        if (world_.word_of_mouth)  // the vector may have moved
            world_.word_of_mouth->set_social_media_users(world_.media);
    }
    for (std::uint32_t i = 0; i < world_.platforms.size(); ++i) {
        const auto& p = sc_.social.platforms[i];
        // In the audience by its age band when it joins (or at the launch, if later).
        const std::uint8_t band = world_.households.age_band(h, std::max(t, p.launch_day));
        const std::uint8_t in =
            draw_audience(std::span(&band, 1), p.audience, streams_.platforms)[0];
        world_.platforms[i].add_household(h, in != 0, clock_);
    }
}

void Simulation::on_platform(const kernel::Event& e) {
    const std::uint32_t i = e.kind - kPlatform;
    const std::uint32_t h = world_.platforms[i].handle(e, clock_);
    if (h != BassAdoption::kNobody) use_platform(world_, h, i);
}

}  // namespace journeysim::model
