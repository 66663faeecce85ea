// The scheduler: (time, priority, sequence) order, run_until's contract, refusal to schedule
// in the past, events scheduled from handlers, and lazy invalidation with Stamps.
#include "journeysim/kernel/scheduler.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <vector>

#include "journeysim/kernel/event.hpp"
#include "journeysim/kernel/stamps.hpp"

namespace {

using journeysim::kernel::Event;
using journeysim::kernel::Scheduler;
using journeysim::kernel::Stamps;

TEST(Event, OrderPacksPriorityAboveSequence) {
    const auto order = journeysim::kernel::make_order(7, 123456789);
    Event e{1.0, order, 0, 0, 0};
    EXPECT_EQ(e.priority(), 7);
    EXPECT_EQ(e.sequence(), 123456789u);
    // A lower priority wins a tie whatever the sequences.
    Event low{1.0, journeysim::kernel::make_order(0, 1'000'000), 0, 0, 0};
    Event high{1.0, journeysim::kernel::make_order(1, 0), 0, 0, 0};
    EXPECT_TRUE(journeysim::kernel::before(low, high));
    EXPECT_FALSE(journeysim::kernel::before(high, low));
    // Time comes first.
    Event earlier{0.5, journeysim::kernel::make_order(255, 99), 0, 0, 0};
    EXPECT_TRUE(journeysim::kernel::before(earlier, low));
}

TEST(Scheduler, TiesGoByPriorityThenInsertionOrder) {
    Scheduler clock;
    // target = insertion index; priorities chosen so that neither order alone explains
    // the expected result.
    const std::vector<std::uint8_t> priority = {2, 0, 1, 0, 2, 1, 0};
    for (std::uint32_t i = 0; i < priority.size(); ++i)
        clock.schedule(5.0, /*kind=*/0, /*target=*/i, /*stamp=*/0, priority[i]);
    std::vector<std::uint32_t> seen;
    clock.run_until(5.0, [&](const Event& e) { seen.push_back(e.target); });
    // priority 0: 1, 3, 6; priority 1: 2, 5; priority 2: 0, 4.
    EXPECT_EQ(seen, (std::vector<std::uint32_t>{1, 3, 6, 2, 5, 0, 4}));
}

TEST(Scheduler, DispatchesInTimeOrder) {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> when(0.0, 100.0);
    Scheduler clock;
    std::vector<double> scheduled;
    for (std::uint32_t i = 0; i < 5000; ++i) {
        // Round half of them to whole days so there are plenty of exact ties.
        double t = when(rng);
        if (i % 2 == 0) t = std::floor(t);
        scheduled.push_back(t);
        clock.schedule(t, 0, i);
    }
    std::vector<double> times;
    std::vector<std::uint32_t> targets;
    clock.run_until(1000.0, [&](const Event& e) {
        EXPECT_EQ(clock.now(), e.time) << "now() must be the event's time during dispatch";
        times.push_back(e.time);
        targets.push_back(e.target);
    });
    ASSERT_EQ(times.size(), scheduled.size());
    EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
    // Equal times keep insertion order (all priorities are 0).
    for (std::size_t k = 1; k < times.size(); ++k) {
        if (times[k] == times[k - 1]) {
            EXPECT_LT(targets[k - 1], targets[k]);
        }
    }
    std::sort(scheduled.begin(), scheduled.end());
    EXPECT_EQ(times, scheduled);
}

TEST(Scheduler, RunUntilDispatchesExactlyEventsUpToEndAndSetsTheClock) {
    Scheduler clock;
    const std::vector<double> at = {1.0, 2.0, 3.0, 3.0, 3.0000001, 4.0, 7.5};
    for (std::uint32_t i = 0; i < at.size(); ++i) clock.schedule(at[i], 0, i);

    std::vector<double> seen;
    const auto first = clock.run_until(3.0, [&](const Event& e) { seen.push_back(e.time); });
    EXPECT_EQ(first, 4u);  // 1, 2, 3, 3: an event exactly at `end` is included
    EXPECT_EQ(seen, (std::vector<double>{1.0, 2.0, 3.0, 3.0}));
    EXPECT_EQ(clock.now(), 3.0);
    EXPECT_EQ(clock.pending(), 3u);
    EXPECT_EQ(clock.processed(), 4u);

    // Nothing due before 3.5: the clock still moves to `end`.
    seen.clear();
    EXPECT_EQ(clock.run_until(3.5, [&](const Event& e) { seen.push_back(e.time); }), 1u);
    EXPECT_EQ(seen, (std::vector<double>{3.0000001}));
    EXPECT_EQ(clock.now(), 3.5);

    seen.clear();
    EXPECT_EQ(clock.run_until(6.0, [&](const Event& e) { seen.push_back(e.time); }), 1u);
    EXPECT_EQ(clock.now(), 6.0);
    EXPECT_EQ(clock.run_until(100.0, [&](const Event& e) { seen.push_back(e.time); }), 1u);
    EXPECT_EQ(seen, (std::vector<double>{4.0, 7.5}));
    EXPECT_EQ(clock.now(), 100.0);
    EXPECT_EQ(clock.pending(), 0u);
    EXPECT_EQ(clock.processed(), static_cast<std::uint64_t>(at.size()));
}

TEST(Scheduler, EmptyRunUntilAdvancesTheClock) {
    Scheduler clock;
    EXPECT_EQ(clock.now(), 0.0);
    EXPECT_EQ(clock.run_until(12.25, [](const Event&) { FAIL() << "no events were scheduled"; }),
              0u);
    EXPECT_EQ(clock.now(), 12.25);
}

TEST(Scheduler, SchedulingInThePastThrows) {
    Scheduler clock;
    clock.run_until(5.0, [](const Event&) {});
    EXPECT_THROW(clock.schedule(4.999, 0, 0), std::logic_error);
    EXPECT_THROW(clock.schedule(-1.0, 0, 0), std::logic_error);
    EXPECT_THROW(clock.schedule(std::numeric_limits<double>::quiet_NaN(), 0, 0), std::logic_error);
    EXPECT_EQ(clock.pending(), 0u) << "a refused event must not be queued";
    EXPECT_NO_THROW(clock.schedule(5.0, 0, 0));  // now is not the past
    EXPECT_EQ(clock.pending(), 1u);

    // From inside a handler too: the past is relative to the event being dispatched.
    clock.schedule(8.0, 1, 0);
    bool threw = false;
    clock.run_until(10.0, [&](const Event& e) {
        if (e.kind != 1) return;
        try {
            clock.schedule(7.0, 0, 0);
        } catch (const std::logic_error&) {
            threw = true;
        }
    });
    EXPECT_TRUE(threw);
}

TEST(Scheduler, HandlersScheduleFurtherEvents) {
    Scheduler clock;
    // A renewal process: each arrival schedules the next one day later; each arrival also
    // schedules a same-time follow-up (kind 1), which must run before the next arrival.
    clock.schedule(0.5, 0, 0);
    std::vector<std::pair<double, std::uint32_t>> seen;
    const auto count = clock.run_until(10.0, [&](const Event& e) {
        seen.emplace_back(e.time, e.kind);
        if (e.kind == 0) {
            clock.schedule(e.time + 1.0, 0, e.target + 1);
            clock.schedule(e.time, 1, e.target);
        }
    });
    // Arrivals at 0.5, 1.5, ..., 9.5 (10 of them), each followed by its follow-up.
    ASSERT_EQ(count, 20u);
    for (std::size_t k = 0; k < 10; ++k) {
        EXPECT_EQ(seen[2 * k], std::make_pair(0.5 + static_cast<double>(k), 0u));
        EXPECT_EQ(seen[2 * k + 1], std::make_pair(0.5 + static_cast<double>(k), 1u));
    }
    // The arrival at 10.5 was scheduled but is beyond `end`.
    EXPECT_EQ(clock.pending(), 1u);
    EXPECT_EQ(clock.now(), 10.0);
    std::vector<double> later;
    clock.run_until(10.5, [&](const Event& e) { later.push_back(e.time); });
    EXPECT_EQ(later, (std::vector<double>{10.5}));
}

TEST(Scheduler, LazyInvalidationWithStamps) {
    Scheduler clock;
    Stamps stamps(3);
    // Targets 0 and 1 each get three events with their current stamp.
    for (std::uint32_t target : {0u, 1u})
        for (double t : {1.0, 2.0, 3.0}) clock.schedule(t, 0, target, stamps.current(target));

    std::vector<std::pair<double, std::uint32_t>> ran;
    std::size_t skipped = 0;
    auto handler = [&](const Event& e) {
        if (!stamps.is_current(e)) {
            ++skipped;
            return;
        }
        ran.emplace_back(e.time, e.target);
    };
    clock.run_until(1.0, handler);
    EXPECT_EQ(ran, (std::vector<std::pair<double, std::uint32_t>>{{1.0, 0}, {1.0, 1}}));

    // Cancel target 0's remaining events (at 2 and 3) and schedule one replacement at 2.5.
    const std::uint32_t before = stamps.current(0);
    const std::uint32_t fresh = stamps.cancel_all(0);
    EXPECT_NE(fresh, before);
    EXPECT_EQ(stamps.current(0), fresh);
    EXPECT_EQ(stamps.current(1), 0u) << "cancelling one target leaves the others alone";
    clock.schedule(2.5, 0, 0, fresh);

    ran.clear();
    clock.run_until(10.0, handler);
    EXPECT_EQ(skipped, 2u);
    EXPECT_EQ(ran, (std::vector<std::pair<double, std::uint32_t>>{{2.0, 1}, {2.5, 0}, {3.0, 1}}));

    // Cancelling twice: events stamped with either older stamp are stale.
    clock.schedule(11.0, 0, 2, stamps.current(2));
    const std::uint32_t once = stamps.cancel_all(2);
    clock.schedule(12.0, 0, 2, once);
    const std::uint32_t twice = stamps.cancel_all(2);
    clock.schedule(13.0, 0, 2, twice);
    ran.clear();
    skipped = 0;
    clock.run_until(20.0, handler);
    EXPECT_EQ(skipped, 2u);
    EXPECT_EQ(ran, (std::vector<std::pair<double, std::uint32_t>>{{13.0, 2}}));
}

}  // namespace
