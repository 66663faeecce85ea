// [markets]: stores grouped into markets, each store in exactly one, named by path when not;
// and a store's share is its share of its own market.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "journeysim/config/scenario.hpp"
#include "journeysim/model/simulation.hpp"
#include "../scenario_fixtures.hpp"

namespace {

namespace cfg = journeysim::config;
using journeysim::testing::describe;
using journeysim::testing::issues_at;

// Two towns far apart, two stores in each.
constexpr const char* kTwinTowns = R"(
[simulation]
start_year = 2000
years = 2
period = "quarter"
[households]
count = 2000
max_travel_km = 10.0
[towns.east]
radius_km = 2.0
share = 0.5
[towns.west]
x = 100.0
radius_km = 2.0
share = 0.5
[stores.east_a]
x = 0.5
[stores.east_b]
x = -0.5
price_index = 0.8
[stores.west_a]
x = 100.5
[stores.west_b]
x = 99.5
)";

std::vector<cfg::Issue> issues_of(const std::string& text) {
    return cfg::check_scenario(text);
}

TEST(Markets, EveryStoreInOneMarketInFileOrder) {
    const auto sc = cfg::parse_scenario(std::string(kTwinTowns) +
                                        "[markets.west]\nstores = [\"west_b\", \"west_a\"]\n"
                                        "[markets.east]\nstores = [\"east_a\", \"east_b\"]\n");
    ASSERT_EQ(sc.markets.size(), 2u);
    EXPECT_EQ(sc.markets[0].name, "west");
    EXPECT_EQ(sc.markets[0].stores, (std::vector<int>{3, 2}));
    EXPECT_EQ(sc.markets[1].stores, (std::vector<int>{0, 1}));
    EXPECT_TRUE(cfg::parse_scenario(kTwinTowns).markets.empty());
}

TEST(Markets, AStoreInTwoMarketsOrInNoneIsAnErrorWithItsPath) {
    const auto twice = issues_of(std::string(kTwinTowns) +
                                 "[markets.east]\nstores = [\"east_a\", \"east_b\", \"west_a\"]\n"
                                 "[markets.west]\nstores = [\"west_a\", \"west_b\"]\n");
    const auto again = issues_at(twice, "markets.west.stores");
    ASSERT_EQ(again.size(), 1u) << describe(twice);
    EXPECT_NE(again[0].message.find("'west_a' is already in market 'east'"), std::string::npos);
    const auto none = issues_of(std::string(kTwinTowns) +
                                "[markets.east]\nstores = [\"east_a\", \"east_b\"]\n");
    ASSERT_EQ(issues_at(none, "markets").size(), 2u) << describe(none);
    EXPECT_NE(describe(none).find("'west_a' is in no market"), std::string::npos);
    const auto unknown = issues_of(std::string(kTwinTowns) +
                                   "[markets.all]\nstores = [\"east_a\", \"east_b\", \"west_a\","
                                   " \"west_bb\"]\n");
    EXPECT_EQ(issues_at(unknown, "markets.all.stores[3]").size(), 1u) << describe(unknown);
    const auto empty = issues_of(std::string(kTwinTowns) + "[markets.all]\n");
    EXPECT_FALSE(issues_at(empty, "markets.all.stores").empty()) << describe(empty);
}

TEST(Markets, SharesAreWithinEachMarket) {
    const auto sc = cfg::parse_scenario(std::string(kTwinTowns) +
                                        "[markets.east]\nstores = [\"east_a\", \"east_b\"]\n"
                                        "[markets.west]\nstores = [\"west_a\", \"west_b\"]\n");
    journeysim::model::Simulation sim(sc, 3, 0);
    sim.advance_to(sim.horizon());
    std::map<std::pair<int, int>, double> share;  // (period, market) -> sum of shares
    for (const auto& row : sim.record().store_periods)
        if (row.counts.purchases > 0) share[{row.period, row.store / 2}] += row.share;
    ASSERT_EQ(share.size(), 16u);  // 8 quarters, 2 markets, each with purchases
    for (const auto& [key, sum] : share) EXPECT_NEAR(sum, 1.0, 1e-12) << key.first;
}

}  // namespace
