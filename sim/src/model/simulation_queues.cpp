// Queues and service: arrival, waiting for anyone or for one's salesperson, balking,
// reneging, the end of a service and what the store does then.
#include <algorithm>
#include <bit>
#include <cmath>

#include "journeysim/model/simulation.hpp"
#include "journeysim/model/trust.hpp"
#include "journeysim/random/draws.hpp"
#include "simulation_internal.hpp"

namespace journeysim::model {

using detail::bit;
using detail::kMaxStores;
using detail::kMinutesPerDay;

void Simulation::arrive(std::uint32_t visit, std::uint32_t store) {
    Visit& v = visits_[visit];
    auto& st = stores_[store];
    v.store = store;
    v.arrival = clock_.now();
    v.wanted = -1;
    // A customer who knows a salesperson here asks for them.
    const Relation* r = sc_.households.asks_for_salesperson
                            ? relations_.find(v.household, static_cast<std::uint16_t>(store))
                            : nullptr;
    const std::int32_t person = r ? r->salesperson : Relation::kNobody;
    const std::int32_t wanted = staff_.works_at(person, store) ? staff_.position_of(person) : -1;
    if (wanted >= 0 && serving_[static_cast<std::uint32_t>(wanted)] == kNone) {
        std::erase(st.idle, static_cast<std::uint32_t>(wanted));
        start_service(static_cast<std::uint32_t>(wanted), visit);
        return;
    }
    if (wanted < 0 && !st.idle.empty()) {
        const std::uint32_t position = st.idle.back();
        st.idle.pop_back();
        start_service(position, visit);
        return;
    }
    const int tolerance = sc_.households.queue_tolerance;
    if (tolerance >= 0 && st.waiting >= tolerance) {
        ++st.period.counts.balks;
        turned_away(visit);
        return;
    }
    ++st.waiting;
    enqueue(visit, wanted);
}

void Simulation::enqueue(std::uint32_t visit, std::int32_t position) {
    Visit& v = visits_[visit];
    v.wanted = position;
    const Ticket ticket{visit, visit_stamps_.cancel_all(visit)};
    if (position >= 0)
        personal_[static_cast<std::uint32_t>(position)].push(ticket);
    else
        stores_[v.store].queue.push(ticket);
    const double patience = sc_.households.patience_minutes;
    if (std::isfinite(patience))
        clock_.schedule(clock_.now() + random::exponential(outcome_rng_, kMinutesPerDay / patience),
                        kRenege, visit, ticket.stamp);
}

double Simulation::service_days(std::uint32_t store) {
    const ServiceTime& s = service_times_[store];
    const double minutes =
        s.exponential ? random::exponential(service_rng_, s.rate) : s.lognormal(service_rng_);
    return minutes / kMinutesPerDay;
}

void Simulation::start_service(std::uint32_t position, std::uint32_t visit) {
    const double t = clock_.now();
    serving_[position] = visit;
    visit_stamps_.cancel_all(visit);  // no more reneging
    visits_[visit].arrival = t - visits_[visit].arrival;  // from here on: the wait, in days
    clock_.schedule(t + service_days(staff_.store_of(position)), kServiceEnd, position);
}

void Simulation::on_renege(const kernel::Event& e) {
    if (!visit_stamps_.is_current(e)) return;  // served or moved on since
    const std::uint32_t visit = e.target;
    Visit& v = visits_[visit];
    auto& st = stores_[v.store];
    if (v.wanted >= 0) {
        // Patience with the one salesperson is over: anyone will do now.
        if (!st.idle.empty()) {
            const std::uint32_t position = st.idle.back();
            st.idle.pop_back();
            --st.waiting;
            start_service(position, visit);
        } else {
            enqueue(visit, -1);
        }
        return;
    }
    --st.waiting;
    ++st.period.counts.reneges;
    visit_stamps_.cancel_all(visit);
    const double wait_hours = (clock_.now() - v.arrival) * 24.0;
    interact(v.household, v.store,
             visit_quality(sc_.trust.lost_sale_quality, wait_hours, sc_.trust.wait_penalty_per_hour),
             Relation::kNobody, false);
    turned_away(visit);
}

void Simulation::serve_next(std::uint32_t position) {
    if (leaving_[position] == kLeaving) replace_when_free(position);
    if (leaving_[position] == kMoving) finish_move(position);
    auto& st = stores_[staff_.store_of(position)];
    for (Fifo<Ticket>* queue : {&personal_[position], &st.queue}) {
        while (!queue->empty()) {
            const Ticket ticket = queue->pop();
            if (visit_stamps_.current(ticket.visit) != ticket.stamp) continue;  // left or moved
            --st.waiting;
            start_service(position, ticket.visit);
            return;
        }
    }
    st.idle.push_back(position);
}

void Simulation::on_service_end(std::uint32_t position) {
    const double t = clock_.now();
    const std::uint32_t visit = serving_[position];
    serving_[position] = kNone;
    const Visit v = visits_[visit];
    const std::uint32_t store = staff_.store_of(position);
    auto& st = stores_[store];
    const std::int32_t person = staff_.holder(position);
    const double wait_hours = v.arrival * 24.0;
    st.period.record_visit(v.arrival * kMinutesPerDay);
    const auto quality = [&](double q) {
        return visit_quality(q, wait_hours, sc_.trust.wait_penalty_per_hour);
    };
    const bool available = in_stock(store, v.category);
    const bool refers = st.referral == config::Referral::refer ||
                        st.referral == config::Referral::refer_better;
    // refer_better sends the customer on even when it could sell, if a competitor is better.
    std::int32_t target = -1;
    if (!available && refers)
        target = referral_target(v, false);
    else if (available && st.referral == config::Referral::refer_better)
        target = referral_target(v, true);

    if (available && target < 0) {
        sell(visit, store, person, records::DiscountKind::none, quality(sc_.trust.purchase_quality));
    } else {
        if (!available) {
            ++st.period.counts.stockouts;
            post_request(v.household, store, v.category);
        }
        const auto& spec = sc_.stores[store];
        if (target >= 0) {
            ++st.period.counts.lost_sales;
            ++st.period.counts.referrals_given;
            ++stores_[static_cast<std::uint32_t>(target)].period.counts.referrals_received;
            if (period_ >= 0) ++record_.referrals[store * stores_.size() + static_cast<std::uint32_t>(target)];
            interact(v.household, store, quality(sc_.trust.referral_quality), person, false);
            visits_[visit].excluded |= bit(store);
            visits_[visit].coupon = 0.0f;  // a coupon is good only where it was mailed from
            arrive(visit, static_cast<std::uint32_t>(target));
        } else if (st.referral == config::Referral::special_order &&
                   t + spec.special_order_days <= v.deadline) {
            ++st.period.counts.special_orders;
            interact(v.household, store, quality(0.0), person, false);
            const std::uint32_t order = pending_.add(
                {v.household, store, person, v.category, price(store, v.category)});
            clock_.schedule(t + spec.special_order_days, kDelivery, order);
            visits_.remove(visit);
        } else if (st.referral == config::Referral::push_substitute &&
                   random::bernoulli(outcome_rng_, spec.substitute_sale_probability)) {
            ++st.period.counts.substitutes;
            sell(visit, store, person, records::DiscountKind::substitute,
                 quality(sc_.trust.substitute_quality));
        } else {
            ++st.period.counts.lost_sales;
            interact(v.household, store, quality(sc_.trust.lost_sale_quality), person, false);
            turned_away(visit);
        }
    }
    serve_next(position);
}

void Simulation::turned_away(std::uint32_t visit) {
    Visit& v = visits_[visit];
    v.excluded |= bit(v.store);
    v.coupon = 0.0f;  // good only where it was mailed from
    const int tried = std::popcount(v.excluded) + (v.store >= 64 ? 1 : 0);
    if (tried < kMaxStores && clock_.now() < v.deadline &&
        random::bernoulli(outcome_rng_, sc_.needs.retry_probability)) {
        seek(visit);
        return;
    }
    need_ended(v.category, false);
    visits_.remove(visit);
}

}  // namespace journeysim::model
