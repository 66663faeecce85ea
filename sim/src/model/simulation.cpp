#include "journeysim/model/simulation.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/model/event_kinds.hpp"
#include "journeysim/model/periods.hpp"
#include "journeysim/model/social_effects.hpp"
#include "journeysim/model/stock.hpp"
#include "journeysim/model/trust.hpp"
#include "journeysim/random/draws.hpp"

// The simulation's life cycle, needs and their way through stores, trust, the timeline and
// periods. Queues and service, sales, campaigns, staff changes and the living population are
// in the simulation_*.cpp files beside this one.

namespace journeysim::model {

namespace {
constexpr std::uint32_t kShockEnds = 0x80000000u;  // timeline target flag
}  // namespace

Simulation::Simulation(const config::Scenario& sc, std::uint64_t seed, std::int32_t replication,
                       records::TransactionSink* transactions, const SocialGraph* graph)
    : sc_(sc),
      record_(),
      horizon_(sc.simulation.horizon_days()),
      streams_(seed, replication, record_.seeds),
      world_(sc, streams_, graph),
      choice_scratch_(sc.stores.size()),
      transactions_(transactions, replication) {
    record_.replication = replication;
    record_.referrals.assign(sc.stores.size() * sc.stores.size(), 0);
    start();
}

void Simulation::start() {
    for (std::uint32_t s = 0; s < sc_.stores.size(); ++s) {
        const auto& spec = sc_.stores[s];
        const double opens = std::max(0.0, spec.opens_day);
        for (std::uint32_t c = 0; c < spec.campaigns.size(); ++c)
            clock_.schedule(opens + spec.campaigns[c].every_days, kCampaign, campaign_target(s, c));
        if (world_.rosters[s].active()) on_roster(s);
        const std::uint32_t first = world_.staff.first_position(s);
        for (std::uint32_t k = 0; k < static_cast<std::uint32_t>(spec.staff); ++k) {
            if (k < spec.salespeople.size()) {
                const auto person = static_cast<std::uint32_t>(world_.staff.holder(first + k));
                const auto& named = spec.salespeople[k];
                if (named.retires_day < horizon_)
                    clock_.schedule(std::max(0.0, named.retires_day), kRetire, person);
                if (named.moves_to >= 0 && named.moves_day < horizon_)
                    clock_.schedule(std::max(0.0, named.moves_day), kMove, person);
            } else if (spec.turnover_per_year > 0.0) {
                const double rate = spec.turnover_per_year / config::kDaysPerYear;
                clock_.schedule(opens + random::exponential(streams_.staff, rate), kTurnover,
                                first + k);
            }
        }
    }
    // Platforms: ages at the launch decide who is in each one's audience.
    std::vector<std::uint8_t> band(world_.platforms.empty() ? 0 : world_.households.size());
    for (std::uint32_t i = 0; i < world_.platforms.size(); ++i) {
        const auto& p = sc_.social.platforms[i];
        if (p.launch_day >= horizon_) continue;
        const double launch = std::max(0.0, p.launch_day);
        for (std::uint32_t h = 0; h < band.size(); ++h)
            band[h] = world_.households.age_band(h, launch);
        // Launched before the start: as many have adopted as Bass's F gives for its age. With
        // no graph nobody imitates, now or before: by innovation alone, so that the curve
        // goes on from day 0 without a kink.
        const double imitation =
            sc_.social.graph.kind == config::GraphKind::none ? 0.0 : p.imitation;
        const double adopted =
            p.launch_day < 0.0 && p.innovation > 0.0
                ? bass_fraction(p.innovation, imitation, -p.launch_day / config::kDaysPerYear)
                : 0.0;
        auto& platform = world_.platforms[i];
        platform.launch(clock_, launch, draw_audience(band, p.audience, streams_.platforms),
                        adopted);
        if (adopted > 0.0)
            for (std::uint32_t h = 0; h < band.size(); ++h)
                if (platform.adopted(h)) use_platform(world_, h, i);
    }
    for (std::uint32_t i = 0; i < sc_.timeline.size(); ++i)
        if (sc_.timeline[i].day < horizon_)
            clock_.schedule(std::max(0.0, sc_.timeline[i].day), kTimeline, i);
    schedule_need(0.0);
    clock_.schedule(sc_.simulation.period_bounds.front(), kPeriodEnd, 0, 0, /*priority=*/1);
    world_.population.start(clock_, kPopulation);
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
        case kRetire: {
            const auto person = static_cast<std::int32_t>(e.target);
            if (const std::int32_t p = world_.staff.position_of(person); p >= 0)
                on_turnover(static_cast<std::uint32_t>(p));
            break;
        }
        case kMove: on_move(e.target); break;
        case kRestock: restock(world_, e.target); break;
        case kReturn: on_return(e.target); break;
        case kDelivery: on_delivery(e.target); break;
        case kTimeline: on_timeline(e.target); break;
        case kCampaign: on_campaign(e.target); break;
        case kCampaignVisit: on_campaign_visit(e.target); break;
        case kRoster: on_roster(e.target); break;
        case kTrip: arrive(e.target, world_.visits[e.target].store); break;
        case kSeekAgain: seek(e.target); break;
        default:
            if (e.kind >= kPlatform) on_platform(e);
            break;
    }
    ++record_.events;
}

void Simulation::schedule_need(double from) {
    // No candidates while nobody lives there; a household moving in redraws.
    const double rate = world_.arrivals.candidate_rate() * world_.shopping.candidates_per_need();
    if (rate <= 0.0) return;
    const double gap = random::exponential(streams_.needs, rate);
    // With a rhythm the gap is in shopping time (model/shopping_hours.hpp).
    const ShoppingClock* clock = world_.shopping.needs();
    const double t =
        clock ? std::max(from, clock->clock_time(clock->shopping_time(from) + gap)) : from + gap;
    // The candidate's need is drawn now rather than when it comes due, so that the misses
    // choose_store() takes on the household's traits and relations start a whole event early:
    // all of them at once, overlapping the events in between. Until then the population stays
    // as it is (any change draws a new candidate), so this is the need that would be drawn at t.
    next_need_ = world_.arrivals.draw(t, streams_.needs);
    if (next_need_ && world_.shopping.by_town() &&  // its town shops less than the envelope at t
        !random::bernoulli(streams_.needs,
                           world_.shopping.keep(world_.households.town[next_need_->household], t)))
        next_need_.reset();
    if (next_need_) {
        world_.households.prefetch(next_need_->household);
        world_.relations.prefetch(next_need_->household);
        if (world_.word_of_mouth) world_.word_of_mouth->prefetch(next_need_->household);
    }
    clock_.schedule(t, kNeed, 0, need_stamp_);
}

void Simulation::on_need() {
    const double t = clock_.now();
    const auto need = next_need_;
    // Its newest relation block came in while the events before this one ran; the block after
    // it can now be fetched while the next candidate is drawn and the stores are weighed.
    if (need) world_.relations.prefetch_older(need->household);
    schedule_need(t);
    if (!need) return;
    seek(world_.open_need(need->household, need->category, t, needs_opened_++));
}

void Simulation::seek(std::uint32_t visit) {
    const double t = clock_.now();
    Visit& v = world_.visits[visit];
    const std::uint32_t store = choose_store(world_, v, t, v.draws, choice_scratch_);
    if (store == kNone && world_.keeps_hours) {  // closed now: seek again when one opens?
        if (const double at = seek_again_time(world_, v, t, v.draws); at < config::kNever) {
            clock_.schedule(at, kSeekAgain, visit);
            return;
        }
    }
    if (store == kNone) {  // no open store within reach carries it
        if (v.excluded == 0) request_elsewhere(world_, v, t, streams_.social);
        world_.end_need(v.category, false);
        world_.visits.remove(visit);
        return;
    }
    travel(visit, store);
}

void Simulation::interact(std::uint32_t household, std::uint32_t store, double quality,
                          std::int32_t served_by, bool bought) {
    const double t = clock_.now();
    record_interaction(world_, household, store, quality, served_by, bought, t);
    post_review(world_, household, store, quality, streams_.social);
    const Interaction told{t, household, store, quality};
    if (world_.word_of_mouth) world_.word_of_mouth->on_interaction(told);
    if (listener_) listener_->on_interaction(told);
}

void Simulation::on_timeline(std::uint32_t index) {
    if (index & kShockEnds) {
        world_.price_sensitivity = 1.0;
        return;
    }
    const auto& e = sc_.timeline[index];
    if (e.price_sensitivity) {
        world_.price_sensitivity = *e.price_sensitivity;
        if (e.until_day < horizon_) clock_.schedule(e.until_day, kTimeline, index | kShockEnds);
        return;
    }
    const auto store = static_cast<std::uint32_t>(e.store);
    auto& st = world_.stores[store];
    Storefront& front = world_.fronts[store];
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
    world_.choice_terms = choice_terms(world_);
}

void Simulation::on_period_end(std::uint32_t bound) {
    const auto& bounds = sc_.simulation.period_bounds;
    const double t = clock_.now();
    const auto today = static_cast<std::int32_t>(std::floor(t));
    if (period_ >= 0 && bound > 0) {
        std::vector<std::int64_t> market_purchases(world_.market_count(), 0);
        for (std::uint32_t s = 0; s < world_.store_count(); ++s)
            market_purchases[world_.market[s]] += world_.stores[s].period.counts.purchases;
        const double years = (t - bounds[bound - 1]) / config::kDaysPerYear;
        for (std::uint32_t s = 0; s < world_.store_count(); ++s) {
            world_.stores[s].active.advance(today);
            accrue_fixed_costs(world_, s, bounds[bound - 1], t);
            learn_from_period(world_, s, years, t);
            record_.store_periods.push_back(
                store_period_row(world_, s, period_, t, market_purchases[world_.market[s]]));
        }
        for (std::uint32_t i = 0; i < world_.platforms.size(); ++i)
            record_.platform_periods.push_back({period_, static_cast<std::int32_t>(i),
                                                world_.platforms[i].audience(),
                                                world_.platforms[i].adopters()});
        for (std::uint32_t s = 0; s < world_.store_count(); ++s)
            for (std::uint16_t c = 0; c < sc_.categories.size(); ++c) {
                auto row = world_.sales_of(s, c);
                row.period = period_;
                row.store = static_cast<std::int32_t>(s);
                row.category = c;
                record_.store_category_periods.push_back(row);
            }
        for (std::uint32_t s = 0; s < world_.store_count(); ++s)
            world_.store_hours.measured(s, world_.fronts[s], bounds[bound - 1], t);
        for (std::size_t c = 0; c < world_.category_period.size(); ++c) {
            auto row = world_.category_period[c];
            row.period = period_;
            row.category = static_cast<std::int32_t>(c);
            record_.category_periods.push_back(row);
        }
        record_.population_periods.push_back(population_row(world_, period_));
        ++period_;
        if (bound + 1 == bounds.size()) {  // the last: the hours of the week, over all periods
            std::vector<int> staff;
            for (const auto& spec : sc_.stores) staff.push_back(spec.staff);
            record_.store_hours = world_.store_hours.rows(staff);
        }
    } else if (bound == 0) {
        period_ = 0;  // warm-up over (or none): metrics start now
    }
    start_period(world_, t);
    if (bound + 1 < bounds.size())
        clock_.schedule(bounds[bound + 1], kPeriodEnd, bound + 1, 0, /*priority=*/1);
}

}  // namespace journeysim::model
