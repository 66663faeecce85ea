#pragma once
// A World built from a small scenario text, with no run: what the mechanism tests
// (choice, pricing, referral, service, stock, trust) exercise their functions on.
#include <memory>
#include <string>

#include "journeysim/config/scenario.hpp"
#include "journeysim/model/world.hpp"

namespace journeysim::testing {

// Three stores in one town of 200 households at the origin: `near` (relationship, 1 km
// east), `far` (chain, 4 km west) and `web` (online); one category priced 100 with no
// deadline pressure. `extra` is appended to the text (more keys, or whole tables).
inline std::string three_stores(const std::string& near = "", const std::string& far = "",
                                const std::string& web = "", const std::string& extra = "") {
    return R"(
[simulation]
start_year = 2000
years = 1
[households]
count = 200
max_travel_km = 10.0
[towns.centre]
radius_km = 0.5
[categories.shoes]
price = 100.0
deadline_days = 30.0
[stores.near]
type = "relationship"
x = 1.0
y = 0.0
staff = 2
)" + near + R"(
[stores.far]
type = "chain"
x = -4.0
y = 0.0
)" + far + R"(
[stores.web]
type = "online"
)" + web + "\n" + extra;
}

// The same text with households travelling at most `km`.
inline std::string with_reach(std::string text, const std::string& km) {
    const std::string key = "max_travel_km = 10.0";
    return text.replace(text.find(key), key.size(), "max_travel_km = " + km);
}

// The same text with one more line (`key = value`) in [households].
inline std::string with_households(std::string text, const std::string& line) {
    return text.insert(text.find("max_travel_km"), line + "\n");
}

// The scenario, its streams and the World, kept together (the World refers to both).
struct WorldFixture {
    explicit WorldFixture(const std::string& toml, std::uint64_t seed = 1)
        : sc(config::parse_scenario(toml)), streams(seed, 0, seeds), world(sc, streams) {}
    // A visit of household h for category 0 at day t, at `store`, drawing its own numbers.
    model::Visit visit(std::uint32_t household, std::uint32_t store = 0, double t = 0.0) {
        model::Visit v;
        v.household = household;
        v.store = store;
        v.arrival = t;
        v.deadline = t + sc.categories[0].deadline_days;
        v.draws = random::VisitDraws(streams.visits_salt, visits_made++);
        return v;
    }

    config::Scenario sc;
    std::vector<records::StreamSeed> seeds;
    model::RunStreams streams;
    model::World world;
    std::uint64_t visits_made = 0;
    random::VisitDraws draws{17, 0};  // for tests that draw many times
};

}  // namespace journeysim::testing
