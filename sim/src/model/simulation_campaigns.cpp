// Campaigns: direct mail to card holders, a salesperson's outreach to customers, and the
// visits they bring.
#include <vector>

#include "journeysim/model/event_kinds.hpp"
#include "journeysim/model/simulation.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

namespace {
// A category drawn by its base rate.
std::uint16_t random_category(const config::Scenario& sc, random::Engine& engine) {
    if (sc.categories.size() == 1) return 0;
    double total = 0.0;
    for (const auto& c : sc.categories) total += c.rate_per_year;
    double pick = random::uniform01(engine) * total;
    std::size_t c = 0;
    while (c + 1 < sc.categories.size() && pick >= sc.categories[c].rate_per_year)
        pick -= sc.categories[c++].rate_per_year;
    return static_cast<std::uint16_t>(c);
}
}  // namespace

void Simulation::on_campaign(std::uint32_t target) {
    // Each member of the audience is contacted with the campaign's reach; a contact moves
    // trust by the campaign's quality (mail: not at all) and comes in to buy with the
    // response probability, for a category drawn by base rate, some day before the next
    // campaign.
    const double t = clock_.now();
    const std::uint32_t store = campaign_store(target);
    const auto& campaign = sc_.stores[store].campaigns[campaign_index(target)];
    auto& st = world_.stores[store];
    clock_.schedule(t + campaign.every_days, kCampaign, target);
    if (!world_.fronts[store].in_business(t)) return;  // mail goes out at any hour
    // Copied: interactions below may add customers to the list being walked.
    const std::vector<std::uint32_t> audience =
        campaign.to_card_holders ? st.holders : st.customers;
    auto& rng = streams_.campaigns;
    for (const std::uint32_t h : audience) {
        if (!world_.population.present(h)) continue;  // moved away: no longer reached
        if (campaign.reach < 1.0 && !random::bernoulli(rng, campaign.reach)) continue;
        ++st.period.counts.contacts;
        st.period.money.marketing_cost += campaign.cost_per_contact;
        if (campaign.quality != 0.0) interact(h, store, campaign.quality, Relation::kNobody, false);
        if (!random::bernoulli(rng, campaign.response)) continue;
        const std::uint16_t category = random_category(sc_, rng);
        if (st.range[category] <= 0.0) continue;
        ++st.period.counts.responses;
        // Numbered apart from the needs households find themselves, whose numbers (and so
        // whose draws) stay the same however many campaign visits a policy brings.
        const std::uint32_t id =
            world_.open_need(h, category, t, kCampaignNeed | campaign_needs_++);
        Visit& v = world_.visits[id];
        v.coupon = static_cast<float>(campaign.coupon_discount);
        v.store = store;
        // Responses spread over the days until the next campaign, not all at the door at once.
        clock_.schedule(t + random::uniform01(rng) * campaign.every_days, kCampaignVisit, id);
    }
}

void Simulation::on_campaign_visit(std::uint32_t visit) {
    const Visit& v = world_.visits[visit];
    if (!world_.fronts[v.store].in_business(clock_.now())) {  // closed at night: arrive() waits
        world_.end_need(v.category, false);
        world_.visits.remove(visit);
        return;
    }
    arrive(visit, v.store);
}

}  // namespace journeysim::model
