#include "journeysim/model/storefront.hpp"

#include <algorithm>
#include <cmath>

namespace journeysim::model {

Storefront make_storefront(const config::Scenario& sc, std::uint32_t store) {
    const config::Store& spec = sc.stores[store];
    Storefront front;
    set_place(front, sc, store, spec.mall, spec.x, spec.y);
    front.static_utility = sc.choice.asc[static_cast<int>(spec.type)];
    front.price_index = spec.price_index;
    front.log_price = std::log(spec.price_index);
    front.amenity = spec.amenity;
    front.log_sale = std::log1p(-spec.sales.discount);
    front.log_relief = std::log1p(-spec.financing.price_relief);
    front.pricing = spec.pricing;
    front.online = spec.type == config::StoreType::online;
    front.relief_for_all = spec.financing.take_up > 0.0 && spec.financing.everyone;
    front.relief_for_holders = spec.financing.take_up > 0.0 && !spec.financing.everyone;
    return front;
}

void set_place(Storefront& front, const config::Scenario& sc, std::uint32_t store, int mall,
               double x, double y) {
    const config::Store& spec = sc.stores[store];
    front.x = x, front.y = y, front.mall = mall;
    front.opens_day = spec.opens_day, front.closes_day = spec.closes_day;
    front.hours = spec.hours ? &*spec.hours : nullptr;
    if (mall < 0) return;
    const config::Mall& m = sc.malls[static_cast<std::size_t>(mall)];
    if (!front.hours && m.hours) front.hours = &*m.hours;
    front.opens_day = std::max(front.opens_day, m.opens_day);
    front.closes_day = std::min(front.closes_day, m.closes_day);
}

}  // namespace journeysim::model
