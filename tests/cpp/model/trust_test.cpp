// Trust on a World with no run: the asymmetric step after an interaction, decay on the
// store's clock between them, the recognition bonus, and what is left when the salesperson
// who built the relationship has gone (MODEL.md, "Trust dynamics").
#include <gtest/gtest.h>

#include <cmath>

#include "journeysim/model/trust.hpp"
#include "world_fixture.hpp"

namespace {

using journeysim::model::Relation;
using journeysim::testing::three_stores;
using journeysim::testing::WorldFixture;
namespace model = journeysim::model;

constexpr const char* kTrust =
    "[trust]\ninitial = 0.2\ngain = 0.3\nloss = 0.5\ndecay_per_year = 0.4\n"
    "recognition_bonus = 0.5\nkappa_lost = 0.25\n";

const Relation& relation(const WorldFixture& f, std::uint32_t h, std::uint16_t store) {
    const Relation* r = f.world.relations.find(h, store);
    EXPECT_NE(r, nullptr);
    return *r;
}

TEST(Trust, GoodVisitsStepTowardOneBadOnesTowardZero) {
    WorldFixture f(three_stores("", "", "", kTrust));
    model::record_interaction(f.world, 1, 0, 1.0, Relation::kNobody, true, 0.0);
    EXPECT_NEAR(relation(f, 1, 0).trust, 0.2 + 0.3 * 0.8, 1e-6);
    model::record_interaction(f.world, 1, 0, -0.5, Relation::kNobody, false, 0.0);
    const double after_good = 0.2 + 0.3 * 0.8;
    EXPECT_NEAR(relation(f, 1, 0).trust, after_good - 0.5 * 0.5 * after_good, 1e-6);
}

TEST(Trust, DecaysExponentiallyBetweenVisitsOnTheStoresClock) {
    WorldFixture f(three_stores("", "", "", kTrust));
    model::record_interaction(f.world, 1, 0, 1.0, Relation::kNobody, true, 0.0);
    const Relation& r = relation(f, 1, 0);
    const double year = journeysim::config::kDaysPerYear;
    EXPECT_NEAR(model::trust_now(f.world, r, year), r.trust * std::exp(-0.4), 1e-6);
    EXPECT_NEAR(model::trust_now(f.world, r, 2.5 * year), r.trust * std::exp(-1.0), 1e-6);
}

TEST(Trust, TheSalespersonWhoServedLastTimeAddsTheRecognitionBonus) {
    WorldFixture f(three_stores("", "", "", kTrust));
    auto& w = f.world;
    const std::int32_t her = w.staff.holder(w.staff.first_position(0));
    model::record_interaction(w, 1, 0, 1.0, her, true, 0.0);
    const double first = relation(f, 1, 0).trust;
    model::record_interaction(w, 1, 0, 1.0, her, true, 0.0);
    EXPECT_NEAR(relation(f, 1, 0).trust, first + 0.3 * 1.5 * (1.0 - first), 1e-6);
    EXPECT_EQ(relation(f, 1, 0).salesperson, her);
}

TEST(Trust, WhenTheSalespersonHasGoneOnlyTheStoresShareOfTrustRemains) {
    WorldFixture f(three_stores("", "", "", kTrust));
    auto& w = f.world;
    const std::uint32_t position = w.staff.first_position(0);
    model::record_interaction(w, 1, 0, 1.0, w.staff.holder(position), true, 0.0);
    const double built = relation(f, 1, 0).trust;
    w.staff.replace(position, 1.0);  // she leaves; a new hire takes the position
    model::record_interaction(w, 1, 0, 0.0, Relation::kNobody, false, 1.0);
    const double left = 0.25 * model::decayed_trust(built, 1.0, w.decay_per_day);
    EXPECT_NEAR(relation(f, 1, 0).trust, left, 1e-6);
    EXPECT_EQ(relation(f, 1, 0).salesperson, Relation::kNobody);
}

TEST(Trust, APurchaseMakesTheHouseholdACustomerOnce) {
    WorldFixture f(three_stores("", "", "", kTrust));
    auto& w = f.world;
    model::record_interaction(w, 4, 0, 0.5, Relation::kNobody, false, 0.0);
    EXPECT_TRUE(w.stores[0].customers.empty());
    model::record_interaction(w, 4, 0, 0.5, Relation::kNobody, true, 3.0);
    model::record_interaction(w, 4, 0, 0.5, Relation::kNobody, true, 9.0);
    EXPECT_EQ(w.stores[0].customers.size(), 1u);
    EXPECT_EQ(relation(f, 4, 0).purchase_day, 9);
    EXPECT_EQ(w.stores[0].active.count(), 1);
}

TEST(Trust, OnlineTrustCountsOnlyThroughARealPerson) {
    WorldFixture f(three_stores());
    EXPECT_TRUE(model::has_relationship(f.world, 1, 0, 0.0));
    EXPECT_FALSE(model::has_relationship(f.world, 1, 2, 0.0));  // online, no platforms
}

}  // namespace
