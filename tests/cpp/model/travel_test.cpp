// Travel time: with a speed, a referred customer reaches the next store exactly distance /
// speed after the referral; from home the first trip takes its own distance; without a
// speed nothing changes (the refactor's bit-identity checks cover that).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/model/interactions.hpp"
#include "journeysim/model/simulation.hpp"
#include "journeysim/model/travel.hpp"
#include "world_fixture.hpp"

namespace {

namespace cfg = journeysim::config;
namespace model = journeysim::model;

// Every interaction, in order.
class Heard : public model::InteractionListener {
public:
    void on_interaction(const model::Interaction& i) override { all.push_back(i); }
    std::vector<model::Interaction> all;
};

// A store out of stock that refers every customer 12 km east, to one that has it; service
// takes a few milliseconds, so that a customer's time at a store is its arrival time.
std::string referring_town(const std::string& speed) {
    return R"(
[simulation]
years = 0.2
[households]
count = 300
max_travel_km = 50.0
asks_for_salesperson = false
travel_speed_kmh = )" + speed + R"(
[towns.here]
radius_km = 1.0
[needs]
rate_per_year = 6.0
[trust]
referral_quality = 0.25
[stores.empty]
x = 0.0
availability = 0.0
referral = "refer"
staff = 50
service_minutes = 0.0001
service_distribution = "exponential"
[stores.full]
x = 12.0
availability = 1.0
staff = 50
service_minutes = 0.0001
service_distribution = "exponential"
[choice.asc]
chain = 0.0
)";
}

TEST(Travel, AReferredCustomerArrivesDistanceOverSpeedLater) {
    const auto sc = cfg::parse_scenario(referring_town("30.0"));
    model::Simulation sim(sc, 5, 0);
    Heard heard;
    sim.set_interaction_listener(&heard);
    sim.advance_to(sim.horizon());
    // Each referral (at `empty`, quality 0.25 less a tiny wait) is followed by the same
    // household's purchase at `full`, 12 km / 30 km/h = 0.4 h later (plus the service).
    std::map<std::uint32_t, double> referred;  // household -> time of its pending referral
    int checked = 0;
    for (const auto& i : heard.all) {
        if (i.store == 0) {
            referred[i.household] = i.time;
        } else if (auto it = referred.find(i.household); it != referred.end()) {
            EXPECT_NEAR((i.time - it->second) * 24.0, 0.4, 1e-3);
            referred.erase(it);
            ++checked;
        }
    }
    EXPECT_GT(checked, 50);
}

TEST(Travel, WithoutASpeedTheReferredCustomerArrivesAtOnce) {
    const auto sc = cfg::parse_scenario(referring_town("0.0"));
    model::Simulation sim(sc, 5, 0);
    Heard heard;
    sim.set_interaction_listener(&heard);
    sim.advance_to(sim.horizon());
    std::map<std::uint32_t, double> referred;
    int checked = 0;
    for (const auto& i : heard.all) {
        if (i.store == 0) {
            referred[i.household] = i.time;
        } else if (auto it = referred.find(i.household); it != referred.end()) {
            EXPECT_LT((i.time - it->second) * 24.0, 1e-3);
            referred.erase(it);
            ++checked;
        }
    }
    EXPECT_GT(checked, 50);
}

TEST(Travel, TheFirstTripIsFromHomeTheNextFromTheLastStore) {
    using journeysim::testing::three_stores;
    using journeysim::testing::with_households;
    journeysim::testing::WorldFixture f(with_households(three_stores(), "travel_speed_kmh = 20.0"));
    auto v = f.visit(4);
    const auto& home = f.world.households[4];
    const double from_home = std::hypot(1.0 - home.x, 0.0 - home.y);
    EXPECT_NEAR(model::travel_days(f.world, v, 0) * 24.0, from_home / 20.0, 1e-12);
    v.excluded = model::Visit::bit(0);  // turned away at `near` (1 km east): on from there
    v.store = 0;
    EXPECT_NEAR(model::travel_days(f.world, v, 1) * 24.0, 5.0 / 20.0, 1e-12);
    EXPECT_EQ(model::travel_days(f.world, v, 2), 0.0);  // online
}

}  // namespace
