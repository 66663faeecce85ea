#include "journeysim/model/world.hpp"

#include <algorithm>

#include <cmath>

#include "journeysim/model/event_kinds.hpp"

namespace journeysim::model {

namespace {

StoreState initial_state(const config::Scenario& sc, std::uint32_t s, const Staff& staff,
                         double decay_per_day) {
    const auto& spec = sc.stores[s];
    StoreState st;
    st.availability = spec.availability;
    st.referral = spec.referral;
    st.assortment = spec.assortment;
    st.log_assortment = std::log(spec.assortment);
    st.range.assign(spec.carries.begin(), spec.carries.end());
    st.requested.assign(sc.categories.size(), 0);
    st.social = SocialPresence(spec.social_media, sc.timeline, static_cast<int>(s));
    const std::uint32_t first = staff.first_position(s);
    for (std::uint32_t k = static_cast<std::uint32_t>(spec.staff); k-- > 0;)
        st.idle.push_back(first + k);
    st.staffed.change(spec.staff, 0.0);
    st.active = ActiveCustomers(decay_per_day);
    return st;
}

ServiceTime service_time(const config::Store& spec) {
    const double minutes = spec.service_minutes;
    return {spec.service_distribution == config::ServiceDistribution::exponential,
            1.0 / minutes, random::LognormalMeanSd(minutes, spec.service_cv * minutes)};
}

}  // namespace

World::World(const config::Scenario& scenario, RunStreams& streams, const SocialGraph* given)
    : sc(scenario),
      decay_per_day(scenario.trust.decay_per_year / config::kDaysPerYear),
      households(make_households(scenario, streams.households)),
      population(scenario, households, streams.population),
      arrivals(scenario, population, households),
      relations(households.size()),
      staff(scenario),
      serving(staff.positions(), kNone),
      leaving(staff.positions(), kStaying),
      personal(staff.positions()),
      on_duty(staff.positions(), 1),
      stock(scenario.stores.size() * scenario.categories.size(), 0),
      on_order(stock.size(), 0),
      category_period(scenario.categories.size()),
      store_category(stock.size()),
      visits_salt(streams.visits_salt),
      shopping(scenario),
      store_hours(scenario.stores.size(), scenario.simulation.period_bounds.front()),
      awareness_salt(streams.awareness_salt) {
    for (std::uint32_t s = 0; s < sc.stores.size(); ++s) {
        const auto& spec = sc.stores[s];
        stores.push_back(initial_state(sc, s, staff, decay_per_day));
        fronts.push_back(make_storefront(sc, s));
        rosters.emplace_back(spec);
        service_times.push_back(service_time(spec));
        for (std::uint16_t c = 0; c < sc.categories.size(); ++c)
            if (spec.stock[c]) stock[stock_slot(s, c)] = spec.stock[c]->order_up_to;
    }
    market.assign(sc.stores.size(), 0);
    for (std::uint32_t m = 0; m < sc.markets.size(); ++m)
        for (const int s : sc.markets[m].stores) market[static_cast<std::size_t>(s)] = m;
    choice_terms = model::choice_terms(*this);
    if (std::any_of(sc.towns.begin(), sc.towns.end(),
                    [](const config::Town& town) { return town.travel_speed_kmh.has_value(); }))
        for (const auto& town : sc.towns)
            town_speed.push_back(town.travel_speed_kmh.value_or(sc.households.travel_speed_kmh));
    for (const auto& front : fronts) keeps_hours |= front.hours != nullptr;
    for (const auto& mall : sc.malls) keeps_hours |= mall.hours.has_value();  // a store may move in
    const auto& social = sc.social;
    const bool wom =
        social.graph.kind != config::GraphKind::none && social.word_of_mouth.p_tell > 0.0;
    if (!wom && social.platforms.empty()) return;  // no graph needed: none is built
    if (given && sc.population.living)
        own_graph = *given;  // new households link into it: this run's own copy
    else if (given)
        graph = given;
    else {  // x and y as columns while the graph is built, then gone
        const std::vector<float> x = households.column(&Traits::x);
        const std::vector<float> y = households.column(&Traits::y);
        own_graph =
            build_social_graph(social.graph, Placement{x, y, households.town}, {}, streams.social);
    }
    if (!social.platforms.empty()) media.assign(households.size(), 0);
    if (wom) {
        word_of_mouth.emplace(*graph, social.word_of_mouth, store_count(), streams.social);
        word_of_mouth->set_social_media_users(media);
    }
    for (std::uint32_t i = 0; i < social.platforms.size(); ++i) {
        const auto& p = social.platforms[i];
        platforms.emplace_back(*graph, p.innovation / config::kDaysPerYear,
                               p.imitation / config::kDaysPerYear, kPlatform + i,
                               streams.platforms);
    }
}

std::uint32_t World::open_need(std::uint32_t household, std::uint16_t category, double t,
                               std::uint64_t key) {
    ++category_period[category].needs;
    ++category_period[category].open;
    Visit v;
    v.household = household;
    v.category = category;
    v.arrival = t;
    v.deadline = t + sc.categories[category].deadline_days;
    v.draws = random::VisitDraws(visits_salt, key);
    const std::uint32_t id = visits.add(v);
    visit_stamps.resize(visits.capacity());
    return id;
}

void World::end_need(std::uint16_t category, bool met) {
    auto& row = category_period[category];
    met ? ++row.met : ++row.unmet;
    --row.open;
}

}  // namespace journeysim::model
