// Weekly hours and the shopping rhythm: their text, their paths when wrong, malls' hours as
// their stores' default, and the queries the model asks of them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "journeysim/config/calendar.hpp"
#include "journeysim/config/scenario.hpp"
#include "../scenario_fixtures.hpp"

namespace {

namespace cfg = journeysim::config;
using journeysim::testing::describe;
using journeysim::testing::issues_at;
using journeysim::testing::kMinimalScenario;

std::string with(const std::string& extra) { return std::string(kMinimalScenario) + extra; }

// The one message at `path` of a scenario's issues ("" when there is none or more than one).
std::string message_at(const std::string& text, const std::string& path) {
    const auto issues = cfg::check_scenario(text);
    const auto found = issues_at(issues, path);
    if (found.size() == 1) return found[0].message;
    std::string all = "(none or several:";
    all += describe(issues);
    return all += ")";
}

TEST(DayHours, ReadsHoursMinutesAndSeveralIntervals) {
    const auto day = cfg::parse_day_hours("10-13, 14:30-17");
    ASSERT_EQ(day.error, "");
    ASSERT_EQ(day.intervals.size(), 2u);
    EXPECT_EQ(day.intervals[0].from, 600);
    EXPECT_EQ(day.intervals[0].to, 780);
    EXPECT_EQ(day.intervals[1].from, 870);
    EXPECT_EQ(day.intervals[1].to, 1020);
    EXPECT_TRUE(cfg::parse_day_hours("closed").intervals.empty());
    const auto all_day = cfg::parse_day_hours("0-24");
    ASSERT_EQ(all_day.intervals.size(), 1u);
    EXPECT_EQ(all_day.intervals[0].to, 1440);
    // Touching intervals are one; order does not matter.
    const auto joined = cfg::parse_day_hours("13-18,9-13");
    ASSERT_EQ(joined.intervals.size(), 1u);
    EXPECT_EQ(joined.intervals[0].from, 540);
    EXPECT_EQ(joined.intervals[0].to, 1080);
}

TEST(DayHours, BadTextSaysWhatIsWrong) {
    EXPECT_EQ(cfg::parse_day_hours("9-25").error, "\"9-25\": hour must be 0..24");
    EXPECT_EQ(cfg::parse_day_hours("9:75-18").error, "\"9:75-18\": minutes must be 0..59");
    EXPECT_EQ(cfg::parse_day_hours("18-9").error,
              "\"18-9\": closes (9:00) before it opens (18:00)");
    EXPECT_EQ(cfg::parse_day_hours("9-9").error, "\"9-9\": closes (9:00) before it opens (9:00)");
    EXPECT_EQ(cfg::parse_day_hours("9-13,12-18").error, "\"9-13,12-18\": 12:00-18:00 overlaps 9:00-13:00");
    EXPECT_NE(cfg::parse_day_hours("nine to five").error, "");
    EXPECT_NE(cfg::parse_day_hours("9-").error, "");
    EXPECT_NE(cfg::parse_day_hours("").error, "");
    EXPECT_NE(cfg::parse_day_hours("24:30-24").error, "");
}

TEST(Hours, StoreHoursWithPathsWhenWrong) {
    const std::string store = "hours = { mon = \"9-18\", fri = \"9-25\", sat = \"9-13,12-18\", sun = 5, tues = \"closed\" }\n";
    const std::string text = with(store);
    EXPECT_EQ(message_at(text, "stores.corner.hours.fri"), "\"9-25\": hour must be 0..24");
    EXPECT_EQ(message_at(text, "stores.corner.hours.sat"),
              "\"9-13,12-18\": 12:00-18:00 overlaps 9:00-13:00");
    EXPECT_EQ(message_at(text, "stores.corner.hours.sun"), "must be a string (got 5)");
    EXPECT_EQ(message_at(text, "stores.corner.hours.tues"), "unknown key (did you mean 'tue'?)");
    EXPECT_NE(message_at(with("hours = {}\n"), "stores.corner.hours").find("must open on some day"),
              std::string::npos);
    EXPECT_EQ(message_at(with("hours = \"9-18\"\n"), "stores.corner.hours"),
              "must be a table (got \"9-18\")");
}

TEST(Hours, OnlineStoresAreAlwaysOpen) {
    const std::string text = with("[stores.web]\ntype = \"online\"\nhours = { mon = \"9-18\" }\n");
    EXPECT_EQ(message_at(text, "stores.web.hours"), "an online store is always open (drop hours)");
}

TEST(Hours, NoHoursAnywhereMeansNoRhythm) {
    const auto sc = cfg::parse_scenario(std::string(kMinimalScenario));
    EXPECT_FALSE(sc.stores[0].hours);
    EXPECT_FALSE(sc.households.rhythm);
}

TEST(Hours, SomeHoursBringTheDefaultRhythm) {
    const auto sc = cfg::parse_scenario(with("hours = { mon = \"9-18\" }\n"));
    ASSERT_TRUE(sc.stores[0].hours);
    EXPECT_EQ(sc.stores[0].hours->days[0].size(), 1u);
    EXPECT_TRUE(sc.stores[0].hours->days[6].empty());  // left out: closed
    ASSERT_TRUE(sc.households.rhythm);
    const auto fallback = cfg::default_rhythm();
    EXPECT_EQ(sc.households.rhythm->weekdays, fallback.weekdays);
    EXPECT_EQ(sc.households.rhythm->hours, fallback.hours);
    // Saturday is the peak, Sunday the quietest day; evenings beat mornings, nights are quiet.
    const auto& w = fallback.weekdays;
    EXPECT_EQ(*std::max_element(w.begin(), w.end()), w[5]);
    EXPECT_EQ(*std::min_element(w.begin(), w.end()), w[6]);
    EXPECT_GT(fallback.hours[18], fallback.hours[10]);
    for (int h : {0, 3, 6, 7, 22, 23}) EXPECT_LT(fallback.hours[static_cast<std::size_t>(h)], 0.2);
}

TEST(Hours, MallHoursAreTheDefaultOfItsStores) {
    const std::string text = R"(
[towns.centre]
[malls.plaza]
x = 1.0
hours = { sat = "10-21", sun = "12-18" }
[stores.inside]
mall = "plaza"
[stores.own]
mall = "plaza"
hours = { sat = "10-13" }
)";
    const auto sc = cfg::parse_scenario(text);
    ASSERT_TRUE(sc.malls[0].hours);
    EXPECT_EQ(sc.malls[0].hours->days[6][0].from, 720);
    EXPECT_FALSE(sc.stores[0].hours);  // takes the mall's when placed (model::Storefront)
    ASSERT_TRUE(sc.stores[1].hours);
    EXPECT_EQ(sc.stores[1].hours->days[5][0].to, 780);
    EXPECT_TRUE(sc.households.rhythm);
    EXPECT_EQ(message_at(text + "[malls.other]\nhours = { tue = \"8-7\" }\n", "malls.other.hours.tue"),
              "\"8-7\": closes (7:00) before it opens (8:00)");
}

TEST(Rhythm, ReadsWeightsAndChecksThem) {
    const auto sc = cfg::parse_scenario(
        with("[households.rhythm]\nweekdays = [1, 1, 1, 1, 1, 2, 0]\n"));
    ASSERT_TRUE(sc.households.rhythm);
    EXPECT_EQ(sc.households.rhythm->weekdays[5], 2.0);
    EXPECT_EQ(sc.households.rhythm->hours[3], 1.0);  // left out: every hour alike
    EXPECT_EQ(message_at(with("[households.rhythm]\nweekdays = [1, 2]\n"),
                         "households.rhythm.weekdays"),
              "must have 7 numbers (got 2)");
    EXPECT_EQ(message_at(with("[households.rhythm]\nhours = [" + std::string(23 * 3, ' ') +
                              "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]\n"),
                         "households.rhythm.hours"),
              "must not be all zero");
    EXPECT_EQ(message_at(with("[households.rhythm]\nweekdays = [1, 1, -1, 1, 1, 1, 1]\n"),
                         "households.rhythm.weekdays[2]"),
              "must be >= 0 (got -1)");
}

// Day 0 is a Monday at 00:00.
TEST(WeeklyHours, OpenAtAndNextOpenOnTheWeek) {
    cfg::WeeklyHours h;
    h.days[0] = {{540, 1080}};   // Monday 9-18
    h.days[5] = {{600, 780}, {840, 1020}};  // Saturday 10-13, 14-17
    EXPECT_FALSE(h.open_at(0.0));
    EXPECT_TRUE(h.open_at(9.5 / 24));
    EXPECT_FALSE(h.open_at(18.0 / 24));  // closes at 18:00
    EXPECT_TRUE(h.open_at(7 + 17.99 / 24));  // next Monday
    EXPECT_TRUE(h.open_at(5 + 11.0 / 24));
    EXPECT_FALSE(h.open_at(5 + 13.5 / 24));
    // Saturday at lunch: the afternoon opening; Sunday: next Monday's.
    auto next = h.next_open(5 + 13.5 / 24);
    ASSERT_TRUE(next);
    EXPECT_NEAR(next->first, 5 + 14.0 / 24, 1e-12);
    EXPECT_NEAR(next->second, 5 + 17.0 / 24, 1e-12);
    next = h.next_open(6.5);
    ASSERT_TRUE(next);
    EXPECT_NEAR(next->first, 7 + 9.0 / 24, 1e-12);
    // Open now: from now until it closes.
    next = h.next_open(14 + 10.0 / 24);
    EXPECT_NEAR(next->first, 14 + 10.0 / 24, 1e-12);
    EXPECT_NEAR(next->second, 14 + 18.0 / 24, 1e-12);
    EXPECT_FALSE(cfg::WeeklyHours{}.next_open(3.0));
    EXPECT_DOUBLE_EQ(h.open_share(5, 12), 1.0);
    EXPECT_DOUBLE_EQ(h.open_share(5, 13), 0.0);
    EXPECT_DOUBLE_EQ(h.open_share(0, 8), 0.0);
    cfg::WeeklyHours half;
    half.days[2] = {{570, 600}};
    EXPECT_DOUBLE_EQ(half.open_share(2, 9), 0.5);
}

TEST(WeeklyHours, ClosedDatesStayShutWhateverTheWeekday) {
    cfg::WeeklyHours h;
    for (auto& day : h.days) day = {{540, 1080}};  // 9-18 every day
    h.closed_dates = {358, 359};                    // 25 and 26 December
    const double christmas = 358.0, next_year = 365.0 + 358.0;
    EXPECT_TRUE(h.open_at(357 + 10.0 / 24));
    EXPECT_FALSE(h.open_at(christmas + 10.0 / 24));
    EXPECT_FALSE(h.open_at(christmas + 1 + 10.0 / 24));
    EXPECT_FALSE(h.open_at(next_year + 10.0 / 24));  // every year
    EXPECT_TRUE(h.open_at(christmas + 2 + 10.0 / 24));
    // From Christmas Eve's closing: the 27th at 9.
    const auto next = h.next_open(357 + 18.5 / 24);
    ASSERT_TRUE(next);
    EXPECT_NEAR(next->first, 360 + 9.0 / 24, 1e-12);
    EXPECT_EQ(h.closed_days(300.0, 800.0), (std::vector<double>{358.0, 359.0, 723.0, 724.0}));
    EXPECT_EQ(h.closed_days(358.5, 359.0), std::vector<double>{358.0});  // part of the day
    // Mondays only, closed on the dates of the year that are 0 or 6 mod 7: the Mondays of the
    // first year fall on dates 0 mod 7, the second's on 6 mod 7 (a year is 52 weeks and a
    // day), so it first opens on the third year's first Monday: day 735 (date 5).
    cfg::WeeklyHours mondays;
    mondays.days[0] = {{540, 1080}};
    for (int d = 0; d < 365; ++d)
        if (d % 7 == 0 || d % 7 == 6) mondays.closed_dates.push_back(d);
    const auto first = mondays.next_open(0.0);
    ASSERT_TRUE(first);
    EXPECT_NEAR(first->first, 735 + 9.0 / 24, 1e-9);
    // Closed on every date of the year: never open.
    cfg::WeeklyHours never = h;
    never.closed_dates.clear();
    for (int d = 0; d < 365; ++d) never.closed_dates.push_back(d);
    EXPECT_FALSE(never.next_open(10.0));
}

TEST(Hours, ClosedDatesAreReadAsDaysOfTheYear) {
    const auto sc = cfg::parse_scenario(
        with("hours = { mon = \"9-18\", closed = [\"12-25\", \"01-01\", \"02-29\", \"12-25\"] }\n"));
    EXPECT_EQ(sc.stores[0].hours->closed_dates, (std::vector<int>{0, 58, 358}));
    const std::string text =
        with("hours = { mon = \"9-18\", closed = [\"13-01\", \"12-25\", 5, \"4-1\", \"02-30\"] }\n");
    EXPECT_EQ(message_at(text, "stores.corner.hours.closed[0]"),
              "\"13-01\": expected a date of the year as \"MM-DD\" (\"12-25\")");
    EXPECT_EQ(message_at(text, "stores.corner.hours.closed[2]"), "must be a string (got 5)");
    EXPECT_NE(message_at(text, "stores.corner.hours.closed[3]").find("MM-DD"), std::string::npos);
    EXPECT_NE(message_at(text, "stores.corner.hours.closed[4]").find("MM-DD"), std::string::npos);
    // Mondays only, closed on every date a Monday falls on in the seven years a date's
    // weekday takes to come round: never open.
    std::string every_monday = "hours = { mon = \"9-18\", closed = [";
    for (int d = 0; d < 365; ++d) {
        const int month = 1 + static_cast<int>(std::upper_bound(cfg::kMonthStart.begin(), cfg::kMonthStart.end(), d) - cfg::kMonthStart.begin()) - 1;
        const int day = d - cfg::kMonthStart[static_cast<std::size_t>(month - 1)] + 1;
        char date[32];
        std::snprintf(date, sizeof date, "\"%02d-%02d\",", month, day);
        every_monday += date;
    }
    every_monday += "] }\n";
    EXPECT_EQ(message_at(with(every_monday), "stores.corner.hours.closed"),
              "closes every date the weekly hours open on: it would never open");
    // A roster's shifts follow the week: no dates there.
    EXPECT_EQ(message_at(with("staff = 2\n[stores.corner.shifts.day]\n"
                              "hours = { mon = \"9-17\", closed = [\"12-25\"] }\n"),
                         "stores.corner.shifts.day.hours.closed"),
              "unknown key");
}

}  // namespace
