// The memory guard: estimates that scale as the model's storage does, a limit read from the
// environment, and a run refused before it allocates.
#include "journeysim/run/memory_estimate.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>

#include "../scenario_fixtures.hpp"
#include "journeysim/run/run.hpp"

namespace {

using journeysim::config::parse_scenario;
using journeysim::config::Scenario;
namespace run = journeysim::run;

Scenario small() { return parse_scenario(journeysim::testing::kSmallRunScenario); }

TEST(MemoryEstimate, HouseholdPartsGrowInProportionToHouseholds) {
    Scenario a = small(), b = small();
    b.households.count = a.households.count * 10;
    const auto ea = run::estimate_memory(a, 1, 1), eb = run::estimate_memory(b, 1, 1);
    EXPECT_GT(ea.households, 0u);
    EXPECT_NEAR(static_cast<double>(eb.households), 10.0 * static_cast<double>(ea.households), 10);
    // Relations: in proportion, plus one 2 MiB chunk for the blocks that fill up.
    const double chunk = 2 << 20;
    EXPECT_NEAR(static_cast<double>(eb.relations) - chunk,
                10.0 * (static_cast<double>(ea.relations) - chunk), 10);
    EXPECT_EQ(eb.result_rows, ea.result_rows);  // rows are per period and store
}

TEST(MemoryEstimate, ALivingPopulationCountsTheHouseholdsItMakes) {
    Scenario still = small(), moving = small(), growing = small();
    moving.population.living = true;
    moving.population.move_in_per_year = 0.5;  // one year: half as many again move in
    const auto base = static_cast<double>(run::estimate_memory(still, 1, 1).households);
    EXPECT_GT(static_cast<double>(run::estimate_memory(moving, 1, 1).households), 1.45 * base);
    // Ten children each who all found households, over 90 years: five generations of
    // founders, each ten times the last; the estimate grows past anything a machine holds.
    growing.population.living = true;
    growing.population.births_per_year = 10.0 / (growing.population.birth_age_max - 18.0);
    growing.population.leave_home_probability = 1.0;
    growing.simulation.years = 90.0;
    EXPECT_GT(static_cast<double>(run::estimate_memory(growing, 1, 1).households), 1e5 * base);
}

TEST(MemoryEstimate, RelationsAreBoundedByStoresAndByVisits) {
    // Three stores: however many visits, a household needs one block of three relations.
    Scenario many_visits = small();
    many_visits.categories[0].rate_per_year = 500;
    const auto e = run::estimate_memory(many_visits, 1, 1);
    const double per_household =
        static_cast<double>(e.relations) / static_cast<double>(many_visits.households.count);
    // One 64-byte block each, and the first 2 MiB chunk for blocks that fill up.
    const double chunk = double{2 << 20} / static_cast<double>(many_visits.households.count);
    EXPECT_NEAR(per_household, 64 + chunk, 1);
    // Almost no visits: each household has only the first block it is given at the start.
    Scenario few_visits = small();
    few_visits.categories[0].rate_per_year = 0.01;
    EXPECT_EQ(run::estimate_memory(few_visits, 1, 1).relations, e.relations);
}

TEST(MemoryEstimate, ResultRowsScaleWithReplicationsPeriodsAndStores) {
    const Scenario s = small();
    const auto one = run::estimate_memory(s, 1, 1), eight = run::estimate_memory(s, 8, 1);
    EXPECT_EQ(eight.result_rows, 8 * one.result_rows);
    EXPECT_EQ(eight.households, one.households);  // one simulation alive at a time
    EXPECT_EQ(eight.total() - one.total(), 7 * one.result_rows);
    // Twelve monthly periods, three stores: at least the 144-byte record and 160 bytes of
    // columns per store-period row.
    EXPECT_GE(one.result_rows, 12u * 3u * (144u + 160u));
}

TEST(MemoryEstimate, ThreadsMultiplyTheLiveSimulations) {
    const Scenario s = small();
    EXPECT_EQ(run::estimate_memory(s, 8, 3).simulations_at_once, 3);
    EXPECT_EQ(run::estimate_memory(s, 2, 16).simulations_at_once, 2);
    const auto one = run::estimate_memory(s, 8, 1), three = run::estimate_memory(s, 8, 3);
    EXPECT_EQ(three.total() - one.total(), 2 * one.per_simulation());
}

TEST(MemoryEstimate, TheLongestPeriodsWaitsAreCounted) {
    // The exact p95 keeps every wait of a period: one 100-year period of a million
    // households at 10 needs a year keeps a billion waits.
    Scenario s = small();
    s.households.count = 1'000'000;
    s.categories[0].rate_per_year = 10;
    s.simulation.years = 100;
    s.simulation.period_bounds = {0.0, s.simulation.horizon_days()};
    EXPECT_GE(run::estimate_memory(s, 1, 1).stores, 8'000'000'000u);
}

TEST(MemoryEstimate, QueuesGrowByWhatAStoreCannotServe) {
    // One store, one clerk serving 24 customers a day (60 minutes each), 2,740 arrivals a
    // day (100,000 households, 10 needs a year): 2,716 more wait every day of the year.
    Scenario s = parse_scenario(R"(
[simulation]
years = 1
[households]
count = 100000
[towns.t]
x = 0.0
y = 0.0
[needs]
rate_per_year = 10.0
[stores.only]
x = 0.0
y = 0.0
staff = 1
service_minutes = 60.0
)");
    const double waiting = (100000.0 * 10.0 / 365.0 - 24.0) * 365.0;
    EXPECT_NEAR(static_cast<double>(run::estimate_memory(s, 1, 1).queues), 120.0 * waiting,
                120.0 * waiting * 1e-9);
    // Customers who balk at five waiting never join: five wait at most.
    s.households.queue_tolerance = 5;
    EXPECT_EQ(run::estimate_memory(s, 1, 1).queues, 5u * 120u);
    // Enough clerks: no queue builds up.
    s.households.queue_tolerance = -1;
    s.stores[0].staff = 200;
    EXPECT_EQ(run::estimate_memory(s, 1, 1).queues, 0u);
}

TEST(MemoryEstimate, AnOverloadedStoreIsFoundWhenTheOthersAreIdle) {
    // Together the two stores could serve everyone, but the cheap one draws most customers
    // (price weight 2, prices 0.5 and 2), the more so once they trust it (weight 1).
    Scenario s = parse_scenario(R"(
[simulation]
years = 1
[households]
count = 100000
price_sensitivity = 2.0
distance_sensitivity = 0.0
relationship_orientation = 1.0
[towns.t]
x = 0.0
y = 0.0
[needs]
rate_per_year = 10.0
[stores.cheap]
type = "chain"
x = 0.0
y = 0.0
price_index = 0.5
staff = 10
service_minutes = 10.0
[stores.dear]
type = "chain"
x = 0.0
y = 0.0
price_index = 2.0
staff = 100
service_minutes = 10.0
)");
    const double cheap_share = 1.0 / (1.0 + std::exp(-2.0 * std::log(4.0) - 1.0));
    const double served = 10 * 1440.0 / 10.0;
    const double waiting = (100000.0 * 10.0 / 365.0 * cheap_share - served) * 365.0;
    ASSERT_GT(waiting, 0.0);
    EXPECT_NEAR(static_cast<double>(run::estimate_memory(s, 1, 1).queues), 120.0 * waiting,
                120.0 * waiting * 1e-6);
}

TEST(MemoryEstimate, QueuesHoldAtMostEveryNeedOfTheRun) {
    // Five one-a-day stores, each of which could draw nearly everyone: the per-store worst
    // cases add up to five times the needs there are; the estimate stops at all of them.
    std::string text = "[simulation]\nyears = 2\n[households]\ncount = 10000\n"
                       "relationship_orientation = 20.0\n[towns.t]\n";
    for (int s = 0; s < 5; ++s)
        text += "[stores.s" + std::to_string(s) +
                "]\nx = 0.0\ny = 0.0\nservice_minutes = 1440.0\n";
    const Scenario sc = parse_scenario(text);
    const double needs = 10000.0 * sc.categories[0].rate_per_year * 2.0;
    EXPECT_NEAR(static_cast<double>(run::estimate_memory(sc, 1, 1).queues), 120.0 * needs, 1.0);
}

TEST(MemoryEstimate, FormatsBytesInBinaryUnits) {
    EXPECT_EQ(run::format_bytes(800), "800 B");
    EXPECT_EQ(run::format_bytes(1536), "1.5 KiB");
    EXPECT_EQ(run::format_bytes(320ull << 20), "320.0 MiB");
    EXPECT_EQ(run::format_bytes(3ull << 40), "3.0 TiB");
}

// Each test is its own process under ctest, so setting the environment here is contained.
TEST(MemoryLimit, ReadsTheEnvironmentFirst) {
    ASSERT_EQ(setenv("JOURNEYSIM_MEMORY_LIMIT", "512M", 1), 0);
    EXPECT_EQ(run::memory_limit(), 512ull << 20);
    ASSERT_EQ(setenv("JOURNEYSIM_MEMORY_LIMIT", "1.5GiB", 1), 0);
    EXPECT_EQ(run::memory_limit(), 3ull << 29);
    ASSERT_EQ(setenv("JOURNEYSIM_MEMORY_LIMIT", "2048", 1), 0);
    EXPECT_EQ(run::memory_limit(), 2048u);
    ASSERT_EQ(setenv("JOURNEYSIM_MEMORY_LIMIT", "None", 1), 0);
    EXPECT_EQ(run::memory_limit(), std::nullopt);
    for (const char* bad : {"lots", "-1G", "8 G B", "8Q", "nan"}) {
        ASSERT_EQ(setenv("JOURNEYSIM_MEMORY_LIMIT", bad, 1), 0);
        EXPECT_THROW((void)run::memory_limit(), std::invalid_argument) << bad;
    }
    unsetenv("JOURNEYSIM_MEMORY_LIMIT");
}

TEST(MemoryLimit, FallsBackToTheMachinesAvailableMemory) {
    unsetenv("JOURNEYSIM_MEMORY_LIMIT");
    const auto limit = run::memory_limit();
    ASSERT_TRUE(limit.has_value());  // Linux: /proc/meminfo has MemAvailable
    EXPECT_GT(*limit, 16ull << 20);
}

TEST(MemoryLimit, ARunThatFitsIsAllowed) {
    EXPECT_NO_THROW(run::check_memory(small(), 4, 2, 1ull << 30));
}

TEST(MemoryLimit, TheRefusalGivesTheEstimateAndTheLimit) {
    const Scenario s = small();
    const auto total = run::estimate_memory(s, 4, 2).total();
    try {
        run::check_memory(s, 4, 2, total - 1);
        FAIL() << "expected a refusal";
    } catch (const run::MemoryLimitExceeded& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("needs about " + run::format_bytes(total)), std::string::npos)
            << message;
        EXPECT_NE(message.find("more than the " + run::format_bytes(total - 1)), std::string::npos)
            << message;
        EXPECT_NE(message.find("households.count"), std::string::npos) << message;
    }
    EXPECT_NO_THROW(run::check_memory(s, 4, 2, total));
}

TEST(MemoryLimit, RunRefusesBeforeAllocating) {
    // 50 million households, 64 replications on 8 threads: about 20 GiB. The refusal must
    // come at once, not after building households (which alone takes seconds).
    Scenario huge = small();
    huge.households.count = 50'000'000;
    const auto started = std::chrono::steady_clock::now();
    run::RunOptions options{1, 64, 8};
    options.memory_limit = 1ull << 30;
    EXPECT_THROW((void)run::run(huge, options), run::MemoryLimitExceeded);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

}  // namespace

TEST(MemoryEstimate, CountsTheSocialFabricOnlyWhenSomethingUsesIt) {
    Scenario sc = parse_scenario(R"(
[households]
count = 100000
[towns.t]
radius_km = 2
[stores.s]
type = "online"
[social]
graph = "watts_strogatz"
mean_degree = 10
)");
    EXPECT_EQ(run::estimate_memory(sc, 1, 1).social, 0u);  // a graph nobody talks on
    sc.social.word_of_mouth.p_tell = 0.1;
    const auto talking = run::estimate_memory(sc, 1, 1).social;
    // At least the adjacency: 8 bytes per household and 4 per neighbour.
    EXPECT_GE(talking, 100000u * (8 + 10 * 4));
    EXPECT_LT(talking, 100000u * 400);
    sc.social.graph.mean_degree = 40;
    EXPECT_GT(run::estimate_memory(sc, 1, 1).social, 2 * talking);  // the adjacency grows with it
}
