// Households joining the social graph during a run: links made after the graph was built are
// seen by word of mouth and adoption like the built ones; a newcomer adopts a platform at
// its Bass hazard p + q A/d; a household that moves away leaves the audience.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/kernel/scheduler.hpp"
#include "journeysim/model/adoption.hpp"
#include "journeysim/model/social_graph.hpp"
#include "journeysim/model/word_of_mouth.hpp"

namespace {

namespace model = journeysim::model;
namespace random = journeysim::random;
using journeysim::config::kDaysPerYear;
using journeysim::kernel::Event;
using journeysim::kernel::Scheduler;
using model::SocialGraph;

std::vector<std::uint32_t> neighbours_of(const SocialGraph& g, std::uint32_t h) {
    std::vector<std::uint32_t> seen;
    g.for_each_neighbour(h, [&](std::uint32_t n) { seen.push_back(n); });
    return seen;
}

TEST(LivingGraph, LinksMadeDuringTheRunJoinTheBuiltOnes) {
    auto g = SocialGraph::from_edges(4, {{0, 1}, {1, 2}});
    EXPECT_EQ(g.add_household(), 4u);
    EXPECT_EQ(g.households(), 5u);
    EXPECT_TRUE(g.link(4, 1));
    EXPECT_TRUE(g.link(0, 4));
    EXPECT_FALSE(g.link(1, 4)) << "a repeat, either way round, is one friendship";
    EXPECT_FALSE(g.link(4, 4)) << "no self-loops";
    EXPECT_TRUE(g.link(2, 3)) << "built households may make new friends too";
    EXPECT_THROW(g.link(5, 0), std::invalid_argument);
    EXPECT_EQ(neighbours_of(g, 1), (std::vector<std::uint32_t>{0, 2, 4}));
    EXPECT_EQ(neighbours_of(g, 4), (std::vector<std::uint32_t>{1, 0}));
    EXPECT_EQ(neighbours_of(g, 3), (std::vector<std::uint32_t>{2}));
    EXPECT_TRUE(g.neighbours(4).empty()) << "neighbours() is the built part only";
    EXPECT_EQ(g.degree(1), 3u);
    EXPECT_EQ(g.degree(4), 2u);
    EXPECT_TRUE(g.linked(4, 0) && g.linked(0, 4) && g.linked(3, 2));
    EXPECT_FALSE(g.linked(4, 2));
    EXPECT_EQ(g.edges(), 5u);
    EXPECT_DOUBLE_EQ(g.mean_degree(), 10.0 / 5.0);
}

TEST(LivingGraph, WordOfMouthReachesNewFriends) {
    auto g = SocialGraph::from_edges(3, {{0, 1}});
    const auto newcomer = g.add_household();
    g.link(newcomer, 0);
    g.link(newcomer, 2);
    auto engine = random::make_engine(4);
    model::WordOfMouth wom(g, journeysim::config::WordOfMouth{1.0, 1.0, 0.5}, 9, engine);
    EXPECT_EQ(wom.tell(newcomer, 7, 0.8, false), 2u);
    EXPECT_TRUE(wom.aware(0, 7) && wom.aware(2, 7));
    EXPECT_FALSE(wom.aware(1, 7));
    EXPECT_EQ(wom.tell(0, 8, 0.8, false), 2u);  // its built friend 1 and the newcomer
    EXPECT_TRUE(wom.aware(newcomer, 8));
}

TEST(LivingGraph, ANewcomerAdoptsAtItsBassHazard) {
    // One household adopts first; then 4000 newcomers, each linked to it alone (A/d = 1),
    // adopt at p + q: by a time 1/(p + q) later, a share 1 - 1/e of them. Newcomers outside
    // the audience never adopt; one moving away leaves the counts.
    const double p = 0.5, q = 2.0;
    auto g = SocialGraph::from_edges(1, {});
    auto engine = random::make_engine(11);
    Scheduler clock;
    model::BassAdoption bass(g, p / kDaysPerYear, q / kDaysPerYear, 5, engine);
    const std::vector<std::uint8_t> everyone{1};
    bass.launch(clock, 0.0, everyone);
    auto run = [&](double until) {
        clock.run_until(until, [&](const Event& e) { bass.handle(e, clock); });
    };
    run(50 * kDaysPerYear);
    ASSERT_TRUE(bass.adopted(0));
    const double start = clock.now();
    const std::uint32_t n = 4000;
    for (std::uint32_t i = 0; i < n; ++i) {
        const auto h = g.add_household();
        g.link(h, 0);
        bass.add_household(h, /*in_audience=*/i % 4 != 3, clock);
    }
    EXPECT_EQ(bass.audience(), 1 + n * 3 / 4);
    run(start + kDaysPerYear / (p + q));
    const double share = static_cast<double>(bass.adopters() - 1) / (n * 3 / 4);
    const double expected = 1.0 - std::exp(-1.0);
    EXPECT_NEAR(share, expected, 4.0 * std::sqrt(expected * (1 - expected) / (n * 3 / 4)));
    for (std::uint32_t i = 3; i < n; i += 4) EXPECT_FALSE(bass.adopted(1 + i));
    // Moving away: an adopter leaves both counts, a waiting one the audience.
    const auto adopters = bass.adopters(), audience = bass.audience();
    std::uint32_t adopter = 1, waiting = 1;
    while (!bass.adopted(adopter)) ++adopter;
    while (bass.adopted(waiting) || waiting % 4 == 0) ++waiting;
    bass.remove_household(adopter);
    bass.remove_household(waiting);
    EXPECT_EQ(bass.adopters(), adopters - 1);
    EXPECT_EQ(bass.audience(), audience - 2);
    run(start + 20 * kDaysPerYear);
    EXPECT_FALSE(bass.adopted(waiting)) << "its clock is ignored once it has gone";
    EXPECT_EQ(bass.adopters(), bass.audience());
}

}  // namespace
