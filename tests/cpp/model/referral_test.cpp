// Referral policies on a World with no run: which competitor a store refers to, and what it
// does at the end of a service under each policy.
#include <gtest/gtest.h>

#include "journeysim/model/referral.hpp"
#include "world_fixture.hpp"

namespace {

using journeysim::model::AfterService;
using journeysim::testing::three_stores;
using journeysim::testing::with_reach;
using journeysim::testing::WorldFixture;
namespace model = journeysim::model;

std::string policy(const std::string& referral, const std::string& more = "",
                   const std::string& availability = "0.5") {
    return "referral = \"" + referral + "\"\navailability = " + availability + "\n" + more;
}

TEST(Referral, RefersToTheCompetitorLikeliestToHaveTheItem) {
    WorldFixture f(three_stores(policy("refer"), "availability = 0.95\n",
                                "availability = 0.6\n"));
    EXPECT_EQ(model::referral_target(f.world, f.visit(0), 0.0, false), 1);
    // A competitor the customer has already tried is not a target.
    auto tried = f.visit(0);
    tried.excluded = model::Visit::bit(1);
    EXPECT_EQ(model::referral_target(f.world, tried, 0.0, false), 2);
}

TEST(Referral, OnEqualChancesTheNearerStoreWins) {
    WorldFixture f(three_stores(policy("refer"), "availability = 0.8\n",
                                "availability = 0.8\n"));
    EXPECT_EQ(model::referral_target(f.world, f.visit(0), 0.0, false), 2);  // online: 0 km
}

TEST(Referral, NobodyToReferToWhenNoCompetitorIsInReachOrHasIt) {
    WorldFixture f(with_reach(three_stores(policy("refer"), "", "availability = 0.0\n"), "2.0"));
    EXPECT_EQ(model::referral_target(f.world, f.visit(0), 0.0, false), -1);
}

TEST(Referral, ReferBetterNeedsACheaperStoreAtLeastAsLikelyToHaveIt) {
    // `far` is 30% cheaper (past the 15% threshold) and as likely; `web` is 10% cheaper.
    WorldFixture f(three_stores(policy("refer_better", "", "0.8"),
                                "price_index = 0.7\navailability = 0.8\n",
                                "price_index = 0.9\navailability = 1.0\n"));
    EXPECT_EQ(model::referral_target(f.world, f.visit(0), 0.0, true), 1);
    WorldFixture less_likely(three_stores(policy("refer_better", "", "0.9"),
                                          "price_index = 0.7\navailability = 0.8\n"));
    EXPECT_EQ(model::referral_target(less_likely.world, less_likely.visit(0), 0.0, true), -1);
}

TEST(Referral, EachPolicyDoesWhatItSaysWhenTheItemIsMissing) {
    const auto outcome = [](const std::string& near, double t = 0.0, bool available = false) {
        WorldFixture f(three_stores(near, "availability = 0.9\n", "availability = 0.5\n"));
        return model::after_service(f.world, f.visit(0, 0, t), available, t, f.draws);
    };
    EXPECT_EQ(outcome(policy("none")).kind, AfterService::kLost);
    const auto referred = outcome(policy("refer"));
    EXPECT_EQ(referred.kind, AfterService::kRefer);
    EXPECT_EQ(referred.target, 1);
    EXPECT_EQ(outcome(policy("special_order", "special_order_days = 14.0\n")).kind,
              AfterService::kSpecialOrder);
    // An order that would arrive after the need's deadline (30 days) is not placed.
    EXPECT_EQ(outcome(policy("special_order", "special_order_days = 31.0\n")).kind,
              AfterService::kLost);
    EXPECT_EQ(outcome(policy("push_substitute", "substitute_sale_probability = 1.0\n")).kind,
              AfterService::kSubstitute);
    EXPECT_EQ(outcome(policy("push_substitute", "substitute_sale_probability = 0.0\n")).kind,
              AfterService::kLost);
    // With the item there, every policy sells, except refer_better facing a better store.
    EXPECT_EQ(outcome(policy("refer"), 0.0, true).kind, AfterService::kSell);
    EXPECT_EQ(outcome(policy("special_order"), 0.0, true).kind, AfterService::kSell);
}

TEST(Referral, ReferBetterSendsTheCustomerOnEvenWhenItCouldSell) {
    WorldFixture f(three_stores(policy("refer_better", "", "0.8"),
                                "price_index = 0.7\navailability = 0.9\n"));
    const auto next = model::after_service(f.world, f.visit(0), true, 0.0, f.draws);
    EXPECT_EQ(next.kind, AfterService::kRefer);
    EXPECT_EQ(next.target, 1);
}

TEST(Referral, PartnersComeFirstInTheirOrderWhenTheyQualify) {
    // `web` is likelier to have it, but `near` names `far` as its partner.
    WorldFixture f(three_stores(policy("refer", "refer_to = [\"far\", \"web\"]\n"),
                                "availability = 0.3\n", "availability = 0.95\n"));
    EXPECT_EQ(model::referral_target(f.world, f.visit(0), 0.0, false), 1);
    // A partner out of reach, or without the item, does not qualify: the next one does.
    WorldFixture far_away(with_reach(
        three_stores(policy("refer", "refer_to = [\"far\", \"web\"]\n"), "", "availability = 0.2\n"),
        "2.0"));
    EXPECT_EQ(model::referral_target(far_away.world, far_away.visit(0), 0.0, false), 2);
    WorldFixture none_has(three_stores(policy("refer", "refer_to = [\"web\"]\n"),
                                       "availability = 0.9\n", "availability = 0.0\n"));
    EXPECT_EQ(model::referral_target(none_has.world, none_has.visit(0), 0.0, false), 1);
}

TEST(Referral, PartnersNeedAReferringPolicyAndAnotherStore) {
    const auto issues = journeysim::config::check_scenario(
        three_stores("refer_to = [\"far\"]\n", "referral = \"refer\"\nrefer_to = [\"far\"]\n"));
    ASSERT_EQ(issues.size(), 2u);
    EXPECT_EQ(issues[0].path, "stores.near.refer_to");
    EXPECT_NE(issues[0].message.find("referral = \"refer\""), std::string::npos);
    EXPECT_EQ(issues[1].path, "stores.far.refer_to");
    EXPECT_NE(issues[1].message.find("cannot refer to itself"), std::string::npos);
}

TEST(Referral, SubstituteSalesFollowTheirProbability) {
    WorldFixture f(three_stores(policy("push_substitute", "substitute_sale_probability = 0.3\n")));
    constexpr int n = 20000;
    int substitutes = 0;
    for (int i = 0; i < n; ++i)
        substitutes += model::after_service(f.world, f.visit(0), false, 0.0, f.draws)
                           .kind == AfterService::kSubstitute;
    EXPECT_NEAR(substitutes, 0.3 * n, 4.0 * std::sqrt(n * 0.3 * 0.7));
}

}  // namespace
