#include "journeysim/model/simulation.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "journeysim/model/logit.hpp"
#include "journeysim/model/trust.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

namespace {
constexpr double kMinutesPerDay = 1440.0;
// A need gives up after this many stores, whatever the retry probability: referrals between
// stores beyond the 64 tracked in Visit::excluded could otherwise go round in a circle.
constexpr int kMaxStores = 8;
constexpr std::uint32_t kShockEnds = 0x80000000u;  // timeline target flag

random::Engine seeded(output::ReplicationRecord& record, std::uint64_t seed,
                      std::int32_t replication, const char* stream) {
    const std::uint64_t s =
        random::stream_seed(seed, static_cast<std::uint64_t>(replication), stream);
    record.seeds.push_back({stream, s});
    return random::make_engine(s);
}

std::uint64_t bit(std::uint32_t store) { return store < 64 ? std::uint64_t{1} << store : 0; }
}  // namespace

Simulation::Simulation(const config::Scenario& sc, std::uint64_t seed, std::int32_t replication,
                       output::TransactionSink* transactions)
    : sc_(sc),
      record_(),
      horizon_(sc.simulation.horizon_days()),
      decay_per_day_(sc.trust.decay_per_year / config::kDaysPerYear),
      households_rng_(seeded(record_, seed, replication, "households")),
      needs_rng_(seeded(record_, seed, replication, "needs")),
      choice_rng_(seeded(record_, seed, replication, "choice")),
      service_rng_(seeded(record_, seed, replication, "service")),
      outcome_rng_(seeded(record_, seed, replication, "outcome")),
      staff_rng_(seeded(record_, seed, replication, "staff")),
      households_(make_households(sc, households_rng_)),
      arrivals_(sc, households_),
      relations_(households_.size()),
      staff_(sc),
      stores_(sc.stores.size()),
      serving_(staff_.positions(), kNone),
      leaving_(staff_.positions(), 0),
      personal_(staff_.positions()),
      stock_(sc.stores.size() * sc.categories.size(), 0),
      on_order_(stock_.size(), 0),
      utility_(sc.stores.size()),
      weight_(sc.stores.size()),
      aware_(sc.stores.size(), 0),
      category_period_(sc.categories.size()),
      transactions_(transactions, replication) {
    record_.replication = replication;
    record_.referrals.assign(sc.stores.size() * sc.stores.size(), 0);
    const std::size_t categories = sc.categories.size();
    for (std::uint32_t s = 0; s < sc.stores.size(); ++s) {
        const auto& spec = sc.stores[s];
        auto& st = stores_[s];
        st.x = spec.x, st.y = spec.y, st.mall = spec.mall;
        st.price_index = spec.price_index;
        st.log_price = std::log(spec.price_index);
        st.availability = spec.availability;
        st.referral = spec.referral;
        st.pricing = spec.pricing;
        st.log_sale = std::log1p(-spec.sales.discount);
        if (spec.mail.every_days > 0.0)
            clock_.schedule(std::max(0.0, spec.opens_day) + spec.mail.every_days, kMail, s);
        st.static_utility = sc.choice.asc[static_cast<int>(spec.type)];
        st.log_assortment = std::log(spec.assortment);
        const std::uint32_t first = staff_.first_position(s);
        for (std::uint32_t k = static_cast<std::uint32_t>(spec.staff); k-- > 0;)
            st.idle.push_back(first + k);
        st.active = ActiveCustomers(decay_per_day_);
        for (std::size_t c = 0; c < categories; ++c)
            if (spec.stock[c]) stock_[s * categories + c] = spec.stock[c]->order_up_to;
        const double start = std::max(0.0, spec.opens_day);
        for (std::uint32_t k = 0; k < static_cast<std::uint32_t>(spec.staff); ++k) {
            if (k < spec.salespeople.size()) {
                const auto person = static_cast<std::uint32_t>(staff_.holder(first + k));
                const auto& named = spec.salespeople[k];
                if (named.retires_day < horizon_)
                    clock_.schedule(std::max(0.0, named.retires_day), kRetire, person);
                if (named.moves_to >= 0 && named.moves_day < horizon_)
                    clock_.schedule(std::max(0.0, named.moves_day), kMove, person);
            } else if (spec.turnover_per_year > 0.0) {
                clock_.schedule(
                    start + random::exponential(staff_rng_, spec.turnover_per_year / config::kDaysPerYear),
                    kTurnover, first + k);
            }
        }
    }
    for (std::uint32_t i = 0; i < sc.timeline.size(); ++i)
        if (sc.timeline[i].day < horizon_) clock_.schedule(std::max(0.0, sc.timeline[i].day), kTimeline, i);
    clock_.schedule(random::exponential(needs_rng_, arrivals_.candidate_rate()), kNeed, 0);
    clock_.schedule(sc.simulation.period_bounds.front(), kPeriodEnd, 0, 0, /*priority=*/1);
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
        case kRenege: on_renege(e); break;
        case kTurnover: on_turnover(e.target); break;
        case kRetire:
            if (const std::int32_t p = staff_.position_of(static_cast<std::int32_t>(e.target)); p >= 0)
                on_turnover(static_cast<std::uint32_t>(p));
            break;
        case kMove: on_move(e.target); break;
        case kRestock: on_restock(e.target); break;
        case kReturn: on_return(e.target); break;
        case kDelivery: on_delivery(e.target); break;
        case kTimeline: on_timeline(e.target); break;
        case kMail: on_mail(e.target); break;
        case kMailVisit: on_mail_visit(e.target); break;
        default: break;
    }
    ++record_.events;
}

// ---- needs and choice -------------------------------------------------------------------

bool Simulation::is_open(std::uint32_t store, double t) const {
    const auto& spec = sc_.stores[store];
    if (t < spec.opens_day || t >= spec.closes_day) return false;
    const int mall = stores_[store].mall;
    if (mall < 0) return true;
    const auto& m = sc_.malls[static_cast<std::size_t>(mall)];
    return t >= m.opens_day && t < m.closes_day;
}

void Simulation::on_need() {
    const double t = clock_.now();
    clock_.schedule(t + random::exponential(needs_rng_, arrivals_.candidate_rate()), kNeed, 0);
    const auto need = arrivals_.draw(t, needs_rng_);
    if (!need) return;
    ++category_period_[need->category].needs;
    Visit v;
    v.household = need->household;
    v.category = need->category;
    v.arrival = t;
    v.deadline = t + sc_.categories[need->category].deadline_days;
    const std::uint32_t id = visits_.add(v);
    visit_stamps_.resize(visits_.capacity());
    seek(id);
}

void Simulation::seek(std::uint32_t visit) {
    const std::uint32_t store = choose(visits_[visit], clock_.now());
    if (store == kNone) {  // no open store within reach carries it
        need_ended(visits_[visit].category, false);
        visits_.remove(visit);
        return;
    }
    arrive(visit, store);
}

bool Simulation::considers(std::uint32_t store, const Visit& v, double t, double& km) const {
    const auto& spec = sc_.stores[store];
    if ((v.excluded & bit(store)) || !spec.carries[v.category] || !is_open(store, t)) return false;
    km = 0.0;
    if (spec.type == config::StoreType::online) return true;
    const double dx = stores_[store].x - households_.x[v.household];
    const double dy = stores_[store].y - households_.y[v.household];
    km = std::sqrt(dx * dx + dy * dy);  // not hypot: no overflow to guard against here
    return km <= sc_.households.max_travel_km;
}

std::uint32_t Simulation::choose(const Visit& v, double t) {
    // U_hs = asc + b_assort log(assortment) - b_price log(price index) - b_dist km
    //        + amenity [children] + b_rel kappa trust + b_card [holder]
    //        + [aware of a sale] (b_promo - b_price log(1 - discount))      (docs/model.md)
    const std::uint32_t h = v.household;
    const double price_weight = households_.price_weight[h] * price_sensitivity_;
    const bool has_children = households_.children[h] > 0;
    bool any_sale = false;
    for (std::uint32_t s = 0; s < stores_.size(); ++s) {
        double km;
        utility_[s] = kNotConsidered;
        if (!considers(s, v, t, km)) continue;
        const auto& st = stores_[s];
        const auto& spec = sc_.stores[s];
        utility_[s] = st.static_utility + households_.assortment_weight[h] * st.log_assortment -
                      price_weight * st.log_price - households_.distance_weight[h] * km +
                      (has_children ? spec.amenity : 0.0);
        // Newspaper ads reach some households; card holders hear by mail (below).
        aware_[s] = on_sale(s, t) && random::bernoulli(choice_rng_, spec.sales.ad_reach);
        any_sale |= on_sale(s, t);
        if (st.pricing == config::Pricing::price_match) {
            // "We match any price": judged at the lowest price the household knows of.
            const double lowest = lowest_known_price(v, t);
            const double own = price(s, v.category);
            if (lowest < own) utility_[s] -= price_weight * std::log(lowest / own);
        }
    }
    const double trust_weight = households_.trust_weight[h];
    relations_.for_each(h, [&](const Relation& r) {
        if (utility_[r.store] == kNotConsidered) return;
        // The relationship belongs to the person: it weakens when they are gone.
        const double kappa = r.salesperson == Relation::kNobody || staff_.works_at(r.salesperson, r.store)
                                 ? 1.0
                                 : sc_.trust.kappa_lost;
        utility_[r.store] +=
            trust_weight * kappa * decayed_trust(r.trust, t - r.trust_time, decay_per_day_);
        if (r.flags & Relation::kCardHolder) {
            utility_[r.store] += sc_.choice.card;
            aware_[r.store] |= any_sale && on_sale(r.store, t);
        }
    });
    if (any_sale) {
        for (std::uint32_t s = 0; s < stores_.size(); ++s)
            if (aware_[s] && utility_[s] != kNotConsidered)
                utility_[s] += sc_.choice.promo - price_weight * stores_[s].log_sale;
    }
    const std::size_t chosen = choose_logit(utility_, weight_, random::uniform01(choice_rng_));
    return chosen == stores_.size() ? kNone : static_cast<std::uint32_t>(chosen);
}

bool Simulation::on_sale(std::uint32_t store, double t) const {
    if (stores_[store].pricing != config::Pricing::high_low) return false;
    const auto& sales = sc_.stores[store].sales;
    return t >= sales.first_day && std::fmod(t - sales.first_day, sales.every_days) < sales.days;
}

double Simulation::shelf_price(std::uint32_t store, std::uint16_t category, double t) const {
    const double p = price(store, category);
    return on_sale(store, t) ? p * (1.0 - sc_.stores[store].sales.discount) : p;
}

double Simulation::lowest_known_price(const Visit& v, double t) const {
    Visit any = v;
    any.excluded = 0;  // stores already tried still have prices the household knows
    double lowest = std::numeric_limits<double>::infinity();
    for (std::uint32_t s = 0; s < stores_.size(); ++s) {
        double km;
        if (considers(s, any, t, km)) lowest = std::min(lowest, shelf_price(s, v.category, t));
    }
    return lowest;
}

// ---- queues and service -----------------------------------------------------------------

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

double Simulation::service_days(const config::Store& s) {
    const double minutes =
        s.service_distribution == config::ServiceDistribution::exponential
            ? random::exponential(service_rng_, 1.0 / s.service_minutes)
            : random::lognormal_mean_sd(service_rng_, s.service_minutes,
                                        s.service_cv * s.service_minutes);
    return minutes / kMinutesPerDay;
}

void Simulation::start_service(std::uint32_t position, std::uint32_t visit) {
    const double t = clock_.now();
    serving_[position] = visit;
    visit_stamps_.cancel_all(visit);  // no more reneging
    visits_[visit].arrival = t - visits_[visit].arrival;  // from here on: the wait, in days
    clock_.schedule(t + service_days(sc_.stores[staff_.store_of(position)]), kServiceEnd, position);
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
        sell(visit, store, person, output::DiscountKind::none, quality(sc_.trust.purchase_quality));
    } else {
        if (!available) ++st.period.counts.stockouts;
        const auto& spec = sc_.stores[store];
        if (target >= 0) {
            ++st.period.counts.lost_sales;
            ++st.period.counts.referrals_given;
            ++stores_[static_cast<std::uint32_t>(target)].period.counts.referrals_received;
            if (period_ >= 0) ++record_.referrals[store * stores_.size() + static_cast<std::uint32_t>(target)];
            interact(v.household, store, quality(sc_.trust.referral_quality), person, false);
            visits_[visit].excluded |= bit(store);
            visits_[visit].coupon = false;  // a coupon is good only where it was mailed from
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
            sell(visit, store, person, output::DiscountKind::substitute,
                 quality(sc_.trust.substitute_quality));
        } else {
            ++st.period.counts.lost_sales;
            interact(v.household, store, quality(sc_.trust.lost_sale_quality), person, false);
            turned_away(visit);
        }
    }
    serve_next(position);
}

// ---- outcomes ---------------------------------------------------------------------------

double Simulation::price(std::uint32_t store, std::uint16_t category) const {
    return sc_.categories[category].price * stores_[store].price_index;
}

bool Simulation::in_stock(std::uint32_t store, std::uint16_t category) {
    if (sc_.stores[store].stock[category])
        return stock_[store * sc_.categories.size() + category] > 0;
    return random::bernoulli(outcome_rng_, stores_[store].availability);
}

std::int32_t Simulation::referral_target(const Visit& v, bool better_only) {
    // The competitor most likely to have it (then the nearest); for refer_better, only one
    // cheaper by more than the threshold and at least as likely to have it.
    const double t = clock_.now();
    const auto likely = [&](std::uint32_t s) {
        if (sc_.stores[s].stock[v.category])
            return stock_[s * sc_.categories.size() + v.category] > 0 ? 1.0 : 0.0;
        return stores_[s].availability;
    };
    const double own_price = price(v.store, v.category);
    const double own_likely = likely(v.store);
    const double threshold = sc_.stores[v.store].refer_better_threshold;
    std::int32_t best = -1;
    double best_likely = 0.0, best_km = 0.0;
    for (std::uint32_t s = 0; s < stores_.size(); ++s) {
        double km;
        if (s == v.store || !considers(s, v, t, km)) continue;
        const double p = likely(s);
        if (p <= 0.0) continue;
        if (better_only && (price(s, v.category) >= own_price * (1.0 - threshold) || p < own_likely))
            continue;
        if (best < 0 || p > best_likely || (p == best_likely && km < best_km))
            best = static_cast<std::int32_t>(s), best_likely = p, best_km = km;
    }
    return best;
}

void Simulation::take_from_stock(std::uint32_t store, std::uint16_t category) {
    const auto& policy = sc_.stores[store].stock[category];
    if (!policy) return;
    const std::size_t slot = store * sc_.categories.size() + category;
    --stock_[slot];
    if (stock_[slot] <= policy->reorder_point && on_order_[slot] == 0) {
        on_order_[slot] = policy->order_up_to - stock_[slot];
        clock_.schedule(clock_.now() + policy->lead_days, kRestock, static_cast<std::uint32_t>(slot));
    }
}

void Simulation::on_restock(std::uint32_t slot) {
    stock_[slot] += on_order_[slot];
    on_order_[slot] = 0;
}

void Simulation::sell(std::uint32_t visit, std::uint32_t store, std::int32_t person,
                      output::DiscountKind kind, double quality) {
    const double t = clock_.now();
    const Visit v = visits_[visit];
    visits_.remove(visit);
    auto& st = stores_[store];
    const auto& spec = sc_.stores[store];
    const double list = price(store, v.category);
    const bool holder =
        relations_.find(v.household, static_cast<std::uint16_t>(store)) != nullptr &&
        (relations_.find(v.household, static_cast<std::uint16_t>(store))->flags & Relation::kCardHolder);
    // The price paid: every discount that applies, named by the strongest.
    double paid = list, strongest = 0.0;
    const auto discount = [&](double d, output::DiscountKind k) {
        paid *= 1.0 - d;
        if (d > strongest) strongest = d, kind = k;
    };
    const bool sale = on_sale(store, t);
    if (sale) {
        discount(spec.sales.discount, output::DiscountKind::sale);
        ++st.period.counts.sale_purchases;
    }
    if (st.pricing == config::Pricing::price_match) {
        const double lowest = lowest_known_price(v, t);
        if (lowest < paid) discount(1.0 - lowest / paid, output::DiscountKind::price_match);
    }
    if (holder) discount(spec.card.discount, output::DiscountKind::card);
    if (v.coupon) {
        discount(spec.mail.coupon_discount, output::DiscountKind::coupon);
        ++st.period.counts.coupons;
    }
    const double unit_cost = spec.cost_ratio * sc_.categories[v.category].price;
    double takings = paid;
    int units = 1;
    if (sale && spec.sales.bogo_take_up > 0.0 && random::bernoulli(outcome_rng_, spec.sales.bogo_take_up)) {
        takings += paid * (1.0 - spec.sales.bogo_discount);
        units = 2;
        kind = output::DiscountKind::bogo;
    }
    if (spec.cross_sell_probability > 0.0 &&
        random::bernoulli(outcome_rng_, spec.cross_sell_probability)) {
        takings += spec.cross_sell_spend;
        st.period.money.cost_of_goods += spec.cost_ratio * spec.cross_sell_spend;
        ++st.period.counts.cross_sells;
    }
    ++st.period.counts.purchases;
    st.period.counts.units += units;
    st.period.money.revenue += takings;
    st.period.money.cost_of_goods += units * unit_cost;
    take_from_stock(store, v.category);
    interact(v.household, store, quality, person, true);
    need_ended(v.category, true);
    if (transactions_.enabled())
        transactions_.push({t, v.household, static_cast<std::int32_t>(store), v.category, person,
                            takings, kind});
    // At checkout, the card is offered to those who do not hold it.
    if (!holder && spec.card.offer_probability > 0.0 &&
        random::bernoulli(outcome_rng_, spec.card.offer_probability) &&
        random::bernoulli(outcome_rng_, spec.card.acceptance)) {
        relations_.get(v.household, static_cast<std::uint16_t>(store), 0.0f, t).flags |=
            Relation::kCardHolder;
        st.holders.push_back(v.household);
        ++st.period.counts.cards_issued;
    }
    // The fit is right with the server's expertise; a wrong one comes back.
    if (person >= 0 && !random::bernoulli(outcome_rng_, staff_.expertise(person, t))) {
        const std::uint32_t back = pending_.add({v.household, store, person, v.category, paid});
        clock_.schedule(t + sc_.needs.return_days, kReturn, back);
    }
}

void Simulation::on_mail(std::uint32_t store) {
    // A campaign to every card holder: each comes in with a coupon with the response
    // probability, for a category drawn by base rate.
    const double t = clock_.now();
    auto& st = stores_[store];
    const auto& mail = sc_.stores[store].mail;
    clock_.schedule(t + mail.every_days, kMail, store);
    if (!is_open(store, t)) return;
    st.period.counts.mail_pieces += static_cast<std::int64_t>(st.holders.size());
    st.period.money.marketing_cost += mail.cost_per_piece * static_cast<double>(st.holders.size());
    for (std::size_t k = 0; k < st.holders.size(); ++k) {
        if (!random::bernoulli(outcome_rng_, mail.response)) continue;
        const auto category = static_cast<std::uint16_t>(random_category());
        if (!sc_.stores[store].carries[category]) continue;
        ++st.period.counts.mail_responses;
        ++category_period_[category].needs;
        Visit v;
        v.household = st.holders[k];
        v.category = category;
        v.arrival = t;
        v.deadline = t + sc_.categories[category].deadline_days;
        v.coupon = mail.coupon_discount > 0.0;
        v.store = store;
        const std::uint32_t id = visits_.add(v);
        visit_stamps_.resize(visits_.capacity());
        // Responses spread over the days until the next campaign, not all at the door at once.
        clock_.schedule(t + random::uniform01(outcome_rng_) * mail.every_days, kMailVisit, id);
    }
}

void Simulation::on_mail_visit(std::uint32_t visit) {
    const Visit& v = visits_[visit];
    if (!is_open(v.store, clock_.now())) {
        need_ended(v.category, false);
        visits_.remove(visit);
        return;
    }
    arrive(visit, v.store);
}

std::size_t Simulation::random_category() {
    if (sc_.categories.size() == 1) return 0;
    double total = 0.0;
    for (const auto& c : sc_.categories) total += c.rate_per_year;
    double pick = random::uniform01(outcome_rng_) * total;
    std::size_t c = 0;
    while (c + 1 < sc_.categories.size() && pick >= sc_.categories[c].rate_per_year)
        pick -= sc_.categories[c++].rate_per_year;
    return c;
}

void Simulation::on_delivery(std::uint32_t order) {
    const PendingSale o = pending_[order];
    pending_.remove(order);
    auto& st = stores_[o.store];
    ++st.period.counts.purchases;
    ++st.period.counts.units;
    st.period.money.revenue += o.price;
    st.period.money.cost_of_goods += sc_.stores[o.store].cost_ratio * sc_.categories[o.category].price;
    interact(o.household, o.store, sc_.trust.purchase_quality, Relation::kNobody, true);
    need_ended(o.category, true);
    if (transactions_.enabled())
        transactions_.push({clock_.now(), o.household, static_cast<std::int32_t>(o.store), o.category,
                            o.salesperson, o.price, output::DiscountKind::special_order});
}

void Simulation::on_return(std::uint32_t pending) {
    const PendingSale r = pending_[pending];
    pending_.remove(pending);
    auto& st = stores_[r.store];
    ++st.period.counts.returns;
    st.period.money.revenue -= r.price;
    st.period.money.cost_of_goods -= sc_.stores[r.store].cost_ratio * sc_.categories[r.category].price;
    interact(r.household, r.store, sc_.trust.return_quality, Relation::kNobody, false);
}

void Simulation::turned_away(std::uint32_t visit) {
    Visit& v = visits_[visit];
    v.excluded |= bit(v.store);
    v.coupon = false;  // good only where it was mailed from
    const int tried = std::popcount(v.excluded) + (v.store >= 64 ? 1 : 0);
    if (tried < kMaxStores && clock_.now() < v.deadline &&
        random::bernoulli(outcome_rng_, sc_.needs.retry_probability)) {
        seek(visit);
        return;
    }
    need_ended(v.category, false);
    visits_.remove(visit);
}

void Simulation::need_ended(std::uint16_t category, bool met) {
    met ? ++category_period_[category].met : ++category_period_[category].unmet;
}

void Simulation::interact(std::uint32_t household, std::uint32_t store, double quality,
                          std::int32_t served_by, bool bought) {
    const double t = clock_.now();
    auto& st = stores_[store];
    // Trust, and the store's active-customer window, which tracks each active customer's trust.
    const auto today = static_cast<std::int32_t>(std::floor(t));
    st.active.advance(today);
    Relation& r = relations_.get(household, static_cast<std::uint16_t>(store),
                                 static_cast<float>(sc_.trust.initial), t);
    const bool was_active =
        r.purchase_day != Relation::kNoPurchase && st.active.is_active(r.purchase_day, today);
    if (was_active) st.active.remove(r.purchase_day, r.trust, r.trust_time);
    const bool recognised = served_by != Relation::kNobody && r.salesperson == served_by;
    const double gain =
        sc_.stores[store].trust_gain * (recognised ? 1.0 + sc_.trust.recognition_bonus : 1.0);
    double before = decayed_trust(r.trust, t - r.trust_time, decay_per_day_);
    if (r.salesperson != Relation::kNobody && !staff_.works_at(r.salesperson, store)) {
        // The person this trust was built with has gone: only the store's part remains.
        before *= sc_.trust.kappa_lost;
        r.salesperson = Relation::kNobody;
    }
    r.trust = static_cast<float>(std::min(1.0, updated_trust(before, quality, gain, sc_.trust.loss)));
    r.trust_time = Relation::stored_time(t);
    if (served_by != Relation::kNobody) r.salesperson = served_by;
    if (bought) r.purchase_day = today;
    if (bought || was_active) st.active.add(r.purchase_day, r.trust, r.trust_time);
    if (listener_) listener_->on_interaction({t, household, store, quality});
}

// ---- staff, timeline, periods -----------------------------------------------------------

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
    // Households who trust her follow with probability `followers`: their trust in the old
    // store, built with her, becomes trust in the new one. A one-off pass at the move.
    struct Follower {
        std::uint32_t household;
        double trust;
    };
    std::vector<Follower> followers;
    for (std::uint32_t h = 0; h < households_.size(); ++h)
        relations_.for_each(h, [&](const Relation& r) {
            if (r.store == old_store && r.salesperson == person &&
                random::bernoulli(staff_rng_, named.followers))
                followers.push_back({h, decayed_trust(r.trust, t - r.trust_time, decay_per_day_)});
        });
    auto& active = stores_[to_store].active;
    const auto today = static_cast<std::int32_t>(std::floor(t));
    active.advance(today);
    for (const auto& f : followers) {
        Relation& r = relations_.get(f.household, static_cast<std::uint16_t>(to_store),
                                     static_cast<float>(sc_.trust.initial), t);
        const bool is_active =
            r.purchase_day != Relation::kNoPurchase && active.is_active(r.purchase_day, today);
        if (is_active) active.remove(r.purchase_day, r.trust, r.trust_time);
        const double there = decayed_trust(r.trust, t - r.trust_time, decay_per_day_);
        r.trust = static_cast<float>(std::max(there, f.trust));
        r.trust_time = Relation::stored_time(t);
        r.salesperson = person;
        if (is_active) active.add(r.purchase_day, r.trust, r.trust_time);
    }
}

void Simulation::on_timeline(std::uint32_t index) {
    if (index & kShockEnds) {
        price_sensitivity_ = 1.0;
        return;
    }
    const auto& e = sc_.timeline[index];
    if (e.price_sensitivity) {
        price_sensitivity_ = *e.price_sensitivity;
        if (e.until_day < horizon_) clock_.schedule(e.until_day, kTimeline, index | kShockEnds);
        return;
    }
    auto& st = stores_[static_cast<std::uint32_t>(e.store)];
    if (e.mall) {
        const auto& mall = sc_.malls[static_cast<std::size_t>(*e.mall)];
        st.mall = *e.mall, st.x = mall.x, st.y = mall.y;
    }
    if (e.x) st.mall = -1, st.x = *e.x, st.y = *e.y;
    if (e.price_index) st.price_index = *e.price_index, st.log_price = std::log(*e.price_index);
    if (e.availability) st.availability = *e.availability;
    if (e.referral) st.referral = *e.referral;
    if (e.pricing) st.pricing = *e.pricing;
}

void Simulation::accrue_fixed_costs(std::uint32_t store, double from, double to) {
    // Staff and advertising cost while the store is open (its current mall's dates apply).
    const auto& spec = sc_.stores[store];
    double opens = spec.opens_day, closes = spec.closes_day;
    if (const int mall = stores_[store].mall; mall >= 0) {
        opens = std::max(opens, sc_.malls[static_cast<std::size_t>(mall)].opens_day);
        closes = std::min(closes, sc_.malls[static_cast<std::size_t>(mall)].closes_day);
    }
    const double days = std::max(0.0, std::min(to, closes) - std::max(from, opens));
    auto& money = stores_[store].period.money;
    money.staff_cost += days / config::kDaysPerYear * spec.staff * spec.staff_cost_per_year;
    money.marketing_cost += days / config::kDaysPerYear * spec.marketing_cost_per_year;
}

void Simulation::on_period_end(std::uint32_t bound) {
    const auto& bounds = sc_.simulation.period_bounds;
    const double t = clock_.now();
    const auto today = static_cast<std::int32_t>(std::floor(t));
    if (period_ >= 0 && bound > 0) {
        std::int64_t all_purchases = 0;
        for (const auto& st : stores_) all_purchases += st.period.counts.purchases;
        for (std::uint32_t s = 0; s < stores_.size(); ++s) {
            auto& st = stores_[s];
            st.active.advance(today);
            accrue_fixed_costs(s, bounds[bound - 1], t);
            output::StorePeriod row;
            row.period = period_;
            row.store = static_cast<std::int32_t>(s);
            row.counts = st.period.counts;
            row.money = st.period.money;
            row.card_holders = static_cast<std::int64_t>(st.holders.size());
            row.share = all_purchases ? static_cast<double>(row.counts.purchases) / all_purchases : 0.0;
            row.mean_wait_min = st.period.mean_wait();
            row.p95_wait_min = st.period.p95_wait();
            row.active_customers = st.active.count();
            row.mean_trust = st.active.mean_trust(t);
            record_.store_periods.push_back(row);
        }
        for (std::size_t c = 0; c < category_period_.size(); ++c) {
            auto row = category_period_[c];
            row.period = period_;
            row.category = static_cast<std::int32_t>(c);
            record_.category_periods.push_back(row);
        }
        ++period_;
    } else if (bound == 0) {
        period_ = 0;  // warm-up over (or none): metrics start now
    }
    for (auto& st : stores_) {
        st.period.reset();
        st.active.rebase(t);
    }
    for (auto& row : category_period_) row = {};
    if (bound + 1 < bounds.size())
        clock_.schedule(bounds[bound + 1], kPeriodEnd, bound + 1, 0, /*priority=*/1);
}

}  // namespace journeysim::model
