// Service at the counter on a World with no run: who serves an arriving customer, who
// queues and who balks, who is served next, and the service time's distribution.
#include <gtest/gtest.h>

#include <cmath>

#include "journeysim/model/service.hpp"
#include "world_fixture.hpp"

namespace {

using journeysim::model::Admission;
using journeysim::model::kNone;
using journeysim::model::Relation;
using random_state = journeysim::random::VisitDraws;
using journeysim::testing::three_stores;
using journeysim::testing::with_households;
using journeysim::testing::WorldFixture;
namespace model = journeysim::model;

// `near` has two positions; households tolerate one customer ahead of them.
const std::string kTwoServers = with_households(three_stores(), "queue_tolerance = 1");

TEST(Service, IdleStaffServeThenCustomersQueueThenBalk) {
    WorldFixture f(kTwoServers);
    auto& w = f.world;
    const auto a = model::admit(w, 0, -1, 0.0), b = model::admit(w, 0, -1, 0.0);
    EXPECT_EQ(a.kind, Admission::kServe);
    EXPECT_EQ(b.kind, Admission::kServe);
    EXPECT_NE(a.position, b.position);
    w.serving[a.position] = 0, w.serving[b.position] = 1;
    EXPECT_EQ(model::admit(w, 0, -1, 0.0).kind, Admission::kQueue);
    EXPECT_EQ(w.stores[0].waiting.level(), 1);
    EXPECT_EQ(model::admit(w, 0, -1, 0.0).kind, Admission::kBalk);  // one ahead already
    EXPECT_EQ(w.stores[0].waiting.level(), 1);
}

TEST(Service, ACustomerWhoAsksForHerSalespersonGetsHerOrWaits) {
    WorldFixture f(kTwoServers);
    auto& w = f.world;
    const std::uint32_t second = w.staff.first_position(0) + 1;
    // The idle stack serves the first position first: ask for the second.
    const auto served = model::admit(w, 0, static_cast<std::int32_t>(second), 0.0);
    ASSERT_EQ(served.kind, Admission::kServe);
    EXPECT_EQ(served.position, second);
    w.serving[second] = 0;
    // She is busy now: the next who asks for her waits although the other is idle.
    EXPECT_EQ(model::admit(w, 0, static_cast<std::int32_t>(second), 0.0).kind, Admission::kQueue);
    EXPECT_EQ(model::take_idle(w, 0), w.staff.first_position(0));
    EXPECT_EQ(model::take_idle(w, 0), kNone);
}

TEST(Service, WantedPositionIsTheSalespersonWhoServedTheHouseholdThere) {
    WorldFixture f(kTwoServers);
    auto& w = f.world;
    EXPECT_EQ(model::wanted_position(w, 5, 0), -1);  // no relation yet
    const std::uint32_t second = w.staff.first_position(0) + 1;
    w.relations.get(5, 0, 0.3f, 0.0).salesperson = w.staff.holder(second);
    EXPECT_EQ(model::wanted_position(w, 5, 0), static_cast<std::int32_t>(second));
    WorldFixture anyone(with_households(three_stores(), "asks_for_salesperson = false"));
    anyone.world.relations.get(5, 0, 0.3f, 0.0).salesperson = anyone.world.staff.holder(second);
    EXPECT_EQ(model::wanted_position(anyone.world, 5, 0), -1);
}

TEST(Service, NextCustomerIsHerOwnFirstThenTheQueueSkippingThoseWhoLeft) {
    WorldFixture f(kTwoServers);
    auto& w = f.world;
    const std::uint32_t p = w.staff.first_position(0);
    w.visit_stamps.resize(4);
    const auto ticket = [&](std::uint32_t visit) {
        return model::Ticket{visit, w.visit_stamps.cancel_all(visit)};
    };
    w.stores[0].queue.push(ticket(0));
    w.personal[p].push(ticket(1));
    w.stores[0].queue.push(ticket(2));
    w.stores[0].waiting.change(+3, 0.0);
    w.visit_stamps.cancel_all(0);  // visit 0 reneged
    EXPECT_EQ(model::next_customer(w, p, 1.0), 1u);
    EXPECT_EQ(model::next_customer(w, p, 1.0), 2u);
    EXPECT_EQ(w.stores[0].waiting.level(), 1);  // the stale ticket's count is the renege's to settle
    const auto idle_before = w.stores[0].idle.size();
    EXPECT_EQ(model::next_customer(w, p, 1.0), kNone);
    EXPECT_EQ(w.stores[0].idle.size(), idle_before + 1);  // nobody waits: she is idle
}

TEST(Service, QueueLengthIsTheTimeAverageOfThoseWaiting) {
    model::LevelOverTime waiting;
    waiting.restart(10.0);
    waiting.change(+2, 11.0);  // 0 for a day, then 2 for two days, then 1 for a day
    waiting.change(-1, 13.0);
    EXPECT_DOUBLE_EQ(waiting.mean(14.0), (0.0 + 2.0 * 2.0 + 1.0) / 4.0);
    waiting.restart(14.0);  // a new period: the level carries on
    EXPECT_DOUBLE_EQ(waiting.mean(16.0), 1.0);
    EXPECT_TRUE(std::isnan(waiting.mean(14.0)));
}

TEST(Service, ServiceTimesHaveTheScenarioMeanAndSpread) {
    for (const char* dist : {"exponential", "lognormal"}) {
        WorldFixture f(three_stores(std::string("service_minutes = 30.0\nservice_cv = 0.5\n"
                                                "service_distribution = \"") +
                                    dist + "\"\n"));
        constexpr int n = 40000;
        double sum = 0.0, sum2 = 0.0;
        for (int i = 0; i < n; ++i) {
            const double minutes =
                model::service_days(f.world.service_times[0], f.draws) * 1440.0;
            sum += minutes, sum2 += minutes * minutes;
        }
        const double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
        const double cv = std::string(dist) == "exponential" ? 1.0 : 0.5;
        EXPECT_NEAR(mean, 30.0, 4.0 * 30.0 * cv / std::sqrt(n)) << dist;
        EXPECT_NEAR(sd / mean, cv, 0.05) << dist;
    }
}

TEST(Service, OnlyAnOnlineOrderThatChatsGoesToACounter) {
    WorldFixture plain(three_stores());
    const random_state before = plain.draws;
    EXPECT_TRUE(model::at_counter(plain.world, 0, plain.draws));   // a shop
    EXPECT_FALSE(model::at_counter(plain.world, 2, plain.draws));  // online, no chat
    random_state untouched = before;
    EXPECT_EQ(plain.draws(), untouched());  // neither drew a number
    EXPECT_EQ(plain.world.staff.first_position(2), plain.world.staff.positions());  // no positions

    WorldFixture chat(three_stores("", "", "chat_staff = 2\nchat_share = 0.3\n"));
    EXPECT_EQ(chat.world.stores[2].idle.size(), 2u);  // the agents
    constexpr int n = 40000;
    int chats = 0;
    for (int i = 0; i < n; ++i) chats += model::at_counter(chat.world, 2, chat.draws);
    EXPECT_NEAR(chats / double(n), 0.3, 4.0 * std::sqrt(0.3 * 0.7 / n));
}

}  // namespace
