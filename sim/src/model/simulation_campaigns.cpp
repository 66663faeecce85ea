// Campaigns: direct mail to card holders, a salesperson's outreach to customers, and the
// visits they bring.
#include "journeysim/model/simulation.hpp"
#include "journeysim/model/relations.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

void Simulation::on_campaign(std::uint32_t target) {
    // Each member of the audience is contacted with the campaign's reach; a contact moves
    // trust by the campaign's quality (mail: not at all) and comes in to buy with the
    // response probability, for a category drawn by base rate, some day before the next
    // campaign.
    const double t = clock_.now();
    const std::uint32_t store = target & 0xFFFFu;
    const auto& campaign = sc_.stores[store].campaigns[target >> 16];
    auto& st = stores_[store];
    clock_.schedule(t + campaign.every_days, kCampaign, target);
    if (!is_open(store, t)) return;
    // Copied: interactions below may add customers to the list being walked.
    const std::vector<std::uint32_t> audience = campaign.to_card_holders ? st.holders : st.customers;
    for (const std::uint32_t h : audience) {
        if (!population_.present(h)) continue;  // moved away: no longer reached
        if (campaign.reach < 1.0 && !random::bernoulli(outcome_rng_, campaign.reach)) continue;
        ++st.period.counts.contacts;
        st.period.money.marketing_cost += campaign.cost_per_contact;
        if (campaign.quality != 0.0) interact(h, store, campaign.quality, Relation::kNobody, false);
        if (!random::bernoulli(outcome_rng_, campaign.response)) continue;
        const auto category = static_cast<std::uint16_t>(random_category());
        if (st.range[category] <= 0.0) continue;
        ++st.period.counts.responses;
        ++category_period_[category].needs;
        ++category_period_[category].open;
        Visit v;
        v.household = h;
        v.category = category;
        v.arrival = t;
        v.deadline = t + sc_.categories[category].deadline_days;
        v.coupon = static_cast<float>(campaign.coupon_discount);
        v.store = store;
        const std::uint32_t id = visits_.add(v);
        visit_stamps_.resize(visits_.capacity());
        // Responses spread over the days until the next campaign, not all at the door at once.
        clock_.schedule(t + random::uniform01(outcome_rng_) * campaign.every_days, kCampaignVisit, id);
    }
}

void Simulation::on_campaign_visit(std::uint32_t visit) {
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

}  // namespace journeysim::model
