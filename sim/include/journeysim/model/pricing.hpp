#pragma once
// Pricing policies (MODEL.md, "Pricing policies"): list and every-day-low prices (a price
// index), high-low sales, price matching, and what discounts at checkout: the sale, the
// match, the store card and a campaign's coupon, then a second unit (BOGO), a cross-sell
// and financing. Adding a policy: a config::Pricing value, its effect here, its reader entry
// in config/store_config.cpp, a test in tests/cpp/model/pricing_test.cpp, docs/model.md.
#include <cmath>
#include <cstdint>
#include <limits>

#include "journeysim/config/store.hpp"
#include "journeysim/random/visit_draws.hpp"
#include "journeysim/records/transactions.hpp"

namespace journeysim::model {

class World;
struct Visit;

// A high-low store's sale is on at day t: from `first_day`, every `every_days`, for `days`.
[[nodiscard]] inline bool sale_on(const config::Sales& sales, config::Pricing pricing, double t) {
    if (pricing != config::Pricing::high_low) return false;
    return t >= sales.first_day && std::fmod(t - sales.first_day, sales.every_days) < sales.days;
}

// The category's price at the store before any discount: its price times the store's index.
[[nodiscard]] double list_price(const World& world, std::uint32_t store, std::uint16_t category);
[[nodiscard]] bool on_sale(const World& world, std::uint32_t store, double t);
// The price on the shelf on day t: the list price, less the sale discount while a sale is on.
[[nodiscard]] double shelf_price(const World& world, std::uint32_t store, std::uint16_t category,
                                 double t);
// The lowest shelf price of the visit's category among the stores the household would
// consider (including stores that already turned it away: it still knows their prices).
[[nodiscard]] double lowest_known_price(const World& world, const Visit& v, double t);

// The discounts that apply to one purchase; 0 where none does.
struct Discounts {
    double sale = 0.0;
    // A price-matching store's: the lowest price the buyer knows (infinity: no match).
    double match_to = std::numeric_limits<double>::infinity();
    double card = 0.0;
    double coupon = 0.0;
};
struct Checkout {
    double paid;
    records::DiscountKind kind;  // the strongest discount's, else `kind` as given
};
// The price paid: the list price less every discount in turn (sale, match, card, coupon).
[[nodiscard]] Checkout checkout(double list, const Discounts& discounts,
                                records::DiscountKind kind);

// What a purchase at price `paid` brings in besides the item: a second unit during a sale
// (BOGO), a cross-sell, and whether it is financed; drawn in that order from the visit's
// `draws`.
struct Basket {
    double takings;  // the item, a second unit and the cross-sell
    int units = 1;
    bool bogo = false;
    bool cross_sell = false;
    bool financed = false;
};
[[nodiscard]] Basket fill_basket(const config::Store& spec, double paid, bool sale, bool holder,
                                 random::VisitDraws& draws);

}  // namespace journeysim::model
