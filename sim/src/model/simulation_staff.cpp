// Staff over time: turnover, retirement, and a salesperson's move with her followers.
#include <algorithm>
#include <cmath>

#include "journeysim/model/simulation.hpp"
#include "journeysim/model/trust.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

void Simulation::on_turnover(std::uint32_t position) {
    leaving_[position] = kLeaving;
    if (serving_[position] == kNone) replace_when_free(position);
}

void Simulation::replace_when_free(std::uint32_t position) {
    const double t = clock_.now();
    leaving_[position] = kStaying;
    staff_.replace(position, t);
    release_waiting(position);
    schedule_turnover(position, t);
}

void Simulation::schedule_turnover(std::uint32_t position, double t) {
    const auto& spec = sc_.stores[staff_.store_of(position)];
    if (spec.turnover_per_year > 0.0)
        clock_.schedule(t + random::exponential(staff_rng_, spec.turnover_per_year / config::kDaysPerYear),
                        kTurnover, position);
}

void Simulation::release_waiting(std::uint32_t position) {
    // Whoever waited for the person who left waits for anyone now.
    auto& personal = personal_[position];
    while (!personal.empty()) {
        const Ticket ticket = personal.pop();
        if (visit_stamps_.current(ticket.visit) == ticket.stamp) enqueue(ticket.visit, -1);
    }
}

void Simulation::on_move(std::uint32_t person_id) {
    const std::int32_t from = staff_.position_of(static_cast<std::int32_t>(person_id));
    if (from < 0) return;  // retired first
    const auto position = static_cast<std::uint32_t>(from);
    leaving_[position] = kMoving;
    if (serving_[position] != kNone) return;  // she finishes her customer first
    std::erase(stores_[staff_.store_of(position)].idle, position);
    serve_next(position);
}

void Simulation::finish_move(std::uint32_t from) {
    // She starts in a new position at the other store; a new hire takes her old one.
    const double t = clock_.now();
    leaving_[from] = kStaying;
    const std::int32_t person = staff_.holder(from);
    const std::uint32_t old_store = staff_.store_of(from);
    const auto& named =
        sc_.stores[old_store].salespeople[static_cast<std::size_t>(staff_.named_index(person))];
    const auto to_store = static_cast<std::uint32_t>(named.moves_to);
    const std::uint32_t to = staff_.transfer(person, to_store, t);
    serving_.push_back(kNone);
    leaving_.push_back(kStaying);
    personal_.emplace_back();
    release_waiting(from);
    schedule_turnover(from, t);
    serve_next(to);
    // Households who trust her follow with probability `followers`, and all who follow her
    // profile on a platform carrying salesperson profiles: their trust in the old store,
    // built with her, becomes trust in the new one. A one-off pass at the move.
    struct Follower {
        std::uint32_t household;
        double trust;
    };
    std::vector<Follower> followers;
    for (std::uint32_t h = 0; h < households_.size(); ++h)
        if (population_.present(h)) relations_.for_each(h, [&](const Relation& r) {
            if (r.store == old_store && r.salesperson == person &&
                (follows_profiles(h) || random::bernoulli(staff_rng_, named.followers)))
                followers.push_back({h, trust_now(r, t)});
        });
    auto& active = stores_[to_store].active;
    const auto today = static_cast<std::int32_t>(std::floor(t));
    active.advance(today);
    for (const auto& f : followers) {
        Relation& r = relations_.get(f.household, static_cast<std::uint16_t>(to_store),
                                     static_cast<float>(sc_.trust.initial), t);
        const bool is_active =
            r.purchase_day != Relation::kNoPurchase && active.is_active(r.purchase_day, today);
        if (is_active) active.remove(r.purchase_day, r.trust, trust_clock(to_store, r.trust_time));
        const double there = trust_now(r, t);
        r.trust = static_cast<float>(std::max(there, f.trust));
        r.trust_time = Relation::stored_time(t);
        r.salesperson = person;
        if (is_active) active.add(r.purchase_day, r.trust, trust_clock(to_store, r.trust_time));
    }
}

}  // namespace journeysim::model
