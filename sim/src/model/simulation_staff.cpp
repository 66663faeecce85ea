// Staff over time: turnover, retirement, a salesperson's move with her followers
// (model/followers.hpp), and the roster's shifts (model/roster.hpp).
#include <algorithm>
#include <cmath>

#include "journeysim/model/event_kinds.hpp"
#include "journeysim/model/followers.hpp"
#include "journeysim/model/simulation.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

void Simulation::on_turnover(std::uint32_t position) {
    world_.leaving[position] = kLeaving;
    if (world_.serving[position] == kNone) replace_when_free(position);
}

void Simulation::replace_when_free(std::uint32_t position) {
    const double t = clock_.now();
    world_.leaving[position] = kStaying;
    world_.staff.replace(position, t);
    release_waiting(position);
    schedule_turnover(position, t);
}

void Simulation::schedule_turnover(std::uint32_t position, double t) {
    const auto& spec = sc_.stores[world_.staff.store_of(position)];
    if (spec.turnover_per_year > 0.0)
        clock_.schedule(
            t + random::exponential(streams_.staff, spec.turnover_per_year / config::kDaysPerYear),
            kTurnover, position);
}

void Simulation::release_waiting(std::uint32_t position) {
    // Whoever waited for the person who left waits for anyone now.
    const std::uint32_t store = world_.staff.store_of(position);
    auto& personal = world_.personal[position];
    while (!personal.empty()) {
        const Ticket ticket = personal.pop();
        if (world_.visit_stamps.current(ticket.visit) == ticket.stamp)
            wait_for_anyone(ticket.visit, store);
    }
}

void Simulation::on_move(std::uint32_t person_id) {
    const std::int32_t from = world_.staff.position_of(static_cast<std::int32_t>(person_id));
    if (from < 0) return;  // retired first
    const auto position = static_cast<std::uint32_t>(from);
    world_.leaving[position] = kMoving;
    if (world_.serving[position] != kNone) return;  // she finishes her customer first
    std::erase(world_.stores[world_.staff.store_of(position)].idle, position);
    serve_next(position);
}

void Simulation::finish_move(std::uint32_t from) {
    // She starts in a new position at the other store; a new hire takes her old one.
    const double t = clock_.now();
    world_.leaving[from] = kStaying;
    const std::int32_t person = world_.staff.holder(from);
    const std::uint32_t old_store = world_.staff.store_of(from);
    const auto& named = sc_.stores[old_store]
        .salespeople[static_cast<std::size_t>(world_.staff.named_index(person))];
    const auto to_store = static_cast<std::uint32_t>(named.moves_to);
    const std::uint32_t to = world_.staff.transfer(person, to_store, t);
    world_.serving.push_back(kNone);
    world_.leaving.push_back(kStaying);
    world_.personal.emplace_back();
    world_.on_duty.push_back(1);
    world_.stores[to_store].staffed.change(+1, t);
    release_waiting(from);
    schedule_turnover(from, t);
    serve_next(to);
    transfer_followers(world_, person, old_store, to_store, named.followers, t, streams_.staff);
    if (world_.rosters[to_store].active()) apply_roster(to_store);  // she joins its roster
}

void Simulation::on_roster(std::uint32_t store) {
    apply_roster(store);
    const double now = clock_.now();
    double next = world_.rosters[store].next_change(now);
    // With closed dates of the year, decided again at each midnight too.
    const config::WeeklyHours* hours = world_.fronts[store].hours;
    if (hours && !hours->closed_dates.empty()) next = std::min(next, std::floor(now) + 1.0);
    clock_.schedule(next, kRoster, store);
}

void Simulation::apply_roster(std::uint32_t store) {
    const double t = clock_.now();
    positions_on_duty(world_, store, t, duty_scratch_);
    auto& st = world_.stores[store];
    for (std::uint32_t p = 0; p < world_.staff.positions(); ++p) {
        if (world_.staff.store_of(p) != store || world_.on_duty[p] == duty_scratch_[p]) continue;
        world_.on_duty[p] = duty_scratch_[p];
        st.staffed.change(duty_scratch_[p] ? +1 : -1, t);
        if (world_.serving[p] != kNone) continue;  // the customer in hand is served first
        if (duty_scratch_[p])
            serve_next(p);  // those waiting (for her first), or idle
        else
            std::erase(st.idle, p);
    }
    world_.store_hours.on_duty(store, st.staffed.level(), t);
}

}  // namespace journeysim::model
