// Queues and service: arrival, waiting for anyone or for one's salesperson, balking,
// reneging, the end of a service and what the store does then (model/service.hpp,
// model/referral.hpp).
#include <bit>
#include <cmath>

#include "journeysim/model/event_kinds.hpp"
#include "journeysim/model/pricing.hpp"
#include "journeysim/model/referral.hpp"
#include "journeysim/model/service.hpp"
#include "journeysim/model/shopping_hours.hpp"
#include "journeysim/model/simulation.hpp"
#include "journeysim/model/social_effects.hpp"
#include "journeysim/model/stock.hpp"
#include "journeysim/model/travel.hpp"
#include "journeysim/model/trust.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

namespace {
// A need gives up after this many stores, whatever the retry probability: referrals between
// stores beyond the 64 tracked in Visit::excluded could otherwise go round in a circle.
constexpr int kMaxStores = 8;
}  // namespace

void Simulation::travel(std::uint32_t visit, std::uint32_t store) {
    const double days = travel_days(world_, world_.visits[visit], store);
    if (days <= 0.0) {
        arrive(visit, store);
        return;
    }
    world_.visits[visit].store = store;  // on its way: kTrip arrives it there
    clock_.schedule(clock_.now() + days, kTrip, visit);
}

void Simulation::arrive(std::uint32_t visit, std::uint32_t store) {
    Visit& v = world_.visits[visit];
    v.store = store;
    if (world_.keeps_hours && !world_.fronts[store].in_hours(clock_.now())) {
        // The door is shut: wait for it to open (model/shopping_hours.hpp).
        const double at = walk_in_time(world_.fronts[store], world_.shopping_clock(v.household),
                                       clock_.now(), v.draws);
        if (at < config::kNever) {
            clock_.schedule(at, kTrip, visit);
        } else {
            turned_away(visit);  // it closes for good first
        }
        return;
    }
    v.arrival = clock_.now();
    if (period_ >= 0) world_.store_hours.arrival(store, v.arrival);
    v.wanted = -1;
    if (!at_counter(world_, store, v.draws)) {
        place_order(visit, store);
        return;
    }
    // A customer who knows a salesperson here asks for them.
    const std::int32_t wanted = wanted_position(world_, v.household, store);
    const Admission admission = admit(world_, store, wanted, clock_.now());
    switch (admission.kind) {
        case Admission::kServe: start_service(admission.position, visit); break;
        case Admission::kQueue: enqueue(visit, wanted); break;
        case Admission::kBalk:
            ++world_.stores[store].period.counts.balks;
            turned_away(visit);
            break;
    }
}

void Simulation::enqueue(std::uint32_t visit, std::int32_t position) {
    Visit& v = world_.visits[visit];
    v.wanted = position;
    const Ticket ticket{visit, world_.visit_stamps.cancel_all(visit)};
    if (position >= 0)
        world_.personal[static_cast<std::uint32_t>(position)].push(ticket);
    else
        world_.stores[v.store].queue.push(ticket);
    const double patience = sc_.households.patience_minutes;
    if (std::isfinite(patience))
        clock_.schedule(
            clock_.now() + random::exponential(v.draws, kMinutesPerDay / patience),
            kRenege, visit, ticket.stamp);
}

void Simulation::wait_for_anyone(std::uint32_t visit, std::uint32_t store) {
    // An idle colleague takes her at once (when one is idle nobody waits for anyone, so
    // nobody is passed over); else the store's queue.
    if (const std::uint32_t position = take_idle(world_, store); position != kNone) {
        world_.stores[store].waiting.change(-1, clock_.now());
        start_service(position, visit);
    } else {
        enqueue(visit, -1);
    }
}

void Simulation::start_service(std::uint32_t position, std::uint32_t visit) {
    const double t = clock_.now();
    world_.serving[position] = visit;
    world_.visit_stamps.cancel_all(visit);  // no more reneging
    auto& v = world_.visits[visit];
    const std::uint32_t store = world_.staff.store_of(position);
    if (v.arrival >= sc_.simulation.warmup_days())  // its wait counts in the hour it came in
        world_.store_hours.served(store, v.arrival, (t - v.arrival) * kMinutesPerDay);
    v.arrival = t - v.arrival;  // from here on: the wait, in days
    world_.stores[store].busy.change(+1, t);
    clock_.schedule(t + service_days(world_.service_times[store], v.draws), kServiceEnd, position);
}

void Simulation::on_renege(const kernel::Event& e) {
    if (!world_.visit_stamps.is_current(e)) return;  // served or moved on since
    const std::uint32_t visit = e.target;
    Visit& v = world_.visits[visit];
    auto& st = world_.stores[v.store];
    if (v.wanted >= 0) {  // patience with the one salesperson is over
        wait_for_anyone(visit, v.store);
        return;
    }
    st.waiting.change(-1, clock_.now());
    ++st.period.counts.reneges;
    world_.visit_stamps.cancel_all(visit);
    const double wait_hours = (clock_.now() - v.arrival) * 24.0;
    interact(v.household, v.store,
             visit_quality(sc_.trust.lost_sale_quality, wait_hours,
                           sc_.trust.wait_penalty_per_hour),
             Relation::kNobody, false);
    turned_away(visit);
}

void Simulation::serve_next(std::uint32_t position) {
    if (world_.leaving[position] == kLeaving) replace_when_free(position);
    if (world_.leaving[position] == kMoving) finish_move(position);
    if (const std::uint32_t visit = next_customer(world_, position, clock_.now()); visit != kNone)
        start_service(position, visit);
}

void Simulation::on_service_end(std::uint32_t position) {
    const std::uint32_t visit = world_.serving[position];
    world_.serving[position] = kNone;
    const std::uint32_t store = world_.staff.store_of(position);
    world_.stores[store].busy.change(-1, clock_.now());
    conclude(visit, store, world_.staff.holder(position));
    serve_next(position);
}

void Simulation::place_order(std::uint32_t visit, std::uint32_t store) {
    world_.visits[visit].arrival = 0.0;  // the wait: none
    conclude(visit, store, -1);
}

void Simulation::conclude(std::uint32_t visit, std::uint32_t store, std::int32_t person) {
    const double t = clock_.now();
    const Visit v = world_.visits[visit];
    auto& counts = world_.stores[store].period.counts;
    const double wait_hours = v.arrival * 24.0;
    world_.stores[store].period.record_visit(v.arrival * kMinutesPerDay);
    const auto quality = [&](double q) {
        return visit_quality(q, wait_hours, sc_.trust.wait_penalty_per_hour);
    };
    // Drawn from the visit in the pool (v is a copy): a referred visit draws on from there.
    auto& draws = world_.visits[visit].draws;
    const bool available = in_stock(world_, store, v.category, draws);
    const AfterService next = after_service(world_, v, available, t, draws);
    if (!available) {
        ++counts.stockouts;
        post_request(world_, v.household, store, v.category, streams_.social);
    }
    switch (next.kind) {
        case AfterService::kSell:
            sell(visit, store, person, records::DiscountKind::none,
                 quality(sc_.trust.purchase_quality));
            break;
        case AfterService::kRefer: {
            const auto target = static_cast<std::uint32_t>(next.target);
            ++counts.lost_sales;
            ++world_.sales_of(store, v.category).lost_sales;
            ++counts.referrals_given;
            ++world_.stores[target].period.counts.referrals_received;
            if (period_ >= 0) ++record_.referrals[store * world_.store_count() + target];
            interact(v.household, store, quality(sc_.trust.referral_quality), person, false);
            auto& moving = world_.visits[visit];
            moving.excluded |= Visit::bit(store);
            moving.coupon = 0.0f;  // a coupon is good only where it was mailed from
            travel(visit, target);
            break;
        }
        case AfterService::kSpecialOrder: {
            ++counts.special_orders;
            interact(v.household, store, quality(0.0), person, false);
            const double days = sc_.stores[store].special_order_days;
            const double price = list_price(world_, store, v.category);
            const std::uint32_t order =
                world_.pending.add({v.household, store, person, v.category, false, price});
            clock_.schedule(t + days, kDelivery, order);
            world_.visits.remove(visit);
            break;
        }
        case AfterService::kSubstitute:
            ++counts.substitutes;
            sell(visit, store, person, records::DiscountKind::substitute,
                 quality(sc_.trust.substitute_quality));
            break;
        case AfterService::kLost:
            ++counts.lost_sales;
            ++world_.sales_of(store, v.category).lost_sales;
            interact(v.household, store, quality(sc_.trust.lost_sale_quality), person, false);
            turned_away(visit);
            break;
    }
}

void Simulation::turned_away(std::uint32_t visit) {
    Visit& v = world_.visits[visit];
    v.excluded |= Visit::bit(v.store);
    v.coupon = 0.0f;  // good only where it was mailed from
    const int tried = std::popcount(v.excluded) + (v.store >= 64 ? 1 : 0);
    if (tried < kMaxStores && clock_.now() < v.deadline &&
        random::bernoulli(v.draws, sc_.needs.retry_probability)) {
        seek(visit);
        return;
    }
    world_.end_need(v.category, false);
    world_.visits.remove(visit);
}

}  // namespace journeysim::model
