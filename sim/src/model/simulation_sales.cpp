// Sales: the price paid with its discounts (model/pricing.hpp), stock, the card offered at
// checkout, special orders and online orders delivered, and wrong fits returned.
#include "journeysim/model/event_kinds.hpp"
#include "journeysim/model/pricing.hpp"
#include "journeysim/model/simulation.hpp"
#include "journeysim/model/social_effects.hpp"
#include "journeysim/model/stock.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

void Simulation::sell(std::uint32_t visit, std::uint32_t store, std::int32_t person,
                      records::DiscountKind kind, double quality) {
    const double t = clock_.now();
    Visit v = world_.visits[visit];
    world_.visits.remove(visit);
    auto& period = world_.stores[store].period;
    const auto& spec = sc_.stores[store];
    const Relation* known = world_.relations.find(v.household, static_cast<std::uint16_t>(store));
    const bool holder = known != nullptr && (known->flags & Relation::kCardHolder);
    const bool sale = on_sale(world_, store, t);
    Discounts discounts;
    if (sale) discounts.sale = spec.sales.discount, ++period.counts.sale_purchases;
    if (world_.fronts[store].pricing == config::Pricing::price_match)
        discounts.match_to = lowest_known_price(world_, v, t);
    if (holder) discounts.card = spec.card.discount;
    if (v.coupon > 0.0f) discounts.coupon = v.coupon, ++period.counts.coupons;
    const Checkout paid = checkout(list_price(world_, store, v.category), discounts, kind);
    const Basket basket = fill_basket(spec, paid.paid, sale, holder, v.draws);
    const double unit_cost = spec.cost_ratio * sc_.categories[v.category].price;
    if (basket.cross_sell) {
        period.money.cost_of_goods += spec.cost_ratio * spec.cross_sell_spend;
        ++period.counts.cross_sells;
    }
    if (basket.financed) {
        ++period.counts.financed;
        period.money.financing_cost += spec.financing.cost * basket.takings;
    }
    ++period.counts.purchases;
    period.counts.units += basket.units;
    period.money.revenue += basket.takings;
    auto& sales = world_.sales_of(store, v.category);
    ++sales.purchases;
    sales.revenue += basket.takings;
    period.money.cost_of_goods += basket.units * unit_cost;
    if (const std::uint32_t slot = take_from_stock(world_, store, v.category); slot != kNone)
        clock_.schedule(t + spec.stock[v.category]->lead_days, kRestock, slot);
    interact(v.household, store, quality, person, true);
    // An online sale is made when ordered; the need ends when the goods arrive (on_delivery).
    const bool online = spec.type == config::StoreType::online;
    if (online && spec.delivery_days > 0.0)
        clock_.schedule(t + spec.delivery_days, kDelivery,
                        world_.pending.add({v.household, store, person, v.category, true,
                                            basket.takings}));
    else
        world_.end_need(v.category, true);
    if (transactions_.enabled())
        transactions_.push({t, v.household, static_cast<std::int32_t>(store), v.category, person,
                            basket.takings,
                            basket.bogo ? records::DiscountKind::bogo : paid.kind});
    // At checkout, the card is offered to those who do not hold it.
    if (!holder && spec.card.offer_probability > 0.0 &&
        random::bernoulli(v.draws, spec.card.offer_probability) &&
        random::bernoulli(v.draws, spec.card.acceptance)) {
        world_.relations.get(v.household, static_cast<std::uint16_t>(store), 0.0f, t).flags |=
            Relation::kCardHolder;
        world_.stores[store].holders.push_back(v.household);
        ++period.counts.cards_issued;
    }
    // The fit is right with the server's expertise (or better, friends chatting); a wrong
    // one comes back. An online order nobody talked through fits with the store's `expertise`
    // (its size guide), and goes back by post `return_days` after it arrived.
    const double expertise = person >= 0 ? world_.staff.expertise(person, t) : spec.expertise;
    if (!random::bernoulli(v.draws, right_fit(world_, v.household, store, expertise, t))) {
        const std::uint32_t back =
            world_.pending.add({v.household, store, person, v.category, false, paid.paid});
        const double days =
            online ? spec.delivery_days + spec.return_days : sc_.needs.return_days;
        clock_.schedule(t + days, kReturn, back);
    }
}

void Simulation::on_delivery(std::uint32_t order) {
    const PendingSale o = world_.pending[order];
    world_.pending.remove(order);
    if (o.paid) {  // an online order, sold when placed (sell): the goods are here
        world_.end_need(o.category, true);
        return;
    }
    auto& period = world_.stores[o.store].period;
    ++period.counts.purchases;
    ++period.counts.units;
    period.money.revenue += o.price;
    auto& sales = world_.sales_of(o.store, o.category);
    ++sales.purchases;
    sales.revenue += o.price;
    period.money.cost_of_goods +=
        sc_.stores[o.store].cost_ratio * sc_.categories[o.category].price;
    interact(o.household, o.store, sc_.trust.purchase_quality, Relation::kNobody, true);
    world_.end_need(o.category, true);
    if (transactions_.enabled())
        transactions_.push({clock_.now(), o.household, static_cast<std::int32_t>(o.store),
                            o.category, o.salesperson, o.price,
                            records::DiscountKind::special_order});
}

void Simulation::on_return(std::uint32_t pending) {
    const PendingSale r = world_.pending[pending];
    world_.pending.remove(pending);
    auto& period = world_.stores[r.store].period;
    ++period.counts.returns;
    period.money.revenue -= r.price;
    world_.sales_of(r.store, r.category).revenue -= r.price;
    period.money.cost_of_goods -=
        sc_.stores[r.store].cost_ratio * sc_.categories[r.category].price;
    interact(r.household, r.store, sc_.trust.return_quality, Relation::kNobody, false);
}

}  // namespace journeysim::model
