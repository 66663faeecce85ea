// Scenario parsing: documented defaults, every kind of bad input reported with its exact
// path, all problems at once, file order kept, calendar period bounds, shipped scenarios valid.
#include "journeysim/config/scenario.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../scenario_fixtures.hpp"
#include "journeysim/config/config_error.hpp"

namespace {

namespace cfg = journeysim::config;
using journeysim::testing::describe;
using journeysim::testing::issues_at;
using journeysim::testing::kMinimalScenario;

// The minimal scenario with `extra` appended to the store's table ([stores.corner] is last).
std::string with_store_fields(std::string_view extra) {
    return std::string(kMinimalScenario) + std::string(extra) + "\n";
}

// Parses `text`, expecting a ConfigError; returns its issues, and checks that check_scenario
// reports the same issues without throwing.
std::vector<cfg::Issue> rejected(const std::string& text) {
    std::vector<cfg::Issue> thrown;
    try {
        (void)cfg::parse_scenario(text);
        ADD_FAILURE() << "expected a ConfigError for:\n" << text;
    } catch (const cfg::ConfigError& e) {
        thrown = e.issues();
        EXPECT_FALSE(thrown.empty()) << "a ConfigError must carry at least one issue";
        for (const auto& i : thrown)
            EXPECT_NE(std::string(e.what()).find(i.path + ": " + i.message), std::string::npos)
                << "what() should list every issue; missing " << i.path;
    }
    std::vector<cfg::Issue> checked;
    EXPECT_NO_THROW(checked = cfg::check_scenario(text));
    EXPECT_EQ(checked.size(), thrown.size());
    for (std::size_t k = 0; k < std::min(checked.size(), thrown.size()); ++k) {
        EXPECT_EQ(checked[k].path, thrown[k].path);
        EXPECT_EQ(checked[k].message, thrown[k].message);
    }
    return thrown;
}

// The one issue of `issues`, which must be at `path`.
cfg::Issue single_issue_at(const std::vector<cfg::Issue>& issues, std::string_view path) {
    EXPECT_EQ(issues.size(), 1u) << "expected exactly one issue at " << path << ", got"
                                 << describe(issues);
    const auto at = issues_at(issues, path);
    if (at.empty()) {
        ADD_FAILURE() << "no issue at " << path << "; got" << describe(issues);
        return {};
    }
    return at.front();
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// Calendar month starts in a 365-day year, from the month lengths.
std::vector<double> month_starts() {
    constexpr std::array<int, 12> kLength = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    std::vector<double> starts{0.0};
    for (int m = 0; m < 11; ++m) starts.push_back(starts.back() + kLength[m]);
    return starts;
}

// ---------------------------------------------------------------------------------------
// Valid input

TEST(ParseScenario, MinimalScenarioGetsTheDocumentedDefaults) {
    const cfg::Scenario sc = cfg::parse_scenario(kMinimalScenario);
    EXPECT_EQ(sc.text, kMinimalScenario);

    EXPECT_EQ(sc.simulation.start_year, 1950);
    EXPECT_EQ(sc.simulation.years, 10.0);
    EXPECT_EQ(sc.simulation.warmup_years, 0.0);
    EXPECT_EQ(sc.simulation.horizon_days(), 3650.0);
    // Default period: calendar months, so 10 years give 120 periods.
    ASSERT_EQ(sc.simulation.period_bounds.size(), 121u);
    EXPECT_EQ(sc.simulation.period_bounds.front(), 0.0);
    EXPECT_EQ(sc.simulation.period_bounds.back(), 3650.0);

    EXPECT_EQ(sc.households.count, 1000);
    EXPECT_EQ(sc.households.max_travel_km, 50.0);
    EXPECT_EQ(sc.households.price_sensitivity.mean, 2.0);
    EXPECT_EQ(sc.households.price_sensitivity.sd, 0.5);
    EXPECT_EQ(sc.households.distance_sensitivity.mean, 0.1);
    EXPECT_EQ(sc.households.distance_sensitivity.sd, 0.03);
    EXPECT_EQ(sc.households.relationship_orientation.mean, 1.0);
    EXPECT_EQ(sc.households.relationship_orientation.sd, 0.3);

    ASSERT_EQ(sc.towns.size(), 1u);
    EXPECT_EQ(sc.towns[0].name, "centre");
    EXPECT_EQ(sc.towns[0].radius_km, 2.0);
    EXPECT_EQ(sc.towns[0].share, 1.0);

    ASSERT_EQ(sc.categories.size(), 1u);
    EXPECT_EQ(sc.categories[0].name, "goods");
    EXPECT_EQ(sc.categories[0].rate_per_year, 2.0);
    EXPECT_EQ(sc.categories[0].price, 40.0);
    for (double asc : sc.choice.asc) EXPECT_EQ(asc, 0.0);

    EXPECT_EQ(sc.trust.initial, 0.0);
    EXPECT_EQ(sc.trust.gain, 0.15);
    EXPECT_EQ(sc.trust.loss, 0.3);
    EXPECT_EQ(sc.trust.decay_per_year, 0.2);
    EXPECT_EQ(sc.trust.purchase_quality, 0.6);
    EXPECT_EQ(sc.trust.lost_sale_quality, -0.5);
    EXPECT_EQ(sc.trust.wait_penalty_per_hour, 0.5);

    EXPECT_TRUE(sc.malls.empty());
    ASSERT_EQ(sc.stores.size(), 1u);
    const cfg::Store& s = sc.stores[0];
    EXPECT_EQ(s.name, "corner");
    EXPECT_EQ(s.type, cfg::StoreType::chain);
    EXPECT_EQ(s.mall, -1);
    EXPECT_EQ(s.x, 0.5);
    EXPECT_EQ(s.y, 0.0);
    EXPECT_EQ(s.opens_day, 0.0);
    EXPECT_EQ(s.closes_day, cfg::kNever);
    EXPECT_EQ(s.price_index, 1.0);
    EXPECT_EQ(s.staff, 1);
    EXPECT_EQ(s.service_minutes, 20.0);
    EXPECT_EQ(s.service_distribution, cfg::ServiceDistribution::lognormal);
    EXPECT_EQ(s.service_cv, 0.5);
    EXPECT_EQ(s.availability, 0.9);
    EXPECT_EQ(s.trust_gain, 0.15);
}

TEST(ParseScenario, StoreTrustGainDefaultsToTrustGain) {
    const auto sc = cfg::parse_scenario(std::string(kMinimalScenario) + R"(
[trust]
gain = 0.4
)");
    EXPECT_EQ(sc.trust.gain, 0.4);
    EXPECT_EQ(sc.stores[0].trust_gain, 0.4);
}

TEST(ParseScenario, StoresTownsAndMallsKeepFileOrder) {
    const auto sc = cfg::parse_scenario(R"(
[towns.zenith]
x = 0.0
y = 0.0
share = 0.5
[towns.amber]
x = 5.0
y = 0.0
share = 0.5

[malls.west]
x = 1.0
y = 1.0
[malls.east]
x = 2.0
y = 2.0

[stores.zebra]
x = 0.0
y = 0.0
[stores.apple]
type = "department"
mall = "east"
[stores.mango]
type = "online"
[stores.banana]
x = 1.0
y = 0.0
)");
    std::vector<std::string> stores, towns, malls;
    for (const auto& s : sc.stores) stores.push_back(s.name);
    for (const auto& t : sc.towns) towns.push_back(t.name);
    for (const auto& m : sc.malls) malls.push_back(m.name);
    EXPECT_EQ(stores, (std::vector<std::string>{"zebra", "apple", "mango", "banana"}));
    EXPECT_EQ(towns, (std::vector<std::string>{"zenith", "amber"}));
    EXPECT_EQ(malls, (std::vector<std::string>{"west", "east"}));
    // The department store sits in the mall it names, at the mall's location.
    EXPECT_EQ(sc.stores[1].type, cfg::StoreType::department);
    EXPECT_EQ(sc.stores[1].mall, 1);
    EXPECT_EQ(sc.stores[1].x, 2.0);
    EXPECT_EQ(sc.stores[1].y, 2.0);
    EXPECT_EQ(sc.stores[2].type, cfg::StoreType::online);
    EXPECT_EQ(sc.stores[2].mall, -1);
}

TEST(ParseScenario, DatesAreDaysFromStartYearIn365DayYears) {
    const auto sc = cfg::parse_scenario(std::string(kMinimalScenario) + R"(
opens = 1951-02-01
closes = 1952.5

[stores.leap]
x = 0.0
y = 0.0
opens = 1952-02-29
closes = 1960
)");
    EXPECT_EQ(sc.stores[0].opens_day, 365.0 + 31.0);
    EXPECT_EQ(sc.stores[0].closes_day, 2.5 * 365.0);
    // 29 February counts as 28 February.
    EXPECT_EQ(sc.stores[1].opens_day, 2 * 365.0 + 31.0 + 27.0);
    EXPECT_EQ(sc.stores[1].closes_day, 10 * 365.0);
}

TEST(ParseScenario, CheckScenarioOfValidTextIsEmpty) {
    EXPECT_TRUE(cfg::check_scenario(kMinimalScenario).empty());
    EXPECT_TRUE(cfg::check_scenario(journeysim::testing::kSmallRunScenario).empty())
        << describe(cfg::check_scenario(journeysim::testing::kSmallRunScenario));
}

TEST(ParseScenario, EveryShippedScenarioParses) {
    namespace fs = std::filesystem;
    std::size_t parsed = 0;
    for (const auto& entry : fs::directory_iterator(JOURNEYSIM_SCENARIOS_DIR)) {
        if (entry.path().extension() != ".toml") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        SCOPED_TRACE(entry.path().string());
        try {
            const auto sc = cfg::parse_scenario(text.str());
            EXPECT_FALSE(sc.stores.empty());
        } catch (const cfg::ConfigError& e) {
            ADD_FAILURE() << e.what();
        }
        ++parsed;
    }
    EXPECT_GE(parsed, 1u) << "no scenarios found in " << JOURNEYSIM_SCENARIOS_DIR;
}

TEST(ParseScenario, DocumentedExamplesParse) {
    // Every ```toml block of docs/scenario.md is a complete scenario and must stay valid.
    std::ifstream in(std::string(JOURNEYSIM_DOCS_DIR) + "/scenario.md");
    ASSERT_TRUE(in) << "cannot read " << JOURNEYSIM_DOCS_DIR << "/scenario.md";
    std::string line, block;
    bool inside = false;
    std::size_t blocks = 0;
    while (std::getline(in, line)) {
        if (!inside && line.starts_with("```toml")) {
            inside = true, block.clear();
        } else if (inside && line.starts_with("```")) {
            inside = false, ++blocks;
            EXPECT_TRUE(cfg::check_scenario(block).empty())
                << "example " << blocks << ":\n"
                << block << describe(cfg::check_scenario(block));
        } else if (inside) {
            block += line + "\n";
        }
    }
    EXPECT_GE(blocks, 1u) << "docs/scenario.md should show a smallest valid scenario";
}

// ---------------------------------------------------------------------------------------
// Period bounds

TEST(PeriodBounds, MonthsOverOneYearAreCalendarMonthStarts) {
    const auto sc = cfg::parse_scenario(std::string(R"(
[simulation]
years = 1
period = "month"
)") + std::string(kMinimalScenario));
    std::vector<double> want = month_starts();
    want.push_back(365.0);
    EXPECT_EQ(sc.simulation.period_bounds, want);
    ASSERT_EQ(sc.simulation.period_bounds.size(), 13u);
    EXPECT_EQ(sc.simulation.period_bounds[1], 31.0);
    EXPECT_EQ(sc.simulation.period_bounds[2], 59.0);
}

TEST(PeriodBounds, QuartersAndYears) {
    const auto quarters = cfg::parse_scenario(std::string(R"(
[simulation]
years = 2
period = "quarter"
)") + std::string(kMinimalScenario));
    const auto m = month_starts();
    EXPECT_EQ(
        quarters.simulation.period_bounds,
        (std::vector<double>{0, m[3], m[6], m[9], 365, 365 + m[3], 365 + m[6], 365 + m[9], 730}));
    const auto years = cfg::parse_scenario(std::string(R"(
[simulation]
years = 3
period = "year"
)") + std::string(kMinimalScenario));
    EXPECT_EQ(years.simulation.period_bounds, (std::vector<double>{0, 365, 730, 1095}));
}

TEST(PeriodBounds, FixedNumberOfDays) {
    const auto sc = cfg::parse_scenario(std::string(R"(
[simulation]
years = 1
period_days = 10
)") + std::string(kMinimalScenario));
    const auto& b = sc.simulation.period_bounds;
    ASSERT_GE(b.size(), 3u);
    EXPECT_EQ(b.front(), 0.0);
    EXPECT_EQ(b.back(), 365.0);
    // Every 10 days up to the horizon; the last period is what is left (5 days).
    for (std::size_t k = 0; k + 1 < b.size(); ++k) EXPECT_EQ(b[k], 10.0 * static_cast<double>(k));
    EXPECT_EQ(b.size(), 38u);
}

TEST(PeriodBounds, WarmupShiftsTheFirstBound) {
    const auto months = cfg::parse_scenario(std::string(R"(
[simulation]
years = 2
warmup_years = 1
)") + std::string(kMinimalScenario));
    std::vector<double> want;
    for (double s : month_starts()) want.push_back(365.0 + s);
    want.push_back(730.0);
    EXPECT_EQ(months.simulation.period_bounds, want);

    const auto days = cfg::parse_scenario(std::string(R"(
[simulation]
years = 1
warmup_years = 0.5
period_days = 30
)") + std::string(kMinimalScenario));
    const auto& b = days.simulation.period_bounds;
    ASSERT_GE(b.size(), 2u);
    EXPECT_EQ(b.front(), 182.5);
    EXPECT_EQ(b[1], 212.5);
    EXPECT_EQ(b.back(), 365.0);
    EXPECT_TRUE(std::is_sorted(b.begin(), b.end()));
    EXPECT_EQ(std::adjacent_find(b.begin(), b.end()), b.end()) << "no empty periods";
}

// ---------------------------------------------------------------------------------------
// Bad input: one kind each, with its exact path

// Below the range, the message names the lower bound alone, as the docs show.
TEST(ScenarioErrors, OutOfRange) {
    const auto issue =
        single_issue_at(rejected(with_store_fields("staff = 0")), "stores.corner.staff");
    EXPECT_EQ(issue.message, "must be >= 1 (got 0)");
}

TEST(ScenarioErrors, OutOfRangeNamesValueAndBound) {
    // Whatever the wording of the bound, the message names the bad value and the limit.
    const auto a = single_issue_at(rejected(with_store_fields("availability = 1.5")),
                                   "stores.corner.availability");
    EXPECT_TRUE(contains(a.message, "(got 1.5)")) << a.message;
    EXPECT_TRUE(contains(a.message, "1]")) << a.message;
    const auto p = single_issue_at(rejected(with_store_fields("price_index = 0")),
                                   "stores.corner.price_index");
    EXPECT_TRUE(contains(p.message, "(got 0)")) << p.message;
    EXPECT_TRUE(contains(p.message, "> 0") || contains(p.message, "(0,")) << p.message;
    const auto c = single_issue_at(
        rejected(std::string(kMinimalScenario) + "[households]\ncount = -5\n"), "households.count");
    EXPECT_TRUE(contains(c.message, "(got -5)")) << c.message;
}

TEST(ScenarioErrors, WrongType) {
    const auto price = single_issue_at(rejected(with_store_fields("price_index = \"cheap\"")),
                                       "stores.corner.price_index");
    EXPECT_EQ(price.message, "must be a number (got \"cheap\")");
    const auto staff =
        single_issue_at(rejected(with_store_fields("staff = 2.5")), "stores.corner.staff");
    EXPECT_EQ(staff.message, "must be an integer (got 2.5)");
    const auto table =
        single_issue_at(rejected("households = 5\n" + std::string(kMinimalScenario)), "households");
    EXPECT_TRUE(contains(table.message, "must be a table")) << table.message;
}

TEST(ScenarioErrors, UnknownKeySuggestsNearest) {
    const auto issue =
        single_issue_at(rejected(with_store_fields("price_idx = 0.9")), "stores.corner.price_idx");
    EXPECT_TRUE(contains(issue.message, "unknown key")) << issue.message;
    EXPECT_TRUE(contains(issue.message, "did you mean 'price_index'")) << issue.message;
    // An unknown section too.
    const auto section = single_issue_at(
        rejected(std::string(kMinimalScenario) + "[simulaton]\nyears = 3\n"), "simulaton");
    EXPECT_TRUE(contains(section.message, "did you mean 'simulation'")) << section.message;
    // Nothing close: no hint rather than a silly one.
    const auto far =
        single_issue_at(rejected(with_store_fields("zzzzzzzz = 1")), "stores.corner.zzzzzzzz");
    EXPECT_TRUE(contains(far.message, "unknown key")) << far.message;
    EXPECT_FALSE(contains(far.message, "did you mean")) << far.message;
}

TEST(ScenarioErrors, UnknownEnumWordSuggestsNearest) {
    const auto issue =
        single_issue_at(rejected(with_store_fields("type = \"chian\"")), "stores.corner.type");
    EXPECT_TRUE(contains(issue.message, "\"chian\"")) << issue.message;
    EXPECT_TRUE(contains(issue.message, "did you mean 'chain'")) << issue.message;
    const auto period = single_issue_at(
        rejected(std::string(kMinimalScenario) + "[simulation]\nperiod = \"mnoth\"\n"),
        "simulation.period");
    EXPECT_TRUE(contains(period.message, "did you mean 'month'")) << period.message;
}

// A misspelt type is one issue: the location rules that depend on the type are skipped.
TEST(ScenarioErrors, MisspeltTypeIsOneIssue) {
    const auto issues = rejected(std::string(R"(
[towns.centre]
x = 0.0
y = 0.0
[stores.web]
type = "onlien"
)"));
    const auto issue = single_issue_at(issues, "stores.web.type");
    EXPECT_TRUE(contains(issue.message, "did you mean 'online'")) << issue.message;
}

TEST(ScenarioErrors, BadDate) {
    const auto word = single_issue_at(rejected(with_store_fields("opens = \"next spring\"")),
                                      "stores.corner.opens");
    EXPECT_TRUE(contains(word.message, "must be a date")) << word.message;
    EXPECT_TRUE(contains(word.message, "\"next spring\"")) << word.message;
    const auto year =
        single_issue_at(rejected(with_store_fields("closes = 62")), "stores.corner.closes");
    EXPECT_TRUE(contains(year.message, "must be a date")) << year.message;
    const auto order =
        single_issue_at(rejected(with_store_fields("opens = 1955-01-01\ncloses = 1954-12-31")),
                        "stores.corner.closes");
    EXPECT_TRUE(contains(order.message, "after opens")) << order.message;
}

TEST(ScenarioErrors, DepartmentStoreWithoutMall) {
    const auto issue =
        single_issue_at(rejected(with_store_fields("type = \"department\"")), "stores.corner.mall");
    EXPECT_TRUE(contains(issue.message, "department store must be in a mall")) << issue.message;
}

TEST(ScenarioErrors, UnknownMall) {
    const auto issue = single_issue_at(rejected(std::string(R"(
[towns.centre]
x = 0.0
y = 0.0
[malls.valley]
x = 1.0
y = 1.0
[stores.dept]
type = "department"
mall = "vally"
)")),
                                       "stores.dept.mall");
    EXPECT_TRUE(contains(issue.message, "unknown mall 'vally'")) << issue.message;
    EXPECT_TRUE(contains(issue.message, "valley")) << issue.message;
}

TEST(ScenarioErrors, OnlineStoreWithLocation) {
    const auto issues = rejected(std::string(R"(
[towns.centre]
x = 0.0
y = 0.0
[stores.web]
type = "online"
x = 1.0
y = 1.0
)"));
    ASSERT_EQ(issues.size(), 1u) << describe(issues);
    EXPECT_TRUE(issues[0].path.starts_with("stores.web.")) << issues[0].path;
    EXPECT_TRUE(contains(issues[0].message, "online store has no location")) << issues[0].message;
}

TEST(ScenarioErrors, StoreWithoutLocation) {
    const auto issues = rejected(std::string(R"(
[towns.centre]
x = 0.0
y = 0.0
[stores.nowhere]
type = "relationship"
)"));
    ASSERT_EQ(issues.size(), 1u) << describe(issues);
    EXPECT_TRUE(issues[0].path.starts_with("stores.nowhere.")) << issues[0].path;
    EXPECT_TRUE(contains(issues[0].message, "needs a location")) << issues[0].message;
}

TEST(ScenarioErrors, TownSharesMustSumToOne) {
    const auto issue = single_issue_at(rejected(std::string(R"(
[towns.a]
x = 0.0
y = 0.0
share = 0.5
[towns.b]
x = 3.0
y = 0.0
share = 0.4
[stores.corner]
x = 0.0
y = 0.0
)")),
                                       "towns");
    EXPECT_TRUE(contains(issue.message, "sum to 1")) << issue.message;
    EXPECT_TRUE(contains(issue.message, "0.9")) << issue.message;
}

TEST(ScenarioErrors, WarmupMustBeShorterThanTheRun) {
    for (const char* warmup : {"5", "7.5"}) {
        const auto issue =
            single_issue_at(rejected(std::string("[simulation]\nyears = 5\nwarmup_years = ") +
                                     warmup + "\n" + std::string(kMinimalScenario)),
                            "simulation.warmup_years");
        EXPECT_TRUE(contains(issue.message, "must be < simulation.years")) << issue.message;
        EXPECT_TRUE(contains(issue.message, std::string("(got ") + warmup + ")")) << issue.message;
    }
}

TEST(ScenarioErrors, PeriodAndPeriodDaysTogether) {
    const auto issue =
        single_issue_at(rejected("[simulation]\nperiod = \"month\"\nperiod_days = 7\n" +
                                 std::string(kMinimalScenario)),
                        "simulation.period_days");
    EXPECT_TRUE(contains(issue.message, "not both")) << issue.message;
}

TEST(ScenarioErrors, MissingTownsOrStores) {
    const auto no_stores = rejected("[towns.centre]\nx = 0.0\ny = 0.0\n");
    EXPECT_EQ(issues_at(no_stores, "stores").size(), 1u) << describe(no_stores);
    const auto no_towns = rejected("[stores.corner]\nx = 0.0\ny = 0.0\n");
    EXPECT_EQ(issues_at(no_towns, "towns").size(), 1u) << describe(no_towns);
}

TEST(ScenarioErrors, TomlSyntaxErrorNamesTheLine) {
    const std::string good(kMinimalScenario);
    const std::string text = good + "staff = = 3\n";
    const auto line = std::count(good.begin(), good.end(), '\n') + 1;
    const auto issues = rejected(text);
    ASSERT_EQ(issues.size(), 1u) << describe(issues);
    EXPECT_EQ(issues[0].path, "<toml>");
    EXPECT_TRUE(contains(issues[0].message, "line " + std::to_string(line)))
        << "expected line " << line << " in: " << issues[0].message;
}

TEST(ScenarioErrors, SeveralMistakesAreAllReportedAtOnce) {
    const auto issues = rejected(std::string(R"(
[simulation]
years = 20

[towns.a]
x = 0.0
y = 0.0
share = 0.5

[stores.jacksons]
type = "relationship"
x = 0.0
y = 0.0
staff = 0

[stores.thrift]
x = 1.0
y = 0.0
price_idx = 0.9
)"));
    EXPECT_EQ(issues.size(), 3u) << describe(issues);
    EXPECT_EQ(issues_at(issues, "towns").size(), 1u) << describe(issues);
    EXPECT_EQ(issues_at(issues, "stores.jacksons.staff").size(), 1u) << describe(issues);
    EXPECT_EQ(issues_at(issues, "stores.thrift.price_idx").size(), 1u) << describe(issues);
}

TEST(ScenarioErrors, MistakesInManySectionsAreAllReported) {
    const auto issues = rejected(std::string(R"(
[simulation]
years = 0

[households]
count = 0

[towns.a]
x = "east"
y = 0.0

[trust]
gain = 2.0

[stores.one]
x = 0.0
y = 0.0
availability = -0.1
service_distribution = "gamma"
)"));
    for (const char* path : {"simulation.years", "households.count", "towns.a.x", "trust.gain",
                             "stores.one.availability", "stores.one.service_distribution"})
        EXPECT_EQ(issues_at(issues, path).size(), 1u) << path << describe(issues);
    EXPECT_EQ(issues.size(), 6u) << describe(issues);
}

}  // namespace
