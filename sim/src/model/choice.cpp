#include "journeysim/model/choice.hpp"

#include <cmath>

#include "journeysim/model/logit.hpp"
#include "journeysim/model/pricing.hpp"
#include "journeysim/model/social_effects.hpp"
#include "journeysim/model/trust.hpp"
#include "journeysim/model/world.hpp"

namespace journeysim::model {

ChoiceTerms choice_terms(const World& world) {
    ChoiceTerms terms;
    for (std::uint32_t s = 0; s < world.store_count(); ++s) {
        const Storefront& front = world.fronts[s];
        terms.awareness |= world.sc.stores[s].awareness < 1.0;
        // Pricing other than these never puts a sale on (sale_on) nor matches a price.
        terms.policies |= front.pricing == config::Pricing::high_low ||
                          front.pricing == config::Pricing::price_match || front.relief_for_all;
        terms.online |= world.sc.stores[s].type == config::StoreType::online;
    }
    return terms;
}

namespace {

// considers(), inlined where choose_store weighs every store: as a call per store it took a
// fifth of choose_store's instructions on the reduced model (callgrind, docs/performance.md).
// kNow: the store must also be within its weekly hours at t (choice); else any hour will do
// (a referral, the prices a household knows, waiting for a store to open).
template <bool kNow>
[[gnu::always_inline]] inline bool within_reach(const World& world, std::uint32_t store,
                                                const Visit& v, double t, double& km) {
    const Storefront& front = world.fronts[store];
    if ((v.excluded & Visit::bit(store)) || world.stores[store].range[v.category] <= 0.0 ||
        !front.in_business(t) || (kNow && !front.in_hours(t)))
        return false;
    km = 0.0;
    if (front.online) return true;
    const Traits& home = world.households[v.household];
    const double dx = front.x - home.x;
    const double dy = front.y - home.y;
    km = std::sqrt(dx * dx + dy * dy);  // not hypot: no overflow to guard against here
    return km <= world.sc.households.max_travel_km;
}

}  // namespace

bool considers(const World& world, std::uint32_t store, const Visit& v, double t, double& km) {
    return within_reach<false>(world, store, v, t, km);
}

bool comes_in_time(const World& world, std::uint32_t store, const Visit& v, double t) {
    return !world.fronts[store].online || t + world.sc.stores[store].delivery_days <= v.deadline;
}

bool knows(const World& world, std::uint32_t household, std::uint32_t store,
           const Hearsay& heard) {
    const double share = world.sc.stores[store].awareness;
    if (share >= 1.0) return true;
    // One fixed draw per (household, store) says whether it knew the store from the start:
    // no state, and the same answer every time it is asked.
    const std::uint64_t key = world.awareness_salt ^ (std::uint64_t{household} << 16 | store);
    if (static_cast<double>(random::mix(key) >> 11) * 0x1.0p-53 < share) return true;
    if (heard.aware) return true;
    return world.relations.find(household, static_cast<std::uint16_t>(store)) != nullptr;
}

std::uint32_t choose_store(const World& world, const Visit& v, double t,
                           random::VisitDraws& draws, ChoiceScratch& scratch) {
    // U_hs = asc + b_assort log(assortment) - b_price log(price index) - b_dist km
    //        + amenity [children] + b_rel kappa trust + b_card [holder]
    //        - b_price log(1 - relief) [may finance]
    //        + [aware of a sale] (b_promo - b_price log(1 - discount))
    //        + b_wom omega + [reads reviews] b_review (rating - mean rating)
    //        - b_time km / speed [with a travel speed]
    //        - b_delivery delivery_days [online; none arriving after the deadline] (docs/model.md)
    // over the stores h knows of.
    const auto& sc = world.sc;
    const Traits& traits = world.households[v.household];
    auto& utility = scratch.utility;
    auto& aware = scratch.aware;
    const std::uint32_t h = v.household;
    const bool social = world.word_of_mouth || !world.media.empty();
    const ChoiceTerms terms = world.choice_terms;
    const double price_weight = traits.price_weight * world.price_sensitivity;
    // b_time per hour of travel, as utility per km (0 without a speed: the same sums).
    const double speed = world.travel_speed(h);
    const double time_per_km = speed > 0.0 ? sc.choice.time / speed : 0.0;
    const bool has_children = traits.children > 0;
    bool any_sale = false;
    for (std::uint32_t s = 0; s < world.store_count(); ++s) {
        double km;
        utility[s] = kNotConsidered;
        if (!within_reach<true>(world, s, v, t, km)) continue;
        // One look at what h has heard of s serves awareness and the opinion term.
        const Hearsay heard = world.word_of_mouth ? world.word_of_mouth->heard(h, s) : Hearsay{};
        if (terms.awareness && !knows(world, h, s, heard)) continue;
        const Storefront& front = world.fronts[s];
        // An order arriving after the need's deadline is no use; the days it takes weigh.
        if (terms.online && !comes_in_time(world, s, v, t)) continue;
        const double log_assortment = world.stores[s].log_assortment;  // listening moves it
        utility[s] = front.static_utility + traits.assortment_weight * log_assortment -
                     price_weight * front.log_price - (traits.distance_weight + time_per_km) * km +
                     (has_children ? front.amenity : 0.0);
        if (terms.online && front.online)
            utility[s] -= sc.choice.delivery * sc.stores[s].delivery_days;
        if (terms.policies && front.relief_for_all) utility[s] -= price_weight * front.log_relief;
        if (social) utility[s] += social_utility(world, h, s, heard);
        aware[s] = false;
        if (!terms.policies) continue;
        // Newspaper ads reach some households; card holders hear by mail (below).
        const bool sale = sale_on(sc.stores[s].sales, front.pricing, t);
        aware[s] = sale && random::bernoulli(draws, sc.stores[s].sales.ad_reach);
        any_sale |= sale;
        if (front.pricing == config::Pricing::price_match) {
            // "We match any price": judged at the lowest price the household knows of.
            const double lowest = lowest_known_price(world, v, t);
            const double own = list_price(world, s, v.category);
            if (lowest < own) utility[s] -= price_weight * std::log(lowest / own);
        }
    }
    const double trust_weight = traits.trust_weight;
    world.relations.for_each(h, [&](const Relation& r) {
        if (utility[r.store] == kNotConsidered) return;
        // The relationship belongs to the person: it weakens when they are gone.
        const double kappa =
            r.salesperson == Relation::kNobody || world.staff.works_at(r.salesperson, r.store)
                ? 1.0
                : sc.trust.kappa_lost;
        if (!terms.online || has_relationship(world, h, r.store, t))
            utility[r.store] += trust_weight * kappa * trust_now(world, r, t);
        if (r.flags & Relation::kCardHolder) {
            utility[r.store] += sc.choice.card;
            const Storefront& front = world.fronts[r.store];
            if (front.relief_for_holders) utility[r.store] -= price_weight * front.log_relief;
            aware[r.store] |= any_sale && on_sale(world, r.store, t);
        }
    });
    if (any_sale) {
        for (std::uint32_t s = 0; s < world.store_count(); ++s)
            if (aware[s] && utility[s] != kNotConsidered)
                utility[s] += sc.choice.promo - price_weight * world.fronts[s].log_sale;
    }
    const std::size_t chosen =
        choose_logit(utility, scratch.weight, random::uniform01(draws));
    return chosen == world.stores.size() ? kNone : static_cast<std::uint32_t>(chosen);
}

}  // namespace journeysim::model
