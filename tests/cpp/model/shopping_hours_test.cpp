// The shopping clock Λ and its inverse, the hour of the week, and when a customer facing
// closed doors comes back: in the next open stretch, as the rhythm says (model/shopping_hours.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "journeysim/model/choice.hpp"
#include "journeysim/model/shopping_hours.hpp"
#include "world_fixture.hpp"

namespace {

namespace cfg = journeysim::config;
namespace model = journeysim::model;
using journeysim::testing::three_stores;
using journeysim::testing::WorldFixture;

constexpr double kHour = 1.0 / 24.0;

cfg::Rhythm saturday_evenings() {
    cfg::Rhythm r;
    r.weekdays = {1, 1, 1, 1, 1, 3, 0};  // no shopping on Sundays
    r.hours.fill(0.0);
    for (int h = 9; h < 21; ++h) r.hours[static_cast<std::size_t>(h)] = h >= 17 ? 2.0 : 1.0;
    return r;
}

TEST(HourOfWeek, MondayMidnightIsZero) {
    EXPECT_EQ(model::hour_of_week(0.0), 0);
    EXPECT_EQ(model::hour_of_week(9.5 * kHour), 9);
    EXPECT_EQ(model::hour_of_week(5 + 14.2 * kHour), 5 * 24 + 14);
    EXPECT_EQ(model::hour_of_week(7.0), 0);
    EXPECT_EQ(model::hour_of_week(7.0 - 1e-12), 167);
}

TEST(ShoppingClock, AWeekOfClockTimeIsAWeekOfShoppingTime) {
    const model::ShoppingClock clock(saturday_evenings());
    EXPECT_DOUBLE_EQ(clock.shopping_time(0.0), 0.0);
    EXPECT_NEAR(clock.shopping_time(7.0), 7.0, 1e-12);
    EXPECT_NEAR(clock.shopping_time(70.0), 70.0, 1e-9);
    // The rhythm's mean over the week is 1.
    double mean = 0.0;
    for (int k = 0; k < 168; ++k) mean += clock.intensity((k + 0.5) * kHour) / 168.0;
    EXPECT_NEAR(mean, 1.0, 1e-12);
    // Saturday evening weighs 3 x 2 = 6 times a weekday morning.
    EXPECT_NEAR(clock.intensity(5 + 18.5 * kHour) / clock.intensity(10.5 * kHour), 6.0, 1e-12);
    EXPECT_EQ(clock.intensity(6.5), 0.0);
}

TEST(ShoppingClock, InverseUndoesItAndSkipsHoursOfNoWeight) {
    const model::ShoppingClock clock(saturday_evenings());
    for (double t = 0.0; t < 21.0; t += 0.013) {
        const double u = clock.shopping_time(t);
        const double back = clock.clock_time(u);
        if (clock.intensity(t) > 0.0)
            EXPECT_NEAR(back, t, 1e-9) << "t = " << t;
        else  // a stretch of no weight maps to where shopping resumes
            EXPECT_TRUE(back >= t && clock.intensity(back + 1e-9) > 0.0) << "t = " << t;
    }
    // Monotone: later shopping times never come at earlier clock times.
    double last = -1.0;
    for (double u = 0.0; u < 14.0; u += 0.001) {
        const double t = clock.clock_time(u);
        EXPECT_GE(t, last);
        last = t;
    }
    // Whatever shopping time falls on a Sunday (weight 0) is taken up by Monday 9:00.
    EXPECT_NEAR(clock.clock_time(clock.shopping_time(5 + 21 * kHour)), 7 + 9 * kHour, 1e-9);
}

TEST(ShoppingClock, AFlatRhythmIsTheIdentity) {
    cfg::Rhythm flat;
    flat.weekdays.fill(2.0);
    flat.hours.fill(0.5);
    const model::ShoppingClock clock(flat);
    for (double t : {0.0, 0.3, 3.99, 123.456}) {
        EXPECT_NEAR(clock.shopping_time(t), t, 1e-9);
        EXPECT_NEAR(clock.clock_time(t), t, 1e-9);
    }
}

// `near` opens Monday to Saturday 9-18; `far` Saturdays 10-13 only; `web` is always open.
std::string town_with_hours() {
    return three_stores(R"(hours = { mon = "9-18", tue = "9-18", wed = "9-18", thu = "9-18", fri = "9-18", sat = "9-18" })",
                        R"(hours = { sat = "10-13" })", "", "");
}

TEST(WalkIn, InTheNextOpenStretchAsTheRhythmSays) {
    WorldFixture f(town_with_hours());
    const model::Storefront& near = f.world.fronts[0];
    ASSERT_NE(near.hours, nullptr);
    EXPECT_FALSE(near.is_open(6.5));      // Sunday
    EXPECT_TRUE(near.in_business(6.5));
    EXPECT_TRUE(near.is_open(7 + 10 * kHour));
    EXPECT_TRUE(f.world.fronts[2].is_open(6.5));  // online
    // Without a rhythm: uniform over Monday 9:00-18:00.
    const double opens = 7 + 9 * kHour, closes = 7 + 18 * kHour;
    double lo = 1e9, hi = -1e9, sum = 0.0;
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        const double at = model::walk_in_time(near, nullptr, 6.5, f.draws);
        lo = std::min(lo, at), hi = std::max(hi, at), sum += at;
    }
    EXPECT_GE(lo, opens);
    EXPECT_LT(hi, closes);
    EXPECT_NEAR(lo, opens, kHour / 10);
    EXPECT_NEAR(hi, closes, kHour / 10);
    // Mean of a uniform: the middle, within 4 standard errors.
    EXPECT_NEAR(sum / n, (opens + closes) / 2, 4 * (closes - opens) / std::sqrt(12.0 * n));
    // With a rhythm that shops only from 12 to 14, twice as much in the second hour: all of
    // them then, two thirds after 13:00.
    cfg::Rhythm lunch;
    lunch.weekdays.fill(1.0);
    lunch.hours[12] = 1.0, lunch.hours[13] = 2.0;
    const model::ShoppingClock clock(lunch);
    int late = 0;
    for (int i = 0; i < n; ++i) {
        const double at = model::walk_in_time(near, &clock, 6.5, f.draws);
        ASSERT_GE(at, 7 + 12 * kHour);
        ASSERT_LT(at, 7 + 14 * kHour);
        late += at >= 7 + 13 * kHour;
    }
    EXPECT_NEAR(late / static_cast<double>(n), 2.0 / 3.0, 4 * std::sqrt(2.0 / 9.0 / n));
}

TEST(ShoppingClocks, OneRhythmForAllNeedsNoThinning) {
    cfg::Scenario sc;
    sc.towns.resize(2);
    EXPECT_EQ(model::ShoppingClocks(sc).needs(), nullptr);  // no rhythm: any hour alike
    sc.households.rhythm = saturday_evenings();
    const model::ShoppingClocks one(sc);
    EXPECT_FALSE(one.by_town());
    EXPECT_EQ(one.of_town(0), one.needs());
    EXPECT_EQ(one.of_town(1), one.needs());
    EXPECT_EQ(one.candidates_per_need(), 1.0);
}

TEST(ShoppingClocks, TownsOfTheirOwnRunOnTheEnvelopeAndAreThinnedToTheirRhythm) {
    // Town 0 shops by the households' rhythm (mornings), town 1 by its own (evenings).
    cfg::Scenario sc;
    sc.towns.resize(2);
    cfg::Rhythm mornings = cfg::flat_rhythm(), evenings = cfg::flat_rhythm();
    mornings.hours.fill(0.0), evenings.hours.fill(0.0);
    for (int h = 8; h < 12; ++h) mornings.hours[static_cast<std::size_t>(h)] = 1.0;
    for (int h = 18; h < 22; ++h) evenings.hours[static_cast<std::size_t>(h)] = 1.0;
    sc.households.rhythm = mornings;
    sc.towns[1].rhythm = evenings;
    const model::ShoppingClocks clocks(sc);
    ASSERT_TRUE(clocks.by_town());
    EXPECT_NE(clocks.of_town(0), clocks.of_town(1));
    // Each rhythm is 6x its mean for 4 hours a day; the envelope, for 8: 2 candidates a need.
    EXPECT_NEAR(clocks.candidates_per_need(), 2.0, 1e-12);
    for (int day = 0; day < 7; ++day) {
        const double morning = day + 9.5 * kHour, evening = day + 19.5 * kHour, night = day + 2 * kHour;
        EXPECT_NEAR(clocks.needs()->intensity(morning), 3.0, 1e-12);  // 6 / 2: scaled to mean 1
        EXPECT_NEAR(clocks.needs()->intensity(evening), 3.0, 1e-12);
        EXPECT_EQ(clocks.needs()->intensity(night), 0.0);
        EXPECT_NEAR(clocks.keep(0, morning), 1.0, 1e-12);
        EXPECT_EQ(clocks.keep(0, evening), 0.0);
        EXPECT_EQ(clocks.keep(1, morning), 0.0);
        EXPECT_NEAR(clocks.keep(1, evening), 1.0, 1e-12);
        EXPECT_EQ(clocks.keep(1, night), 0.0);
    }
    // Kept candidates per need, over a week, come to 1 in each town: the number of needs holds.
    for (std::uint32_t town : {0u, 1u}) {
        double kept = 0.0;
        for (int h = 0; h < model::kHoursPerWeek; ++h) {
            const double t = (h + 0.5) * kHour;
            kept += clocks.candidates_per_need() * clocks.needs()->intensity(t) * clocks.keep(town, t);
        }
        EXPECT_NEAR(kept / model::kHoursPerWeek, 1.0, 1e-12) << town;
    }
}

TEST(SeekAgain, TheFirstOfTheStoresItWouldConsiderToOpen) {
    // The online store has turned it away; on Saturday at 18:30 both others are shut, and
    // `near` opens first (Monday 9:00-18:00). The world's rhythm is the default one.
    WorldFixture f(town_with_hours());
    ASSERT_NE(f.world.shopping.needs(), nullptr);
    auto v = f.visit(0);
    v.excluded = model::Visit::bit(2);  // the online store turned it away
    const double saturday_evening = 5 + 18.5 * kHour;
    const double at = model::seek_again_time(f.world, v, saturday_evening, v.draws);
    EXPECT_GE(at, 7 + 9 * kHour);
    EXPECT_LT(at, 7 + 18 * kHour);
    // Saturday 8:00: `near` opens at 9, `far` at 10: near's stretch.
    const double early = model::seek_again_time(f.world, v, 5 + 8 * kHour, v.draws);
    EXPECT_GE(early, 5 + 9 * kHour);
    EXPECT_LT(early, 5 + 18 * kHour);
    // Having tried `near` too: far's Saturday 10-13.
    v.excluded |= model::Visit::bit(0);
    const double later = model::seek_again_time(f.world, v, 5 + 8 * kHour, v.draws);
    EXPECT_GE(later, 5 + 10 * kHour);
    EXPECT_LT(later, 5 + 13 * kHour);
    // Every store tried: nothing to wait for.
    v.excluded |= model::Visit::bit(1);
    EXPECT_EQ(model::seek_again_time(f.world, v, 5 + 8 * kHour, v.draws), cfg::kNever);
}

TEST(SeekAgain, ChoiceSeesOnlyOpenStores) {
    WorldFixture f(town_with_hours());
    model::ChoiceScratch scratch(3);
    for (int i = 0; i < 50; ++i) {
        auto v = f.visit(static_cast<std::uint32_t>(i));
        EXPECT_EQ(model::choose_store(f.world, v, 6.5, v.draws, scratch), 2u);  // Sunday: web
    }
}

}  // namespace
