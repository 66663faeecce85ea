// The transaction log's size guard: a bound that follows households, needs, years and
// replications, and a refusal that says how the bound came about.
#include "journeysim/run/log_size.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../scenario_fixtures.hpp"

namespace {

using journeysim::config::parse_scenario;
using journeysim::config::Scenario;
namespace run = journeysim::run;

Scenario small() { return parse_scenario(journeysim::testing::kSmallRunScenario); }

TEST(LogSize, IsHouseholdsTimesPeakNeedsTimesYearsTimesReplications) {
    const Scenario sc = small();  // 1,500 households, 1 year
    const auto e = run::estimate_log_size(sc, 3);
    EXPECT_DOUBLE_EQ(e.needs_per_household_year,
                     journeysim::config::peak_needs_per_household_year(sc));
    EXPECT_GT(e.needs_per_household_year, 0.0);
    EXPECT_DOUBLE_EQ(e.rows, 1500.0 * e.needs_per_household_year * 1.0 * 3);
    EXPECT_DOUBLE_EQ(e.bytes, e.rows * run::kLogRowBytes);
    Scenario longer = small();
    longer.simulation.years = 4.0;
    EXPECT_DOUBLE_EQ(run::estimate_log_size(longer, 3).rows, 4.0 * e.rows);
}

TEST(LogSize, RefusesALogOverTheLimitSayingWhy) {
    const Scenario sc = small();
    const double bytes = run::estimate_log_size(sc, 2).bytes;
    EXPECT_NO_THROW(run::check_log_size(sc, 2, bytes));
    try {
        run::check_log_size(sc, 2, bytes / 2);
        FAIL() << "a log over the limit was allowed";
    } catch (const run::LogTooLarge& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.rfind("transactions: ", 0), 0u) << message;
        EXPECT_NE(message.find("= 1500 x "), std::string::npos) << message;
        EXPECT_NE(message.find("transactions_max_bytes"), std::string::npos) << message;
    }
}

}  // namespace
