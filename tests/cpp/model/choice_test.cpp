// Choice on a World with no run: which stores a household considers and knows, and that the
// store it picks follows the logit closed form P(s) = exp(U_s) / sum_k exp(U_k) for the
// utilities of docs/model.md, trust included.
#include <gtest/gtest.h>

#include <array>
#include <cmath>

#include "journeysim/model/choice.hpp"
#include "journeysim/model/trust.hpp"
#include "world_fixture.hpp"

namespace {

using journeysim::model::ChoiceScratch;
using journeysim::model::kNone;
using journeysim::testing::three_stores;
using journeysim::testing::with_households;
using journeysim::testing::with_reach;
using journeysim::testing::WorldFixture;
namespace model = journeysim::model;

TEST(Choice, ConsidersOpenStoresInReachThatCarryTheCategoryAndWereNotTried) {
    WorldFixture f(with_reach(three_stores("", "", "opens = 2000-03-01\n"), "3.0"));
    const auto& w = f.world;
    double km = -1.0;
    EXPECT_TRUE(model::considers(w, 0, f.visit(0), 0.0, km));
    EXPECT_GT(km, 0.4);
    EXPECT_LT(km, 1.6);
    EXPECT_FALSE(model::considers(w, 1, f.visit(0), 0.0, km));  // 3.5 km or more: past reach
    EXPECT_FALSE(model::considers(w, 2, f.visit(0), 0.0, km));  // not open yet
    EXPECT_TRUE(model::considers(w, 2, f.visit(0), 70.0, km));
    EXPECT_EQ(km, 0.0);  // online: no distance
    auto tried = f.visit(0);
    tried.excluded = model::Visit::bit(0);
    EXPECT_FALSE(model::considers(w, 0, tried, 0.0, km));
}

TEST(Choice, AStoreNobodyKnewIsKnownOnceTheHouseholdHasBeenThere) {
    WorldFixture f(three_stores("awareness = 0.0\n"));
    auto& w = f.world;
    const journeysim::model::Hearsay nothing{};
    EXPECT_FALSE(model::knows(w, 3, 0, nothing));
    EXPECT_TRUE(model::knows(w, 3, 1, nothing));
    journeysim::model::Hearsay recommended{};
    recommended.aware = true;
    EXPECT_TRUE(model::knows(w, 3, 0, recommended));
    model::record_interaction(w, 3, 0, 0.5, -1, false, 0.0);
    EXPECT_TRUE(model::knows(w, 3, 0, nothing));
}

TEST(Choice, TermsNoStoreBringsInAreSwitchedOff) {
    const WorldFixture plain(three_stores());
    EXPECT_FALSE(plain.world.choice_terms.awareness);
    EXPECT_FALSE(plain.world.choice_terms.policies);
    EXPECT_TRUE(plain.world.choice_terms.online);  // `web`
    const WorldFixture unknown(three_stores("awareness = 0.5\n"));
    EXPECT_TRUE(unknown.world.choice_terms.awareness);
    EXPECT_FALSE(unknown.world.choice_terms.policies);
    const WorldFixture matching(three_stores("", "pricing = \"price_match\"\n"));
    EXPECT_TRUE(matching.world.choice_terms.policies);
    EXPECT_FALSE(matching.world.choice_terms.awareness);
}

// The closed form for household h: the logit of the documented utility terms that apply
// here (type constants, price, distance, trust).
std::array<double, 3> logit_shares(WorldFixture& f, std::uint32_t h, double t) {
    const auto& w = f.world;
    std::array<double, 3> u{};
    double total = 0.0;
    for (std::uint32_t s = 0; s < 3; ++s) {
        double km;
        EXPECT_TRUE(model::considers(w, s, f.visit(h), t, km));
        u[s] = w.fronts[s].static_utility - w.households[h].price_weight * w.fronts[s].log_price -
               w.households[h].distance_weight * km;
        if (const auto* r = w.relations.find(h, static_cast<std::uint16_t>(s)))
            u[s] += w.households[h].trust_weight * model::trust_now(w, *r, t);
    }
    for (double& x : u) total += (x = std::exp(x));
    for (double& x : u) x /= total;
    return u;
}

void expect_shares(WorldFixture& f, std::uint32_t h, double t) {
    const auto expected = logit_shares(f, h, t);
    ChoiceScratch scratch(3);
    constexpr int n = 40000;
    std::array<int, 3> chosen{};
    for (int i = 0; i < n; ++i) {
        const std::uint32_t s = model::choose_store(f.world, f.visit(h), t, f.draws,
                                                    scratch);
        ASSERT_NE(s, kNone);
        ++chosen[s];
    }
    for (std::size_t s = 0; s < 3; ++s)
        EXPECT_NEAR(chosen[s] / double(n), expected[s],
                    4.0 * std::sqrt(expected[s] * (1.0 - expected[s]) / n))
            << "store " << s;
}

constexpr const char* kTypes = "[choice.asc]\nrelationship = 0.4\nchain = 0.1\nonline = -0.3\n";

TEST(Choice, SharesFollowTheLogitOfPriceDistanceAndTypeTerms) {
    WorldFixture f(three_stores("price_index = 1.3\n", "price_index = 0.8\n", "", kTypes));
    expect_shares(f, 7, 0.0);
}

TEST(Choice, TrustRaisesAStoresShareAsTheClosedFormSays) {
    const std::string text = with_households(three_stores("", "", "", kTypes),
                                             "relationship_orientation = { mean = 2.0, sd = 0.1 }");
    WorldFixture plain(text), f(text);
    for (int visit = 0; visit < 5; ++visit)
        model::record_interaction(f.world, 7, 0, 1.0, -1, true, 0.0);
    EXPECT_GT(logit_shares(f, 7, 10.0)[0], logit_shares(plain, 7, 10.0)[0] + 0.05);
    expect_shares(f, 7, 10.0);
}

TEST(Choice, NoStoreWhenNoneCarriesItInReach) {
    WorldFixture f(with_reach(three_stores("", "", "closes = 2000-01-02\n"), "0.1"));
    ChoiceScratch scratch(3);
    EXPECT_EQ(model::choose_store(f.world, f.visit(0), 5.0, f.draws, scratch), kNone);
}

}  // namespace
