// The result tables of a hand-made run: every metric the catalogue names is a column of its
// table, in catalogue order and of its stated type, and the derived columns are right.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "../scenario_fixtures.hpp"
#include "journeysim/run/metrics.hpp"
#include "journeysim/run/run.hpp"

namespace {

namespace records = journeysim::records;
namespace run = journeysim::run;
using journeysim::output::Column;
using journeysim::output::ResultSet;
using journeysim::output::Table;

// Two periods of the fixture's three stores and two categories, one replication.
run::RunResult hand_made(const journeysim::config::Scenario& sc) {
    records::ReplicationRecord rep;
    rep.replication = 0;
    for (std::int32_t period = 0; period < 2; ++period) {
        for (std::int32_t store = 0; store < 3; ++store) {
            records::StorePeriod row;
            row.period = period;
            row.store = store;
            row.counts.visits = 10 + store;
            row.money = {100.0, 60.0, 10.0, 5.0, 1.0};
            row.share = 1.0 / 3.0;
            rep.store_periods.push_back(row);
        }
        for (std::int32_t category = 0; category < 2; ++category)
            rep.category_periods.push_back({period, category, 1, 2 + category, 3, 0, 0});
        rep.population_periods.push_back({period, 1500, 700, 0, 0, 0, 0, 0});
    }
    rep.referrals.assign(9, 0);
    rep.referrals[1 * 3 + 2] = 4;  // store 1 sent 4 customers to store 2
    return {&sc, run::RunOptions{}, {rep}};
}

const Column& column(const ResultSet& set, const std::string& table, const std::string& name) {
    for (const Table& t : set.tables)
        if (t.name == table)
            for (const auto& [n, c] : t.columns)
                if (n == name) return c;
    throw std::out_of_range(table + "/" + name);
}

TEST(ResultSet, EveryCatalogueMetricIsAColumnOfItsTableInOrder) {
    const auto sc = journeysim::config::parse_scenario(journeysim::testing::kSmallRunScenario);
    const ResultSet set = run::to_result_set(hand_made(sc));
    std::map<std::string, std::vector<std::string>> catalogued;
    for (const run::MetricInfo& m : run::metrics()) {
        catalogued[m.table].push_back(m.name);
        const Column& c = column(set, m.table, m.name);
        EXPECT_EQ(std::holds_alternative<std::vector<std::int64_t>>(c), m.type == "int64")
            << m.table << "/" << m.name;
        EXPECT_FALSE(m.unit.empty()) << m.name;
        EXPECT_FALSE(m.description.empty()) << m.name;
    }
    for (const Table& t : set.tables) {
        if (!catalogued.contains(t.name)) continue;
        std::vector<std::string> in_order;
        for (const auto& [name, c] : t.columns)
            for (const auto& m : catalogued[t.name])
                if (m == name) in_order.push_back(name);
        EXPECT_EQ(in_order, catalogued[t.name]) << t.name;
    }
    EXPECT_EQ(catalogued["store_periods"].size(), 39u);
    EXPECT_EQ(catalogued["store_periods"].front(), "visits");
}

TEST(ResultSet, DerivedColumnsFollowFromTheRecords) {
    const auto sc = journeysim::config::parse_scenario(journeysim::testing::kSmallRunScenario);
    const ResultSet set = run::to_result_set(hand_made(sc));
    using F64 = std::vector<double>;
    using I64 = std::vector<std::int64_t>;
    EXPECT_EQ(std::get<F64>(column(set, "store_periods", "margin"))[0], 40.0);
    EXPECT_EQ(std::get<F64>(column(set, "store_periods", "profit"))[0], 24.0);
    EXPECT_EQ(std::get<I64>(column(set, "store_periods", "visits")),
              (I64{10, 11, 12, 10, 11, 12}));
    // Totals sum the categories of each period; category_periods keeps them apart.
    EXPECT_EQ(std::get<I64>(column(set, "totals", "needs")), (I64{5, 5}));
    EXPECT_EQ(std::get<I64>(column(set, "totals", "met_needs")), (I64{6, 6}));
    EXPECT_EQ(std::get<I64>(column(set, "category_periods", "needs")), (I64{2, 3, 2, 3}));
    // The referral matrix as every ordered pair of stores.
    EXPECT_EQ(std::get<I64>(column(set, "referrals", "count")), (I64{0, 0, 0, 0, 0, 4, 0, 0, 0}));
    EXPECT_EQ(std::get<I64>(column(set, "referrals", "from_store"))[5], 1);
    EXPECT_EQ(std::get<I64>(column(set, "referrals", "to_store"))[5], 2);
}

}  // namespace
