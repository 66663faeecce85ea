#include "journeysim/model/pricing.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/model/choice.hpp"
#include "journeysim/model/world.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

double list_price(const World& world, std::uint32_t store, std::uint16_t category) {
    return world.sc.categories[category].price * world.fronts[store].price_index;
}

bool on_sale(const World& world, std::uint32_t store, double t) {
    return sale_on(world.sc.stores[store].sales, world.fronts[store].pricing, t);
}

double shelf_price(const World& world, std::uint32_t store, std::uint16_t category, double t) {
    const double p = list_price(world, store, category);
    return on_sale(world, store, t) ? p * (1.0 - world.sc.stores[store].sales.discount) : p;
}

double lowest_known_price(const World& world, const Visit& v, double t) {
    Visit any = v;
    any.excluded = 0;  // stores already tried still have prices the household knows
    double lowest = std::numeric_limits<double>::infinity();
    for (std::uint32_t s = 0; s < world.store_count(); ++s) {
        double km;
        if (considers(world, s, any, t, km))
            lowest = std::min(lowest, shelf_price(world, s, v.category, t));
    }
    return lowest;
}

Checkout checkout(double list, const Discounts& d, records::DiscountKind kind) {
    double paid = list, strongest = 0.0;
    const auto discount = [&](double by, records::DiscountKind k) {
        paid *= 1.0 - by;
        if (by > strongest) strongest = by, kind = k;
    };
    if (d.sale > 0.0) discount(d.sale, records::DiscountKind::sale);
    if (d.match_to < paid) discount(1.0 - d.match_to / paid, records::DiscountKind::price_match);
    if (d.card > 0.0) discount(d.card, records::DiscountKind::card);
    if (d.coupon > 0.0) discount(d.coupon, records::DiscountKind::coupon);
    return {paid, kind};
}

Basket fill_basket(const config::Store& spec, double paid, bool sale, bool holder,
                   random::VisitDraws& draws) {
    Basket b{paid};
    if (sale && spec.sales.bogo_take_up > 0.0 &&
        random::bernoulli(draws, spec.sales.bogo_take_up)) {
        b.takings += paid * (1.0 - spec.sales.bogo_discount);
        b.units = 2;
        b.bogo = true;
    }
    if (spec.cross_sell_probability > 0.0 &&
        random::bernoulli(draws, spec.cross_sell_probability)) {
        b.takings += spec.cross_sell_spend;
        b.cross_sell = true;
    }
    const auto& financing = spec.financing;
    b.financed = financing.take_up > 0.0 && (financing.everyone || holder) &&
                 random::bernoulli(draws, financing.take_up);
    return b;
}

}  // namespace journeysim::model
