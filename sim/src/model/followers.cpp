#include "journeysim/model/followers.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "journeysim/model/trust.hpp"
#include "journeysim/model/world.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

void transfer_followers(World& world, std::int32_t person, std::uint32_t from_store,
                        std::uint32_t to_store, double share, double t, random::Engine& staff) {
    // A one-off pass at the move: who follows is settled first, then their trust moves.
    struct Follower {
        std::uint32_t household;
        double trust;
    };
    std::vector<Follower> followers;
    for (std::uint32_t h = 0; h < world.households.size(); ++h)
        if (world.population.present(h)) world.relations.for_each(h, [&](const Relation& r) {
            if (r.store == from_store && r.salesperson == person &&
                (world.uses(h, kFollowsProfiles) || random::bernoulli(staff, share)))
                followers.push_back({h, trust_now(world, r, t)});
        });
    auto& active = world.stores[to_store].active;
    const auto today = static_cast<std::int32_t>(std::floor(t));
    active.advance(today);
    for (const auto& f : followers) {
        Relation& r = world.relations.get(f.household, static_cast<std::uint16_t>(to_store),
                                          static_cast<float>(world.sc.trust.initial), t);
        const bool is_active =
            r.purchase_day != Relation::kNoPurchase && active.is_active(r.purchase_day, today);
        if (is_active)
            active.remove(r.purchase_day, r.trust, trust_clock(world, to_store, r.trust_time));
        const double there = trust_now(world, r, t);
        r.trust = static_cast<float>(std::max(there, f.trust));
        r.trust_time = Relation::stored_time(t);
        r.salesperson = person;
        if (is_active)
            active.add(r.purchase_day, r.trust, trust_clock(world, to_store, r.trust_time));
    }
}

}  // namespace journeysim::model
