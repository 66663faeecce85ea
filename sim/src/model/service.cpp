#include "journeysim/model/service.hpp"

#include <algorithm>

#include "journeysim/model/world.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

bool at_counter(const World& world, std::uint32_t store, random::VisitDraws& draws) {
    if (!world.fronts[store].online) return true;
    const double share = world.sc.stores[store].chat_share;
    return share > 0.0 && random::bernoulli(draws, share);
}

double service_days(const ServiceTime& s, random::VisitDraws& draws) {
    const double minutes = s.exponential ? random::exponential(draws, s.rate) : s.lognormal(draws);
    return minutes / kMinutesPerDay;
}

std::int32_t wanted_position(const World& world, std::uint32_t household, std::uint32_t store) {
    if (!world.sc.households.asks_for_salesperson) return -1;
    const Relation* r = world.relations.find(household, static_cast<std::uint16_t>(store));
    const std::int32_t person = r ? r->salesperson : Relation::kNobody;
    return world.staff.works_at(person, store) ? world.staff.position_of(person) : -1;
}

std::uint32_t take_idle(World& world, std::uint32_t store) {
    auto& idle = world.stores[store].idle;
    if (idle.empty()) return kNone;
    const std::uint32_t position = idle.back();
    idle.pop_back();
    return position;
}

Admission admit(World& world, std::uint32_t store, std::int32_t wanted, double t) {
    auto& st = world.stores[store];
    // Off duty, she is as good as busy: the customer waits for her (model/roster.hpp).
    if (wanted >= 0 && world.serving[static_cast<std::uint32_t>(wanted)] == kNone &&
        world.on_duty[static_cast<std::uint32_t>(wanted)]) {
        std::erase(st.idle, static_cast<std::uint32_t>(wanted));
        return {Admission::kServe, static_cast<std::uint32_t>(wanted)};
    }
    if (wanted < 0) {
        if (const std::uint32_t position = take_idle(world, store); position != kNone)
            return {Admission::kServe, position};
    }
    const int tolerance = world.sc.households.queue_tolerance;
    if (tolerance >= 0 && st.waiting.level() >= tolerance) return {Admission::kBalk};
    st.waiting.change(+1, t);
    return {Admission::kQueue};
}

std::uint32_t next_customer(World& world, std::uint32_t position, double t) {
    if (!world.on_duty[position]) return kNone;  // off duty: neither serving nor idle
    auto& st = world.stores[world.staff.store_of(position)];
    for (Fifo<Ticket>* queue : {&world.personal[position], &st.queue}) {
        while (!queue->empty()) {
            const Ticket ticket = queue->pop();
            // Stale: the visit left (reneged) or moved to another queue since.
            if (world.visit_stamps.current(ticket.visit) != ticket.stamp) continue;
            st.waiting.change(-1, t);
            return ticket.visit;
        }
    }
    st.idle.push_back(position);
    return kNone;
}

}  // namespace journeysim::model
