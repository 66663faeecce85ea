#include "journeysim/model/simulation.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/model/logit.hpp"
#include "journeysim/model/trust.hpp"
#include "journeysim/random/draws.hpp"
#include "simulation_internal.hpp"

// The simulation's life cycle, needs, choice, trust and periods. Queues and service, sales,
// campaigns and staff changes are in the simulation_*.cpp files beside this one.

namespace journeysim::model {

using detail::bit;

namespace {
constexpr std::uint32_t kShockEnds = 0x80000000u;  // timeline target flag

random::Engine seeded(records::ReplicationRecord& record, std::uint64_t seed,
                      std::int32_t replication, const char* stream) {
    const std::uint64_t s =
        random::stream_seed(seed, static_cast<std::uint64_t>(replication), stream);
    record.seeds.push_back({stream, s});
    return random::make_engine(s);
}
}  // namespace

Simulation::Simulation(const config::Scenario& sc, std::uint64_t seed, std::int32_t replication,
                       records::TransactionSink* transactions,
                       const SocialGraph* graph)
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
      population_rng_(seeded(record_, seed, replication, "population")),
      households_(make_households(sc, households_rng_)),
      population_(sc, households_, population_rng_),
      arrivals_(sc, population_),
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
      social_rng_(seeded(record_, seed, replication, "social")),
      platforms_rng_(seeded(record_, seed, replication, "platforms")),
      transactions_(transactions, replication) {
    record_.replication = replication;
    record_.referrals.assign(sc.stores.size() * sc.stores.size(), 0);
    const std::size_t categories = sc.categories.size();
    for (std::uint32_t s = 0; s < sc.stores.size(); ++s) {
        const auto& spec = sc.stores[s];
        auto& st = stores_[s];
        fronts_.push_back(make_storefront(sc, s));
        const double minutes = spec.service_minutes;
        service_times_.push_back(
            {spec.service_distribution == config::ServiceDistribution::exponential, 1.0 / minutes,
             random::LognormalMeanSd(minutes, spec.service_cv * minutes)});
        st.availability = spec.availability;
        st.referral = spec.referral;
        for (std::uint32_t c = 0; c < spec.campaigns.size(); ++c)
            clock_.schedule(std::max(0.0, spec.opens_day) + spec.campaigns[c].every_days,
                            kCampaign, campaign_target(s, c));
        st.assortment = spec.assortment;
        st.log_assortment = std::log(spec.assortment);
        st.range.assign(spec.carries.begin(), spec.carries.end());
        st.requested.assign(categories, 0);
        st.social = SocialPresence(spec.social_media, sc.timeline, static_cast<int>(s));
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
    start_social(graph, seed, replication);
    for (std::uint32_t i = 0; i < sc.timeline.size(); ++i)
        if (sc.timeline[i].day < horizon_) clock_.schedule(std::max(0.0, sc.timeline[i].day), kTimeline, i);
    schedule_need(0.0);
    clock_.schedule(sc.simulation.period_bounds.front(), kPeriodEnd, 0, 0, /*priority=*/1);
    population_.start(clock_, kPopulation);
}

void Simulation::advance_to(double t) {
    const bool was_finished = finished();
    clock_.run_until(std::min(t, horizon_), [this](const kernel::Event& e) { handle(e); });
    if (finished() && !was_finished) transactions_.finish();
}

void Simulation::handle(const kernel::Event& e) {
    switch (e.kind) {
        case kNeed:
            if (e.stamp == need_stamp_) on_need();
            break;
        case kPopulation: on_population(e); break;
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
        case kCampaign: on_campaign(e.target); break;
        case kCampaignVisit: on_campaign_visit(e.target); break;
        default:
            if (e.kind >= kPlatform) on_platform(e);
            break;
    }
    ++record_.events;
}

bool Simulation::is_open(std::uint32_t store, double t) const { return fronts_[store].is_open(t); }

void Simulation::schedule_need(double from) {
    // No candidates while nobody lives there; a household moving in redraws.
    if (arrivals_.candidate_rate() <= 0.0) return;
    const double t = from + random::exponential(needs_rng_, arrivals_.candidate_rate());
    // The candidate's need is drawn now rather than when it comes due, so that the misses
    // choose() takes on the household's traits and relations start a whole event early: all
    // of them at once, overlapping the events in between. Until then the population stays as
    // it is (any change draws a new candidate), so this is the need that would be drawn at t.
    next_need_ = arrivals_.draw(t, needs_rng_);
    if (next_need_) {
        households_.prefetch(next_need_->household);
        relations_.prefetch(next_need_->household);
        if (word_of_mouth_) word_of_mouth_->prefetch(next_need_->household);
    }
    clock_.schedule(t, kNeed, 0, need_stamp_);
}

void Simulation::on_need() {
    const double t = clock_.now();
    const auto need = next_need_;
    // Its newest relation block came in while the events before this one ran; the block after
    // it can now be fetched while the next candidate is drawn and the stores are weighed.
    if (need) relations_.prefetch_older(need->household);
    schedule_need(t);
    if (!need) return;
    ++category_period_[need->category].needs;
    ++category_period_[need->category].open;
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
        if (visits_[visit].excluded == 0) request_elsewhere(visits_[visit]);
        need_ended(visits_[visit].category, false);
        visits_.remove(visit);
        return;
    }
    arrive(visit, store);
}

bool Simulation::considers(std::uint32_t store, const Visit& v, double t, double& km) const {
    const Storefront& front = fronts_[store];
    if ((v.excluded & bit(store)) || stores_[store].range[v.category] <= 0.0 || !front.is_open(t))
        return false;
    km = 0.0;
    if (front.online) return true;
    const double dx = front.x - households_.x[v.household];
    const double dy = front.y - households_.y[v.household];
    km = std::sqrt(dx * dx + dy * dy);  // not hypot: no overflow to guard against here
    return km <= sc_.households.max_travel_km;
}

std::uint32_t Simulation::choose(const Visit& v, double t) {
    // U_hs = asc + b_assort log(assortment) - b_price log(price index) - b_dist km
    //        + amenity [children] + b_rel kappa trust + b_card [holder]
    //        - b_price log(1 - relief) [may finance]
    //        + [aware of a sale] (b_promo - b_price log(1 - discount))
    //        + b_wom omega + [reads reviews] b_review (rating - mean rating)   (docs/model.md)
    // over the stores h knows of.
    const std::uint32_t h = v.household;
    const bool social = word_of_mouth_ || !media_.empty();
    const double price_weight = households_.price_weight[h] * price_sensitivity_;
    const bool has_children = households_.children[h] > 0;
    bool any_sale = false;
    for (std::uint32_t s = 0; s < stores_.size(); ++s) {
        double km;
        utility_[s] = kNotConsidered;
        if (!considers(s, v, t, km)) continue;
        // One look at what h has heard of s serves awareness and the opinion term.
        const Hearsay heard = word_of_mouth_ ? word_of_mouth_->heard(h, s) : Hearsay{};
        if (!knows(h, s, heard)) continue;
        const Storefront& front = fronts_[s];
        const double log_assortment = stores_[s].log_assortment;  // listening moves it
        utility_[s] = front.static_utility + households_.assortment_weight[h] * log_assortment -
                      price_weight * front.log_price - households_.distance_weight[h] * km +
                      (has_children ? front.amenity : 0.0);
        if (front.relief_for_all) utility_[s] -= price_weight * front.log_relief;
        if (social) utility_[s] += social_utility(h, s, heard);
        // Newspaper ads reach some households; card holders hear by mail (below).
        const bool sale = on_sale(s, t);
        aware_[s] = sale && random::bernoulli(choice_rng_, sc_.stores[s].sales.ad_reach);
        any_sale |= sale;
        if (front.pricing == config::Pricing::price_match) {
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
        if (has_relationship(h, r.store, t))
            utility_[r.store] += trust_weight * kappa * trust_now(r, t);
        if (r.flags & Relation::kCardHolder) {
            utility_[r.store] += sc_.choice.card;
            const Storefront& front = fronts_[r.store];
            if (front.relief_for_holders) utility_[r.store] -= price_weight * front.log_relief;
            aware_[r.store] |= any_sale && on_sale(r.store, t);
        }
    });
    if (any_sale) {
        for (std::uint32_t s = 0; s < stores_.size(); ++s)
            if (aware_[s] && utility_[s] != kNotConsidered)
                utility_[s] += sc_.choice.promo - price_weight * fronts_[s].log_sale;
    }
    const std::size_t chosen = choose_logit(utility_, weight_, random::uniform01(choice_rng_));
    return chosen == stores_.size() ? kNone : static_cast<std::uint32_t>(chosen);
}

bool Simulation::on_sale(std::uint32_t store, double t) const {
    if (fronts_[store].pricing != config::Pricing::high_low) return false;
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

void Simulation::need_ended(std::uint16_t category, bool met) {
    auto& row = category_period_[category];
    met ? ++row.met : ++row.unmet;
    --row.open;
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
    if (was_active) st.active.remove(r.purchase_day, r.trust, trust_clock(store, r.trust_time));
    const bool recognised = served_by != Relation::kNobody && r.salesperson == served_by;
    const double gain =
        sc_.stores[store].trust_gain * (recognised ? 1.0 + sc_.trust.recognition_bonus : 1.0);
    double before = trust_now(r, t);
    if (r.salesperson != Relation::kNobody && !staff_.works_at(r.salesperson, store)) {
        // The person this trust was built with has gone: only the store's part remains.
        before *= sc_.trust.kappa_lost;
        r.salesperson = Relation::kNobody;
    }
    r.trust = static_cast<float>(std::min(1.0, updated_trust(before, quality, gain, sc_.trust.loss)));
    r.trust_time = Relation::stored_time(t);
    if (served_by != Relation::kNobody) r.salesperson = served_by;
    if (bought && r.purchase_day == Relation::kNoPurchase) st.customers.push_back(household);
    if (bought) r.purchase_day = today;
    if (bought || was_active) st.active.add(r.purchase_day, r.trust, trust_clock(store, r.trust_time));
    post_review(household, store, quality);
    const Interaction told{t, household, store, quality};
    if (word_of_mouth_) word_of_mouth_->on_interaction(told);
    if (listener_) listener_->on_interaction(told);
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
    const auto store = static_cast<std::uint32_t>(e.store);
    auto& st = stores_[store];
    Storefront& front = fronts_[store];
    if (e.mall) {
        const auto& mall = sc_.malls[static_cast<std::size_t>(*e.mall)];
        set_place(front, sc_, store, *e.mall, mall.x, mall.y);
    }
    if (e.x) set_place(front, sc_, store, -1, *e.x, *e.y);
    if (e.price_index)
        front.price_index = *e.price_index, front.log_price = std::log(*e.price_index);
    if (e.availability) st.availability = *e.availability;
    if (e.referral) st.referral = *e.referral;
    if (e.pricing) front.pricing = *e.pricing;
}

void Simulation::accrue_fixed_costs(std::uint32_t store, double from, double to) {
    // Staff and advertising cost while the store is open (its current mall's dates apply).
    const auto& spec = sc_.stores[store];
    const Storefront& front = fronts_[store];
    const double days =
        std::max(0.0, std::min(to, front.closes_day) - std::max(from, front.opens_day));
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
        const double years = (t - bounds[bound - 1]) / config::kDaysPerYear;
        for (std::uint32_t s = 0; s < stores_.size(); ++s) {
            auto& st = stores_[s];
            st.active.advance(today);
            accrue_fixed_costs(s, bounds[bound - 1], t);
            learn_from_period(s, years);
            records::StorePeriod row;
            row.period = period_;
            row.store = static_cast<std::int32_t>(s);
            row.counts = st.period.counts;
            row.money = st.period.money;
            row.card_holders = static_cast<std::int64_t>(st.holders.size()) - st.holders_gone;
            row.share = all_purchases ? static_cast<double>(row.counts.purchases) / all_purchases : 0.0;
            row.mean_wait_min = st.period.mean_wait();
            row.p95_wait_min = st.period.p95_wait();
            row.active_customers = st.active.count();
            row.mean_trust = st.active.mean_trust(trust_clock(s, t));
            row.rating = st.ratings ? st.rating_stars / static_cast<double>(st.ratings) : std::nan("");
            row.availability = st.availability;
            row.assortment = st.assortment;
            record_.store_periods.push_back(row);
        }
        for (std::uint32_t i = 0; i < platforms_.size(); ++i)
            record_.platform_periods.push_back({period_, static_cast<std::int32_t>(i),
                                                platforms_[i].audience(), platforms_[i].adopters()});
        for (std::size_t c = 0; c < category_period_.size(); ++c) {
            auto row = category_period_[c];
            row.period = period_;
            row.category = static_cast<std::int32_t>(c);
            record_.category_periods.push_back(row);
        }
        record_.population_periods.push_back(population_row());
        ++period_;
    } else if (bound == 0) {
        period_ = 0;  // warm-up over (or none): metrics start now
    }
    for (std::uint32_t s = 0; s < stores_.size(); ++s) {
        stores_[s].period.reset();
        std::fill(stores_[s].requested.begin(), stores_[s].requested.end(), 0);
        stores_[s].active.rebase(trust_clock(s, t));
    }
    population_.reset_counts();
    for (auto& row : category_period_) {
        const std::int64_t open = row.open;
        row = {};
        row.carried_in = row.open = open;
    }
    if (bound + 1 < bounds.size())
        clock_.schedule(bounds[bound + 1], kPeriodEnd, bound + 1, 0, /*priority=*/1);
}

}  // namespace journeysim::model
