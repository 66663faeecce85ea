// Stock on a World with no run: an (s, S) policy orders once at the reorder point and the
// order tops the shelf up to S; without a policy the item is there with the availability.
#include <gtest/gtest.h>

#include <cmath>

#include "journeysim/model/stock.hpp"
#include "world_fixture.hpp"

namespace {

using journeysim::model::kNone;
using journeysim::testing::three_stores;
using journeysim::testing::WorldFixture;
namespace model = journeysim::model;

TEST(Stock, ReordersOnceAtTheReorderPointAndRestocksUpToS) {
    WorldFixture f(three_stores("[stores.near.stock.shoes]\nreorder_point = 2\norder_up_to = 5\n"));
    auto& w = f.world;
    const auto slot = w.stock_slot(0, 0);
    EXPECT_EQ(w.stock[slot], 5);
    EXPECT_EQ(model::take_from_stock(w, 0, 0), kNone);  // 4 left
    EXPECT_EQ(model::take_from_stock(w, 0, 0), kNone);  // 3
    EXPECT_EQ(model::take_from_stock(w, 0, 0), slot);   // 2: order 3
    EXPECT_EQ(model::take_from_stock(w, 0, 0), kNone);  // 1: one order at a time
    EXPECT_EQ(w.on_order[slot], 3);
    model::restock(w, static_cast<std::uint32_t>(slot));
    EXPECT_EQ(w.stock[slot], 4);
    EXPECT_EQ(w.on_order[slot], 0);
    EXPECT_TRUE(model::in_stock(w, 0, 0, f.draws));
    while (w.stock[slot] > 0) (void)model::take_from_stock(w, 0, 0);
    EXPECT_FALSE(model::in_stock(w, 0, 0, f.draws));
}

TEST(Stock, WithoutAPolicyTheItemIsThereWithTheAvailability) {
    WorldFixture f(three_stores("availability = 0.7\n"));
    constexpr int n = 20000;
    int there = 0;
    for (int i = 0; i < n; ++i) there += model::in_stock(f.world, 0, 0, f.draws);
    EXPECT_NEAR(there, 0.7 * n, 4.0 * std::sqrt(n * 0.7 * 0.3));
    EXPECT_EQ(model::take_from_stock(f.world, 0, 0), kNone);
}

}  // namespace
