#include "journeysim/model/simulation.hpp"

#include <cmath>

#include "journeysim/model/logit.hpp"
#include "journeysim/model/trust.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

namespace {
constexpr double kMinutesPerDay = 1440.0;

random::Engine seeded(output::ReplicationRecord& record, std::uint64_t seed,
                      std::int32_t replication, const char* stream) {
    const std::uint64_t s =
        random::stream_seed(seed, static_cast<std::uint64_t>(replication), stream);
    record.seeds.push_back({stream, s});
    return random::make_engine(s);
}
}  // namespace

Simulation::Simulation(const config::Scenario& sc, std::uint64_t seed, std::int32_t replication,
                       output::TransactionSink* transactions)
    : sc_(sc),
      record_(),
      horizon_(sc.simulation.horizon_days()),
      decay_per_day_(sc.trust.decay_per_year / config::kDaysPerYear),
      need_rate_per_day_(static_cast<double>(sc.households.count) * sc.needs.rate_per_year /
                         config::kDaysPerYear),
      households_rng_(seeded(record_, seed, replication, "households")),
      needs_rng_(seeded(record_, seed, replication, "needs")),
      choice_rng_(seeded(record_, seed, replication, "choice")),
      service_rng_(seeded(record_, seed, replication, "service")),
      outcome_rng_(seeded(record_, seed, replication, "outcome")),
      households_(make_households(sc, households_rng_)),
      relations_(households_.size()),
      stores_(sc.stores.size()),
      utility_(sc.stores.size()),
      weight_(sc.stores.size()),
      transactions_(transactions, replication) {
    record_.replication = replication;
    for (std::size_t s = 0; s < sc.stores.size(); ++s) {
        const auto& spec = sc.stores[s];
        auto& st = stores_[s];
        st.static_utility = sc.choice.asc[static_cast<int>(spec.type)];
        st.log_price = std::log(spec.price_index);
        st.first_server = static_cast<std::uint32_t>(servers_.size());
        for (int k = spec.staff - 1; k >= 0; --k) st.idle.push_back(st.first_server + k);
        servers_.resize(servers_.size() + spec.staff);
        server_store_.resize(servers_.size(), static_cast<std::uint32_t>(s));
        st.active = ActiveCustomers(decay_per_day_);
    }
    clock_.reserve(servers_.size() + 2);
    // Needs of all households as one superposed Poisson process: with equal rates, the next
    // need is Exp(N*r) away and belongs to a household drawn uniformly (one pending event
    // instead of N).
    clock_.schedule(random::exponential(needs_rng_, need_rate_per_day_), kNeed, 0);
    const auto& bounds = sc.simulation.period_bounds;
    clock_.schedule(bounds.front(), kPeriodEnd, 0, 0, /*priority=*/1);
}

void Simulation::advance_to(double t) {
    const bool was_finished = finished();
    clock_.run_until(std::min(t, horizon_), [this](const kernel::Event& e) { handle(e); });
    if (finished() && !was_finished) transactions_.finish();
}

void Simulation::handle(const kernel::Event& e) {
    switch (e.kind) {
        case kNeed: on_need(); break;
        case kServiceEnd: on_service_end(e.target); break;
        case kPeriodEnd: on_period_end(e.target); break;
        default: break;
    }
    ++record_.events;
}

bool Simulation::is_open(const config::Store& s, double t) const {
    if (t < s.opens_day || t >= s.closes_day) return false;
    if (s.mall < 0) return true;
    const auto& mall = sc_.malls[static_cast<std::size_t>(s.mall)];
    return t >= mall.opens_day && t < mall.closes_day;
}

void Simulation::on_need() {
    const double t = clock_.now();
    clock_.schedule(t + random::exponential(needs_rng_, need_rate_per_day_), kNeed, 0);
    const auto h = static_cast<std::uint32_t>(random::uniform_index(needs_rng_, households_.size()));
    ++totals_.needs;

    // U_hs = asc + b_rel*trust - b_price*log(price index) - b_dist*distance (MODEL.md).
    const double hx = households_.x[h], hy = households_.y[h];
    const double max_km = sc_.households.max_travel_km;
    for (std::size_t s = 0; s < stores_.size(); ++s) {
        const auto& spec = sc_.stores[s];
        utility_[s] = kNotConsidered;
        if (!is_open(spec, t)) continue;
        double km = 0.0;
        if (spec.type != config::StoreType::online) {
            const double dx = spec.x - hx, dy = spec.y - hy;
            km = std::sqrt(dx * dx + dy * dy);  // not hypot: no overflow to guard against here
            if (km > max_km) continue;
        }
        utility_[s] = stores_[s].static_utility - households_.price_weight[h] * stores_[s].log_price -
                      households_.distance_weight[h] * km;
    }
    const double trust_weight = households_.trust_weight[h];
    relations_.for_each(h, [&](const Relation& r) {
        if (utility_[r.store] == kNotConsidered) return;
        utility_[r.store] += trust_weight * decayed_trust(r.trust, t - r.trust_time, decay_per_day_);
    });
    const std::size_t chosen = choose_logit(utility_, weight_, random::uniform01(choice_rng_));
    if (chosen == stores_.size()) {
        ++totals_.unmet_needs;  // no open store within reach
        return;
    }
    arrive(h, static_cast<std::uint32_t>(chosen));
}

void Simulation::arrive(std::uint32_t household, std::uint32_t store) {
    auto& st = stores_[store];
    if (st.idle.empty()) {
        st.queue.push({household, clock_.now()});
        return;
    }
    const std::uint32_t server = st.idle.back();
    st.idle.pop_back();
    start_service(store, server, household, 0.0);
}

double Simulation::service_days(const config::Store& s) {
    const double minutes =
        s.service_distribution == config::ServiceDistribution::exponential
            ? random::exponential(service_rng_, 1.0 / s.service_minutes)
            : random::lognormal_mean_sd(service_rng_, s.service_minutes,
                                        s.service_cv * s.service_minutes);
    return minutes / kMinutesPerDay;
}

void Simulation::start_service(std::uint32_t store, std::uint32_t server, std::uint32_t household,
                               double wait_days) {
    servers_[server] = {household, wait_days * kMinutesPerDay};
    clock_.schedule(clock_.now() + service_days(sc_.stores[store]), kServiceEnd, server);
}

void Simulation::on_service_end(std::uint32_t server) {
    const double t = clock_.now();
    const std::uint32_t store = server_store_[server];
    const auto& spec = sc_.stores[store];
    auto& st = stores_[store];
    const auto [household, wait_min] = servers_[server];

    const bool purchased = random::uniform01(outcome_rng_) < spec.availability;
    const double revenue = purchased ? sc_.needs.spend * spec.price_index : 0.0;
    st.period.record_visit(wait_min, purchased, revenue);
    if (purchased && transactions_.enabled())
        transactions_.push({t, household, static_cast<std::int32_t>(store), 0,
                            static_cast<std::int32_t>(server), revenue,
                            output::DiscountKind::none});

    // Trust, and the store's active-customer window, which tracks each active customer's trust.
    const auto today = static_cast<std::int32_t>(std::floor(t));
    st.active.advance(today);
    Relation& r = relations_.get(household, static_cast<std::uint16_t>(store),
                                 static_cast<float>(sc_.trust.initial), t);
    const bool was_active =
        r.purchase_day != Relation::kNoPurchase && st.active.is_active(r.purchase_day, today);
    if (was_active) st.active.remove(r.purchase_day, r.trust, r.trust_time);
    const double quality =
        visit_quality(purchased ? sc_.trust.purchase_quality : sc_.trust.lost_sale_quality,
                      wait_min / 60.0, sc_.trust.wait_penalty_per_hour);
    const double before = decayed_trust(r.trust, t - r.trust_time, decay_per_day_);
    r.trust = static_cast<float>(updated_trust(before, quality, spec.trust_gain, sc_.trust.loss));
    r.trust_time = Relation::stored_time(t);
    if (purchased) r.purchase_day = today;
    if (purchased || was_active) st.active.add(r.purchase_day, r.trust, r.trust_time);

    if (st.queue.empty()) {
        st.idle.push_back(server);
        return;
    }
    const Waiting next = st.queue.pop();
    start_service(store, server, next.household, t - next.arrival);
}

void Simulation::on_period_end(std::uint32_t bound) {
    const auto& bounds = sc_.simulation.period_bounds;
    const double t = clock_.now();
    const auto today = static_cast<std::int32_t>(std::floor(t));
    if (period_ >= 0 && bound > 0) {
        std::int64_t all_purchases = 0;
        for (const auto& st : stores_) all_purchases += st.period.purchases();
        for (std::size_t s = 0; s < stores_.size(); ++s) {
            auto& st = stores_[s];
            st.active.advance(today);
            output::StorePeriod row;
            row.period = period_;
            row.store = static_cast<std::int32_t>(s);
            row.visits = st.period.visits();
            row.purchases = st.period.purchases();
            row.lost_sales = st.period.lost_sales();
            row.revenue = st.period.revenue();
            row.share = all_purchases ? static_cast<double>(row.purchases) / all_purchases : 0.0;
            row.mean_wait_min = st.period.mean_wait();
            row.p95_wait_min = st.period.p95_wait();
            row.active_customers = st.active.count();
            row.mean_trust = st.active.mean_trust(t);
            record_.store_periods.push_back(row);
        }
        totals_.period = period_;
        record_.totals.push_back(totals_);
        ++period_;
    } else if (bound == 0) {
        period_ = 0;  // warm-up over (or none): metrics start now
    }
    for (auto& st : stores_) {
        st.period.reset();
        st.active.rebase(t);
    }
    totals_ = {};
    if (bound + 1 < bounds.size())
        clock_.schedule(bounds[bound + 1], kPeriodEnd, bound + 1, 0, /*priority=*/1);
}

}  // namespace journeysim::model
