// Pricing on a World with no run: sale windows, shelf prices, the lowest price a household
// knows, discounts stacked at checkout, and what a basket brings (BOGO, cross-sell, financing).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "journeysim/model/pricing.hpp"
#include "world_fixture.hpp"

namespace {

using journeysim::config::Pricing;
using journeysim::model::Checkout;
using journeysim::model::Discounts;
using journeysim::records::DiscountKind;
using journeysim::testing::three_stores;
using journeysim::testing::with_reach;
using journeysim::testing::WorldFixture;
namespace model = journeysim::model;

TEST(Pricing, SaleIsOnInItsWindowsOnlyAndOnlyForHighLow) {
    journeysim::config::Sales sales;
    sales.first_day = 10.0, sales.every_days = 30.0, sales.days = 5.0;
    EXPECT_FALSE(model::sale_on(sales, Pricing::high_low, 9.9));
    EXPECT_TRUE(model::sale_on(sales, Pricing::high_low, 10.0));
    EXPECT_TRUE(model::sale_on(sales, Pricing::high_low, 14.9));
    EXPECT_FALSE(model::sale_on(sales, Pricing::high_low, 15.0));
    EXPECT_TRUE(model::sale_on(sales, Pricing::high_low, 41.0));  // the second window
    EXPECT_FALSE(model::sale_on(sales, Pricing::list, 10.0));
    EXPECT_FALSE(model::sale_on(sales, Pricing::edlp, 10.0));
}

TEST(Pricing, ShelfPriceIsTheIndexedPriceLessTheSaleDiscount) {
    WorldFixture f(three_stores("price_index = 1.2\npricing = \"high_low\"\n"
                                "[stores.near.sales]\nevery_days = 28.0\ndays = 7.0\n"
                                "discount = 0.25\n",
                                "price_index = 0.8\n"));
    EXPECT_DOUBLE_EQ(model::list_price(f.world, 0, 0), 120.0);
    EXPECT_DOUBLE_EQ(model::shelf_price(f.world, 0, 0, 3.0), 90.0);   // on sale
    EXPECT_DOUBLE_EQ(model::shelf_price(f.world, 0, 0, 10.0), 120.0);  // between sales
    EXPECT_DOUBLE_EQ(model::shelf_price(f.world, 1, 0, 3.0), 80.0);
}

TEST(Pricing, LowestKnownPriceCountsStoresTriedButNotStoresOutOfReach) {
    WorldFixture f(three_stores("", "price_index = 0.7\n", "price_index = 0.9\n"));
    auto v = f.visit(0);
    v.excluded = model::Visit::bit(1);  // `far` turned it away: its price is still known
    EXPECT_DOUBLE_EQ(model::lowest_known_price(f.world, v, 0.0), 70.0);
    WorldFixture near_only(
        with_reach(three_stores("", "price_index = 0.7\n", "price_index = 0.9\n"), "2.0"));
    // `far` is 3.5 km or more away, past 2 km: the online store's price is the lowest known.
    EXPECT_DOUBLE_EQ(model::lowest_known_price(near_only.world, near_only.visit(0), 0.0), 90.0);
}

TEST(Pricing, CheckoutStacksDiscountsAndNamesTheStrongest) {
    Discounts d;
    d.sale = 0.2, d.card = 0.05, d.coupon = 0.1;
    const Checkout c = model::checkout(100.0, d, DiscountKind::none);
    EXPECT_DOUBLE_EQ(c.paid, 100.0 * 0.8 * 0.95 * 0.9);
    EXPECT_EQ(c.kind, DiscountKind::sale);
    Discounts coupon_strongest;
    coupon_strongest.card = 0.05, coupon_strongest.coupon = 0.3;
    EXPECT_EQ(model::checkout(100.0, coupon_strongest, DiscountKind::none).kind,
              DiscountKind::coupon);
}

TEST(Pricing, PriceMatchPaysTheLowestKnownPriceOnlyWhenItIsLower) {
    Discounts match;
    match.match_to = 80.0;
    const Checkout c = model::checkout(100.0, match, DiscountKind::none);
    EXPECT_NEAR(c.paid, 80.0, 1e-12);
    EXPECT_EQ(c.kind, DiscountKind::price_match);
    match.match_to = 120.0;
    EXPECT_DOUBLE_EQ(model::checkout(100.0, match, DiscountKind::substitute).paid, 100.0);
    EXPECT_EQ(model::checkout(100.0, match, DiscountKind::substitute).kind,
              DiscountKind::substitute);  // no discount: the kind given stays
}

TEST(Pricing, BasketAddsASecondUnitOnlyDuringASale) {
    WorldFixture f(three_stores("pricing = \"high_low\"\n[stores.near.sales]\n"
                                "bogo_take_up = 1.0\nbogo_discount = 0.5\n"));
    const auto& spec = f.sc.stores[0];
    auto& rng = f.draws;
    const auto on_sale = model::fill_basket(spec, 80.0, true, false, rng);
    EXPECT_EQ(on_sale.units, 2);
    EXPECT_TRUE(on_sale.bogo);
    EXPECT_DOUBLE_EQ(on_sale.takings, 80.0 + 40.0);
    const auto no_sale = model::fill_basket(spec, 80.0, false, false, rng);
    EXPECT_EQ(no_sale.units, 1);
    EXPECT_DOUBLE_EQ(no_sale.takings, 80.0);
}

TEST(Pricing, CrossSellAndFinancingFollowTheirProbabilitiesAndWhoMayFinance) {
    WorldFixture f(three_stores("cross_sell_probability = 0.3\ncross_sell_spend = 10.0\n"
                                "[stores.near.card]\noffer_probability = 0.1\n"
                                "[stores.near.financing]\ntake_up = 0.5\n"));
    const auto& spec = f.sc.stores[0];
    auto& rng = f.draws;
    constexpr int n = 20000;
    int cross = 0, financed_holders = 0, financed_others = 0;
    for (int i = 0; i < n; ++i) {
        const auto holder = model::fill_basket(spec, 50.0, false, true, rng);
        cross += holder.cross_sell;
        financed_holders += holder.financed;
        EXPECT_DOUBLE_EQ(holder.takings, holder.cross_sell ? 60.0 : 50.0);
        financed_others += model::fill_basket(spec, 50.0, false, false, rng).financed;
    }
    // Binomial counts within 4 standard deviations; financing is for card holders here.
    EXPECT_NEAR(cross, 0.3 * n, 4.0 * std::sqrt(n * 0.3 * 0.7));
    EXPECT_NEAR(financed_holders, 0.5 * n, 4.0 * std::sqrt(n * 0.25));
    EXPECT_EQ(financed_others, 0);
}

}  // namespace
