// Sales: stock, prices paid with their discounts, referral targets, special orders delivered
// and wrong fits returned.
#include <algorithm>
#include <cmath>

#include "journeysim/model/simulation.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

double Simulation::price(std::uint32_t store, std::uint16_t category) const {
    return sc_.categories[category].price * fronts_[store].price_index;
}

bool Simulation::in_stock(std::uint32_t store, std::uint16_t category) {
    if (sc_.stores[store].stock[category])
        return stock_[store * sc_.categories.size() + category] > 0;
    // The wanted item is in the store's range, and then on the shelf.
    const auto& st = stores_[store];
    return random::bernoulli(outcome_rng_, st.availability * st.range[category]);
}

std::int32_t Simulation::referral_target(const Visit& v, bool better_only) {
    // The competitor most likely to have it (then the nearest); for refer_better, only one
    // cheaper by more than the threshold and at least as likely to have it.
    const double t = clock_.now();
    const auto likely = [&](std::uint32_t s) {
        if (sc_.stores[s].stock[v.category])
            return stock_[s * sc_.categories.size() + v.category] > 0 ? 1.0 : 0.0;
        return stores_[s].availability * stores_[s].range[v.category];
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
                      records::DiscountKind kind, double quality) {
    const double t = clock_.now();
    const Visit v = visits_[visit];
    visits_.remove(visit);
    auto& st = stores_[store];
    const auto& spec = sc_.stores[store];
    const double list = price(store, v.category);
    const Relation* known = relations_.find(v.household, static_cast<std::uint16_t>(store));
    const bool holder = known != nullptr && (known->flags & Relation::kCardHolder);
    // The price paid: every discount that applies, named by the strongest.
    double paid = list, strongest = 0.0;
    const auto discount = [&](double d, records::DiscountKind k) {
        paid *= 1.0 - d;
        if (d > strongest) strongest = d, kind = k;
    };
    const bool sale = on_sale(store, t);
    if (sale) {
        discount(spec.sales.discount, records::DiscountKind::sale);
        ++st.period.counts.sale_purchases;
    }
    if (fronts_[store].pricing == config::Pricing::price_match) {
        const double lowest = lowest_known_price(v, t);
        if (lowest < paid) discount(1.0 - lowest / paid, records::DiscountKind::price_match);
    }
    if (holder) discount(spec.card.discount, records::DiscountKind::card);
    if (v.coupon > 0.0f) {
        discount(v.coupon, records::DiscountKind::coupon);
        ++st.period.counts.coupons;
    }
    const double unit_cost = spec.cost_ratio * sc_.categories[v.category].price;
    double takings = paid;
    int units = 1;
    if (sale && spec.sales.bogo_take_up > 0.0 && random::bernoulli(outcome_rng_, spec.sales.bogo_take_up)) {
        takings += paid * (1.0 - spec.sales.bogo_discount);
        units = 2;
        kind = records::DiscountKind::bogo;
    }
    if (spec.cross_sell_probability > 0.0 &&
        random::bernoulli(outcome_rng_, spec.cross_sell_probability)) {
        takings += spec.cross_sell_spend;
        st.period.money.cost_of_goods += spec.cost_ratio * spec.cross_sell_spend;
        ++st.period.counts.cross_sells;
    }
    const auto& financing = spec.financing;
    if (financing.take_up > 0.0 && (financing.everyone || holder) &&
        random::bernoulli(outcome_rng_, financing.take_up)) {
        ++st.period.counts.financed;
        st.period.money.financing_cost += financing.cost * takings;
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
    // The fit is right with the server's expertise (or better, friends chatting); a wrong
    // one comes back.
    if (person >= 0 && !random::bernoulli(outcome_rng_, right_fit(v.household, store,
                                                                  staff_.expertise(person, t)))) {
        const std::uint32_t back = pending_.add({v.household, store, person, v.category, paid});
        clock_.schedule(t + sc_.needs.return_days, kReturn, back);
    }
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
                            o.salesperson, o.price, records::DiscountKind::special_order});
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

}  // namespace journeysim::model
