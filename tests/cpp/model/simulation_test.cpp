// A small scenario run end to end: the shape and accounting of the record, reproducibility
// (same inputs, bit-identical output, whatever the slicing or thread count), and stores that
// open mid-run or never have the item.
#include "journeysim/model/simulation.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../scenario_fixtures.hpp"
#include "world_fixture.hpp"
#include "journeysim/config/scenario.hpp"
#include "journeysim/records/records.hpp"
#include "journeysim/random/streams.hpp"
#include "journeysim/run/run.hpp"

namespace {

namespace cfg = journeysim::config;
using journeysim::model::Simulation;
using journeysim::records::ReplicationRecord;
using journeysim::records::StorePeriod;
using journeysim::testing::kSmallRunScenario;

ReplicationRecord run_to_horizon(const cfg::Scenario& sc, std::uint64_t seed, std::int32_t rep) {
    Simulation sim(sc, seed, rep);
    sim.advance_to(sim.horizon());
    EXPECT_TRUE(sim.finished());
    return sim.record();
}

bool same_counts(const journeysim::records::StoreCounts& a,
                 const journeysim::records::StoreCounts& b) {
    for (const auto& [name, field] : journeysim::records::StoreCounts::kFields)
        if (a.*field != b.*field) return false;
    return true;
}

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

bool same_money(const journeysim::records::StoreMoney& a, const journeysim::records::StoreMoney& b) {
    for (const auto& [name, field] : journeysim::records::StoreMoney::kFields)
        if (!same_bits(a.*field, b.*field)) return false;
    return true;
}

// Every field of every row, doubles compared bit for bit (so NaN equals NaN, 0.0 != -0.0).
::testing::AssertionResult same_rows(const ReplicationRecord& a, const ReplicationRecord& b) {
    if (a.store_periods.size() != b.store_periods.size())
        return ::testing::AssertionFailure() << "store_periods sizes " << a.store_periods.size()
                                             << " vs " << b.store_periods.size();
    for (std::size_t k = 0; k < a.store_periods.size(); ++k) {
        const StorePeriod &x = a.store_periods[k], &y = b.store_periods[k];
        const bool same =
            x.period == y.period && x.store == y.store && same_counts(x.counts, y.counts) &&
            x.active_customers == y.active_customers && same_money(x.money, y.money) &&
            same_bits(x.share, y.share) && same_bits(x.mean_wait_min, y.mean_wait_min) &&
            same_bits(x.p95_wait_min, y.p95_wait_min) && same_bits(x.mean_trust, y.mean_trust);
        if (!same)
            return ::testing::AssertionFailure()
                   << "row " << k << " (period " << x.period << ", store " << x.store
                   << ") differs: visits " << x.counts.visits << "/" << y.counts.visits
                   << ", purchases " << x.counts.purchases << "/" << y.counts.purchases << ", revenue " << x.money.revenue << "/"
                   << y.money.revenue << ", mean wait " << x.mean_wait_min << "/" << y.mean_wait_min
                   << ", mean trust " << x.mean_trust << "/" << y.mean_trust;
    }
    if (a.category_periods.size() != b.category_periods.size())
        return ::testing::AssertionFailure() << "category_periods sizes differ";
    for (std::size_t k = 0; k < a.category_periods.size(); ++k) {
        const auto &x = a.category_periods[k], &y = b.category_periods[k];
        if (x.period != y.period || x.category != y.category || x.needs != y.needs ||
            x.met != y.met || x.unmet != y.unmet)
            return ::testing::AssertionFailure() << "category_periods row " << k << " differs";
    }
    if (a.referrals != b.referrals) return ::testing::AssertionFailure() << "referrals differ";
    return ::testing::AssertionSuccess();
}

::testing::AssertionResult same_record(const ReplicationRecord& a, const ReplicationRecord& b) {
    if (a.replication != b.replication)
        return ::testing::AssertionFailure()
               << "replication " << a.replication << " vs " << b.replication;
    if (a.events != b.events)
        return ::testing::AssertionFailure() << "events " << a.events << " vs " << b.events;
    if (a.seeds.size() != b.seeds.size())
        return ::testing::AssertionFailure() << "seed counts differ";
    for (std::size_t k = 0; k < a.seeds.size(); ++k)
        if (a.seeds[k].stream != b.seeds[k].stream || a.seeds[k].seed != b.seeds[k].seed)
            return ::testing::AssertionFailure() << "seed " << k << " differs";
    return same_rows(a, b);
}

// The fixture scenario with every `availability = x` replaced.
std::string with_availability(double availability) {
    std::ostringstream value;
    value << "availability = " << availability;
    return std::regex_replace(std::string(kSmallRunScenario),
                              std::regex(R"(availability = [0-9.]+)"), value.str());
}

class SmallRun : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        scenario_ = new cfg::Scenario(cfg::parse_scenario(kSmallRunScenario));
        record_ = new ReplicationRecord(run_to_horizon(*scenario_, 7, 0));
    }
    static void TearDownTestSuite() {
        delete record_;
        delete scenario_;
    }
    static std::size_t periods() { return scenario_->simulation.period_bounds.size() - 1; }
    static std::size_t stores() { return scenario_->stores.size(); }

    static inline cfg::Scenario* scenario_ = nullptr;
    static inline ReplicationRecord* record_ = nullptr;
};

TEST_F(SmallRun, OneRowPerPeriodAndStore) {
    ASSERT_EQ(periods(), 12u);
    ASSERT_EQ(stores(), 3u);
    ASSERT_EQ(record_->store_periods.size(), periods() * stores());
    for (std::size_t k = 0; k < record_->store_periods.size(); ++k) {
        // Period-major, store-minor.
        EXPECT_EQ(record_->store_periods[k].period, static_cast<std::int32_t>(k / stores()));
        EXPECT_EQ(record_->store_periods[k].store, static_cast<std::int32_t>(k % stores()));
    }
    ASSERT_EQ(record_->category_periods.size(), periods());
    for (std::size_t p = 0; p < periods(); ++p)
        EXPECT_EQ(record_->category_periods[p].period, static_cast<std::int32_t>(p));
    EXPECT_EQ(record_->replication, 0);
    EXPECT_GT(record_->events, 0u);
}

TEST_F(SmallRun, VisitsArePurchasesPlusLostSales) {
    std::int64_t visits = 0;
    for (const auto& row : record_->store_periods) {
        const auto& c = row.counts;
        EXPECT_EQ(c.visits, c.purchases + c.lost_sales)
            << "period " << row.period << ", store " << row.store;
        EXPECT_GE(c.purchases, 0);
        EXPECT_GE(c.lost_sales, 0);
        const auto& spec = scenario_->stores[static_cast<std::size_t>(row.store)];
        // Returns are refunded: revenue is what was kept.
        EXPECT_NEAR(row.money.revenue,
                    (c.purchases - c.returns) * scenario_->categories[0].price * spec.price_index,
                    1e-9 * (1 + std::abs(row.money.revenue)));
        // Waits exist exactly when someone was served.
        EXPECT_EQ(std::isnan(row.mean_wait_min), row.counts.visits == 0);
        if (row.counts.visits > 0) {
            EXPECT_GE(row.mean_wait_min, 0.0);
            EXPECT_GE(row.p95_wait_min, 0.0);
        }
        // Trust is defined for active customers only and stays in [0, 1].
        EXPECT_GE(row.active_customers, 0);
        EXPECT_EQ(std::isnan(row.mean_trust), row.active_customers == 0);
        if (row.active_customers > 0) {
            EXPECT_GE(row.mean_trust, 0.0);
            EXPECT_LE(row.mean_trust, 1.0);
        }
        visits += row.counts.visits;
    }
    EXPECT_GT(visits, 1000) << "the scenario should be busy enough to test anything";
}

TEST_F(SmallRun, SharesPerPeriodSumToOne) {
    for (std::size_t p = 0; p < periods(); ++p) {
        std::int64_t purchases = 0;
        double share = 0.0;
        for (std::size_t s = 0; s < stores(); ++s) {
            const auto& row = record_->store_periods[p * stores() + s];
            purchases += row.counts.purchases;
            share += row.share;
        }
        if (purchases == 0) {
            EXPECT_EQ(share, 0.0) << "period " << p;
            continue;
        }
        EXPECT_NEAR(share, 1.0, 1e-12) << "period " << p;
        for (std::size_t s = 0; s < stores(); ++s) {
            const auto& row = record_->store_periods[p * stores() + s];
            EXPECT_NEAR(row.share, static_cast<double>(row.counts.purchases) / purchases, 1e-15);
        }
    }
}

TEST_F(SmallRun, NeedsArriveAtTheScenarioRate) {
    // Needs form a Poisson process of rate count * rate_per_year per year.
    std::int64_t needs = 0, met = 0, unmet = 0, purchases = 0;
    for (const auto& t : record_->category_periods) needs += t.needs, met += t.met, unmet += t.unmet;
    for (const auto& row : record_->store_periods) purchases += row.counts.purchases;
    const double expected = static_cast<double>(scenario_->households.count) *
                            scenario_->categories[0].rate_per_year * scenario_->simulation.years;
    EXPECT_NEAR(static_cast<double>(needs), expected, 5 * std::sqrt(expected));
    // A need is met by exactly one purchase; a few may still be in a queue at the horizon.
    EXPECT_EQ(met, purchases);
    EXPECT_GE(unmet, 0);
    EXPECT_GE(needs - met - unmet, 0);
    EXPECT_LT(needs - met - unmet, 50);
}

TEST_F(SmallRun, StoresThatOpenMidRunHaveNoVisitsBefore) {
    const auto& bounds = scenario_->simulation.period_bounds;
    std::size_t checked_closed = 0, checked_open = 0;
    for (std::size_t s = 0; s < stores(); ++s) {
        const auto& spec = scenario_->stores[s];
        double opens = spec.opens_day;
        if (spec.mall >= 0)
            opens =
                std::max(opens, scenario_->malls[static_cast<std::size_t>(spec.mall)].opens_day);
        std::int64_t after = 0;
        for (std::size_t p = 0; p < periods(); ++p) {
            const auto& row = record_->store_periods[p * stores() + s];
            if (bounds[p + 1] <= opens) {
                EXPECT_EQ(row.counts.visits, 0) << spec.name << " is not open yet in period " << p;
                EXPECT_EQ(row.active_customers, 0) << spec.name << ", period " << p;
                ++checked_closed;
            } else if (bounds[p] >= opens) {
                after += row.counts.visits;
            }
        }
        if (opens > 0) {
            EXPECT_GT(after, 0) << spec.name << " should have visits once open";
            ++checked_open;
        }
    }
    EXPECT_EQ(checked_open, 2u) << "the fixture has a store and a mall that open mid-run";
    EXPECT_GE(checked_closed, 6u + 9u);  // July for edge_of_town, October for the mall
}

TEST_F(SmallRun, RecordsTheDerivedSeeds) {
    std::set<std::string> names;
    for (const auto& s : record_->seeds) {
        EXPECT_EQ(s.seed, journeysim::random::stream_seed(7, 0, s.stream)) << s.stream;
        names.insert(s.stream);
    }
    EXPECT_EQ(names.size(), record_->seeds.size()) << "stream names are unique";
    for (const char* name : {"households", "needs", "visits", "campaigns"})
        EXPECT_EQ(names.count(name), 1u) << name;
}

TEST_F(SmallRun, SameSeedAndReplicationGiveIdenticalRecords) {
    EXPECT_TRUE(same_record(run_to_horizon(*scenario_, 7, 0), *record_));
}

TEST_F(SmallRun, SlicedAdvanceGivesTheSameRecord) {
    // run::run advances in slices; any slicing must give the same events and numbers.
    Simulation sim(*scenario_, 7, 0);
    for (double t = 0.3; !sim.finished(); t += 17.7) sim.advance_to(t);
    EXPECT_EQ(sim.now(), sim.horizon());
    EXPECT_TRUE(same_record(sim.record(), *record_));
}

TEST_F(SmallRun, DifferentReplicationOrSeedGivesDifferentRecords) {
    const auto other_replication = run_to_horizon(*scenario_, 7, 1);
    EXPECT_EQ(other_replication.replication, 1);
    EXPECT_FALSE(same_rows(other_replication, *record_));
    const auto other_seed = run_to_horizon(*scenario_, 8, 0);
    EXPECT_FALSE(same_rows(other_seed, *record_));
    for (std::size_t k = 0; k < record_->seeds.size(); ++k) {
        EXPECT_NE(other_replication.seeds[k].seed, record_->seeds[k].seed);
        EXPECT_NE(other_seed.seeds[k].seed, record_->seeds[k].seed);
    }
}

TEST_F(SmallRun, ThreadCountDoesNotChangeResults) {
    journeysim::run::RunOptions one{7, 4, 1}, three{7, 4, 3};
    const auto a = journeysim::run::run(*scenario_, one);
    const auto b = journeysim::run::run(*scenario_, three);
    ASSERT_EQ(a.replications.size(), 4u);
    ASSERT_EQ(b.replications.size(), 4u);
    for (std::size_t r = 0; r < 4; ++r) {
        EXPECT_EQ(a.replications[r].replication, static_cast<std::int32_t>(r));
        EXPECT_TRUE(same_record(a.replications[r], b.replications[r])) << "replication " << r;
    }
    // And the same as a Simulation run on its own.
    EXPECT_TRUE(same_record(a.replications[0], *record_));
    EXPECT_FALSE(same_rows(a.replications[1], a.replications[2]));
}

TEST(SimulationScenarios, NoAvailabilityMeansNoPurchases) {
    const auto sc = cfg::parse_scenario(with_availability(0.0));
    for (const auto& s : sc.stores) ASSERT_EQ(s.availability, 0.0);
    const auto record = run_to_horizon(sc, 3, 0);
    std::int64_t visits = 0;
    for (const auto& row : record.store_periods) {
        EXPECT_EQ(row.counts.purchases, 0);
        EXPECT_EQ(row.counts.lost_sales, row.counts.visits);
        EXPECT_EQ(row.money.revenue, 0.0);
        EXPECT_EQ(row.share, 0.0);
        EXPECT_EQ(row.active_customers, 0) << "nobody bought, so nobody is an active customer";
        visits += row.counts.visits;
    }
    EXPECT_GT(visits, 1000) << "customers still come (and leave empty-handed)";
}

TEST(SimulationScenarios, FullAvailabilityMeansNoLostSales) {
    const auto sc = cfg::parse_scenario(with_availability(1.0));
    const auto record = run_to_horizon(sc, 3, 0);
    std::int64_t purchases = 0;
    for (const auto& row : record.store_periods) {
        EXPECT_EQ(row.counts.lost_sales, 0);
        purchases += row.counts.purchases;
    }
    EXPECT_GT(purchases, 1000);
}

TEST(SimulationScenarios, WarmupIsExcludedFromTheRecord) {
    const std::string text =
        std::regex_replace(std::string(kSmallRunScenario), std::regex(R"(\nyears = 1\n)"),
                           "\nyears = 2\nwarmup_years = 1\n");
    const auto sc = cfg::parse_scenario(text);
    ASSERT_EQ(sc.simulation.warmup_years, 1.0);
    const auto record = run_to_horizon(sc, 5, 0);
    ASSERT_EQ(record.store_periods.size(), 12u * sc.stores.size());
    EXPECT_EQ(record.store_periods.front().period, 0);
    // Every store is open during the measured year, and each has customers bought during
    // the warm-up or since: the state carries over, only the metrics restart.
    for (std::size_t s = 0; s < sc.stores.size(); ++s) {
        EXPECT_GT(record.store_periods[s].counts.visits, 0) << sc.stores[s].name;
        EXPECT_GT(record.store_periods[s].active_customers, record.store_periods[s].counts.purchases)
            << sc.stores[s].name << ": customers from the warm-up are still active";
    }
    std::int64_t needs = 0;
    for (const auto& t : record.category_periods) needs += t.needs;
    const double expected =
        static_cast<double>(sc.households.count) * sc.categories[0].rate_per_year;
    EXPECT_NEAR(static_cast<double>(needs), expected, 5 * std::sqrt(expected))
        << "needs of the warm-up year must not be counted";
}

TEST(SimulationScenarios, ATimelinePricingChangeBringsItsTermIntoChoice) {
    // Choice skips the terms no store has (World::choice_terms): a store that takes up price
    // matching during the run must bring that term back from that day.
    const char* takes_up = R"(
[[timeline]]
date = 2000-07-01
store = "far"
pricing = "price_match"
)";
    const auto sc = cfg::parse_scenario(journeysim::testing::three_stores("", "", "", takes_up));
    Simulation sim(sc, 3, 0);
    sim.advance_to(100.0);
    EXPECT_FALSE(sim.world().choice_terms.policies);
    sim.advance_to(200.0);
    EXPECT_TRUE(sim.world().choice_terms.policies);
}

}  // namespace
