// Rosters: the shifts' count through the week and across its end, the moments it changes,
// and who is on duty (named salespeople first, unless it is their day off).
#include <gtest/gtest.h>

#include "journeysim/model/roster.hpp"
#include "world_fixture.hpp"

namespace {

using journeysim::model::positions_on_duty;
using journeysim::model::Roster;
using journeysim::testing::three_stores;
using journeysim::testing::WorldFixture;

constexpr double kMinute = 1.0 / 1440.0;

// `near` has 3 positions, Ann named and off on Sundays; one on duty from 9 to 17 on weekdays,
// two more from 10 on Saturday to 2 on Sunday morning (a night shift across midnight).
std::string with_three_staff(std::string text) {
    const std::string key = "staff = 2";
    return text.replace(text.find(key), key.size(), "staff = 3");
}

const std::string kRostered = with_three_staff(three_stores(R"(
[stores.near.salespeople.ann]
days_off = ["sun"]
[stores.near.shifts.day]
hours = { mon = "9-17", tue = "9-17", wed = "9-17", thu = "9-17", fri = "9-17" }
[stores.near.shifts.weekend]
hours = { sat = "10-24", sun = "0-2" }
staff = 2
)"));

TEST(Roster, CountsTheShiftsThroughTheWeek) {
    WorldFixture f(kRostered);
    const Roster& r = f.world.rosters[0];
    ASSERT_TRUE(r.active());
    EXPECT_EQ(r.scheduled(0.0), 0);                        // Monday at midnight
    EXPECT_EQ(r.scheduled(9.0 / 24), 1);                   // Monday 9:00
    EXPECT_EQ(r.scheduled(17.0 / 24 - kMinute), 1);        // 16:59
    EXPECT_EQ(r.scheduled(17.0 / 24), 0);                  // 17:00
    EXPECT_EQ(r.scheduled(5.0 + 11.0 / 24), 2);            // Saturday 11:00
    EXPECT_EQ(r.scheduled(6.0 + 1.0 / 24), 2);             // Sunday 1:00
    EXPECT_EQ(r.scheduled(7.0 * 52 + 6.0 + 3.0 / 24), 0);  // Sunday 3:00, a year on
    EXPECT_EQ(r.scheduled(7.0 * 52 + 9.0 / 24), 1);        // the Monday after
}

TEST(Roster, NextChangeFindsTheNextBoundaryOrDayAcrossTheWeekEnd) {
    WorldFixture f(kRostered);
    const Roster& r = f.world.rosters[0];
    EXPECT_NEAR(r.next_change(0.0), 9.0 / 24, 1e-12);  // days off change nothing on Monday
    EXPECT_NEAR(r.next_change(9.0 / 24), 17.0 / 24, 1e-12);
    EXPECT_NEAR(r.next_change(5.0 + 11.0 / 24), 6.0, 1e-12);  // Sunday: Ann's day off begins
    EXPECT_NEAR(r.next_change(6.0), 6.0 + 2.0 / 24, 1e-12);
    EXPECT_NEAR(r.next_change(6.0 + 3.0 / 24), 7.0, 1e-12);  // Monday: she is back
    // An event at a change, a rounding error short of it, moves on to the next.
    EXPECT_NEAR(r.next_change(7.0 + 9.0 / 24 - 1e-13), 7.0 + 17.0 / 24, 1e-9);
}

TEST(Roster, NamedSalespeopleComeFirstUnlessItIsTheirDayOff) {
    WorldFixture f(kRostered);
    std::vector<std::uint8_t> due;
    const auto first = f.world.staff.first_position(0);
    positions_on_duty(f.world, 0, 9.5 / 24, due);  // Monday: one on duty, Ann
    EXPECT_EQ(due[first], 1);
    EXPECT_EQ(due[first + 1] + due[first + 2], 0);
    positions_on_duty(f.world, 0, 5.5, due);  // Saturday noon: two, Ann and the first hire
    EXPECT_EQ(due[first] + due[first + 1], 2);
    EXPECT_EQ(due[first + 2], 0);
    positions_on_duty(f.world, 0, 6.0 + 1.0 / 24, due);  // Sunday 1:00: two, not Ann
    EXPECT_EQ(due[first], 0);
    EXPECT_EQ(due[first + 1] + due[first + 2], 2);
    // Other stores' positions are never set; stores without a roster keep none.
    for (std::uint32_t p = 0; p < f.world.staff.positions(); ++p)
        if (f.world.staff.store_of(p) != 0) {
            EXPECT_EQ(due[p], 0);
        }
    EXPECT_FALSE(f.world.rosters[1].active());
    EXPECT_EQ(f.world.rosters[1].scheduled(3.0), -1);
}

TEST(Roster, DaysOffAloneKeepEveryoneElseOnDuty) {
    WorldFixture f(three_stores("[stores.near.salespeople.ann]\ndays_off = [\"mon\"]\n"));
    std::vector<std::uint8_t> due;
    const auto first = f.world.staff.first_position(0);
    ASSERT_TRUE(f.world.rosters[0].active());
    positions_on_duty(f.world, 0, 0.5, due);  // Monday
    EXPECT_EQ(due[first], 0);
    EXPECT_EQ(due[first + 1], 1);
    positions_on_duty(f.world, 0, 1.5, due);  // Tuesday
    EXPECT_EQ(due[first] + due[first + 1], 2);
}

}  // namespace
