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

// Hours between each referral (an interaction at `empty`) and the same household's next
// interaction, its purchase at `full`, in a run of referring_town at this speed.
std::vector<double> hours_to_next_store(const std::string& speed) {
    const auto sc = cfg::parse_scenario(referring_town(speed));
    model::Simulation sim(sc, 5, 0);
    Heard heard;
    sim.set_interaction_listener(&heard);
    sim.advance_to(sim.horizon());
    std::map<std::uint32_t, double> referred;  // household -> time of its pending referral
    std::vector<double> hours;
    for (const auto& i : heard.all) {
        if (i.store == 0) {
            referred[i.household] = i.time;
        } else if (auto it = referred.find(i.household); it != referred.end()) {
            hours.push_back((i.time - it->second) * 24.0);
            referred.erase(it);
        }
    }
    return hours;
}

TEST(Travel, AReferredCustomerArrivesDistanceOverSpeedLater) {
    // 12 km at 30 km/h: 0.4 h, plus a service of a few milliseconds.
    const auto hours = hours_to_next_store("30.0");
    EXPECT_GT(hours.size(), 50u);
    for (const double h : hours) EXPECT_NEAR(h, 0.4, 1e-3);
}

TEST(Travel, WithoutASpeedTheReferredCustomerArrivesAtOnce) {
    const auto hours = hours_to_next_store("0.0");
    EXPECT_GT(hours.size(), 50u);
    for (const double h : hours) EXPECT_LT(h, 1e-3);
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

TEST(Travel, ATownWithASpeedOfItsOwnTravelsAtIt) {
    // The households walk (5 km/h); the hill town drives (40 km/h), and the valley has no
    // speed of its own.
    auto text = referring_town("5.0");
    const std::string here = "[towns.here]\nradius_km = 1.0\n";
    text.replace(text.find(here), here.size(),
                 "[towns.here]\nradius_km = 1.0\nshare = 0.5\n"
                 "[towns.hill]\nradius_km = 1.0\nshare = 0.5\ntravel_speed_kmh = 40.0\n");
    const auto sc = cfg::parse_scenario(text);
    model::Simulation sim(sc, 5, 0);
    const auto& world = sim.world();
    int seen[2] = {0, 0};
    for (std::uint32_t h = 0; h < world.households.size(); ++h) {
        const std::uint32_t town = world.households.town[h];
        ++seen[town];
        EXPECT_EQ(world.travel_speed(h), town == 0 ? 5.0 : 40.0);
        model::Visit v{};
        v.household = h;
        v.excluded = model::Visit::bit(0);  // from `empty` on to `full`, 12 km
        v.store = 0;
        EXPECT_NEAR(model::travel_days(world, v, 1) * 24.0, 12.0 / world.travel_speed(h), 1e-12);
    }
    EXPECT_GT(seen[0], 100);
    EXPECT_GT(seen[1], 100);
}

}  // namespace
