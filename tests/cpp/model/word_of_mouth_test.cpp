// Word of mouth: p_tell = 0 changes nothing; the number told matches p_tell x degree (and the
// amplification for social-media users); opinions stay in [-1, 1] and converge to q; a
// recommendation makes a store known; the hearsay table keeps what it is given, to its
// resolution, and grows with the households.
#include "journeysim/model/word_of_mouth.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "journeysim/random/draws.hpp"

namespace {

namespace model = journeysim::model;
namespace random = journeysim::random;
using journeysim::config::WordOfMouth;
using model::SocialGraph;

SocialGraph lattice(std::uint32_t n, std::uint32_t k) {
    auto engine = random::make_engine(1);
    return model::watts_strogatz(n, k, 0.0, engine);
}

TEST(WordOfMouth, NobodyToldWhenPTellIsZero) {
    const auto g = lattice(1000, 10);
    auto engine = random::make_engine(5);
    const auto untouched = engine;
    model::WordOfMouth wom(g, WordOfMouth{0.0, 10.0, 0.5}, 8, engine);
    for (std::uint32_t h = 0; h < 1000; ++h) {
        EXPECT_EQ(wom.tell(h, 3, 0.8, h % 2 == 0), 0u);
        EXPECT_EQ(wom.tell(h, 4, -0.9, false), 0u);
    }
    EXPECT_EQ(wom.hearsay().entries(), 0u);
    EXPECT_EQ(wom.opinion(1, 3), 0.0f);
    EXPECT_FALSE(wom.aware(1, 3));
    EXPECT_TRUE(engine == untouched) << "p_tell = 0 must not even draw";
}

TEST(WordOfMouth, ExpectedNumberToldIsPTellTimesDegree) {
    const std::uint32_t k = 10;
    const auto g = lattice(5000, k);
    auto engine = random::make_engine(7);
    const double p_tell = 0.3, amplification = 2.0;
    model::WordOfMouth wom(g, WordOfMouth{p_tell, amplification, 0.3}, 7, engine);
    const int events = 20'000;
    auto mean_told = [&](bool social) {
        double told = 0;
        for (int i = 0; i < events; ++i)
            told += wom.tell(static_cast<std::uint32_t>(random::uniform_index(engine, 5000)),
                             static_cast<std::uint16_t>(i % 7), 0.5, social);
        return told / events;
    };
    // Told ~ Binomial(k, p) per event: the mean over 20,000 events has sd sqrt(k p(1-p)/20000).
    for (auto [social, p] : {std::pair{false, p_tell}, std::pair{true, p_tell * amplification}}) {
        const double sd = std::sqrt(k * p * (1 - p) / events);
        EXPECT_NEAR(mean_told(social), p * k, 4 * sd) << (social ? "amplified" : "plain");
    }
}

TEST(WordOfMouth, NumberToldFollowsTheBinomialLaw) {
    // Telling skips geometric gaps between the neighbours told; the count told must still be
    // Binomial(k, p): each frequency within 4 sd of its probability.
    const std::uint32_t k = 10;
    const auto g = lattice(5000, k);
    auto engine = random::make_engine(11);
    const double p = 0.3;
    model::WordOfMouth wom(g, WordOfMouth{p, 1.0, 0.3}, 1, engine);
    const int events = 20'000;
    std::vector<int> frequency(k + 1, 0);
    for (int i = 0; i < events; ++i)
        ++frequency[wom.tell(static_cast<std::uint32_t>(i % 5000), 0, 0.5, false)];
    double choose = 1.0;  // k over c
    for (std::uint32_t c = 0; c <= k; ++c) {
        const double pmf = choose * std::pow(p, c) * std::pow(1 - p, k - c);
        const double sd = std::sqrt(pmf * (1 - pmf) / events);
        EXPECT_NEAR(frequency[c] / static_cast<double>(events), pmf, 4 * sd + 1e-4) << "told " << c;
        choose = choose * (k - c) / (c + 1);
    }
}

TEST(WordOfMouth, ListensToInteractionsAndAmplifiesSocialMediaUsers) {
    const std::uint32_t k = 10, n = 4000;
    const auto g = lattice(n, k);
    auto engine = random::make_engine(9);
    model::WordOfMouth wom(g, WordOfMouth{0.1, 10.0, 0.3}, 8, engine);
    std::vector<std::uint8_t> users(n, 0);
    for (std::uint32_t h = 0; h < n; h += 2) users[h] = 1;  // even households use social media
    wom.set_social_media_users(users);
    model::InteractionListener& listener = wom;
    double told_by_others = 0;
    for (std::uint32_t h = 0; h < n; ++h) {
        if (users[h]) {
            // Users tell with p = min(1, 0.1 x 10) = 1: every neighbour hears of store 3.
            listener.on_interaction({1.0, h, 3, 0.8});
            for (std::uint32_t nb : g.neighbours(h)) ASSERT_TRUE(wom.aware(nb, 3));
        } else {
            // Non-users tell of store 5 + h % 3; a neighbour told then knows it. The
            // neighbours of three non-users in a row never share that store's column.
            const std::uint32_t store = 5 + (h / 2) % 3;
            const auto knew = [&] {
                double aware = 0;
                for (std::uint32_t nb : g.neighbours(h)) aware += wom.aware(nb, store);
                return aware;
            };
            const double before = knew();
            listener.on_interaction({1.0, h, store, 0.8});
            told_by_others += knew() - before;
        }
    }
    // Non-users tell each neighbour with p = 0.1: mean 1 told, sd of the mean 0.021.
    EXPECT_NEAR(told_by_others / (n / 2), 0.1 * k, 0.09);
    EXPECT_THROW(listener.on_interaction({1.0, 0, 8, 0.5}), std::out_of_range);
}

TEST(WordOfMouth, AmplifiedProbabilityIsCappedAtOne) {
    const auto g = lattice(100, 6);
    auto engine = random::make_engine(2);
    model::WordOfMouth wom(g, WordOfMouth{0.4, 5.0, 0.3}, 1, engine);
    for (std::uint32_t h = 0; h < 100; ++h) EXPECT_EQ(wom.tell(h, 0, 0.5, true), 6u);
}

TEST(WordOfMouth, OpinionsStayInRangeAndConvergeToTheQualityTold) {
    const auto g = SocialGraph::from_edges(2, {{0, 1}});
    auto engine = random::make_engine(3);
    const double w = 0.25;
    model::WordOfMouth wom(g, WordOfMouth{1.0, 1.0, w}, 10, engine);
    // omega_k = q (1 - (1 - w)^k) after k tellings of q from omega_0 = 0. Each stored value
    // is rounded to 1/kSteps, and the rounding errors shrink by (1 - w) a step, so they add up
    // to at most 0.5 / (kSteps w).
    const double resolution = 0.5 / (model::HearsayTable::kSteps * w) + 1e-6;
    for (int k = 1; k <= 60; ++k) {
        ASSERT_EQ(wom.tell(0, 9, 0.7, false), 1u);
        EXPECT_NEAR(wom.opinion(1, 9), 0.7 * (1 - std::pow(1 - w, k)), resolution) << "k = " << k;
    }
    EXPECT_NEAR(wom.opinion(1, 9), 0.7, resolution);
    EXPECT_EQ(wom.opinion(0, 9), 0.0f) << "the teller's own opinion is not hearsay";
    // Then bad news, including out-of-range qualities (clamped): stays in [-1, 1], goes to -1.
    for (int k = 0; k < 200; ++k) {
        wom.tell(0, 9, k % 2 ? -3.0 : -1.0, false);
        ASSERT_GE(wom.opinion(1, 9), -1.0f);
        ASSERT_LE(wom.opinion(1, 9), 1.0f);
    }
    EXPECT_NEAR(wom.opinion(1, 9), -1.0, resolution);
}

TEST(WordOfMouth, RandomQualitiesKeepEveryOpinionInRange) {
    const auto g = lattice(2000, 8);
    auto engine = random::make_engine(4);
    model::WordOfMouth wom(g, WordOfMouth{0.5, 2.0, 0.9}, 5, engine);
    auto draws = random::make_engine(40);
    for (int i = 0; i < 50'000; ++i)
        wom.tell(static_cast<std::uint32_t>(random::uniform_index(draws, 2000)),
                 static_cast<std::uint16_t>(random::uniform_index(draws, 5)),
                 4.0 * random::uniform01(draws) - 2.0, i % 3 == 0);
    for (std::uint32_t h = 0; h < 2000; ++h)
        for (std::uint16_t s = 0; s < 5; ++s) {
            ASSERT_GE(wom.opinion(h, s), -1.0f);
            ASSERT_LE(wom.opinion(h, s), 1.0f);
        }
}

TEST(WordOfMouth, RecommendationsMakeAStoreKnownComplaintsDoNot) {
    const auto g = SocialGraph::from_edges(3, {{0, 1}, {1, 2}});
    auto engine = random::make_engine(5);
    model::WordOfMouth wom(g, WordOfMouth{1.0, 1.0, 0.5}, 6, engine);
    wom.tell(1, 4, -0.6, false);
    EXPECT_FALSE(wom.aware(0, 4));
    EXPECT_LT(wom.opinion(0, 4), 0.0f);
    wom.tell(1, 4, 0.9, false);
    EXPECT_TRUE(wom.aware(0, 4) && wom.aware(2, 4));
    EXPECT_FALSE(wom.aware(0, 5)) << "awareness is per store";
    EXPECT_FALSE(wom.aware(1, 4)) << "the teller was not told";
}

TEST(HearsayTable, KeepsWhatItIsGivenToItsResolutionAndGrowsWithHouseholds) {
    model::HearsayTable table(20, 1000);
    EXPECT_EQ(table.bytes(), 1000u * 20 * 2);
    std::map<std::pair<std::uint32_t, std::uint32_t>, model::Hearsay> reference;
    auto draws = random::make_engine(6);
    for (int i = 0; i < 100'000; ++i) {
        // Households beyond the first 1,000 join as the table is written.
        const auto h = static_cast<std::uint32_t>(random::uniform_index(draws, 30'000));
        const auto s = static_cast<std::uint32_t>(random::uniform_index(draws, 20));
        const model::Hearsay heard{static_cast<float>(2.0 * random::uniform01(draws) - 1.0),
                                   random::uniform01(draws) < 0.5};
        table.set(h, s, heard);
        reference[{h, s}] = heard;
    }
    std::size_t entries = 0;
    for (const auto& [key, heard] : reference) {
        const model::Hearsay got = table.get(key.first, key.second);
        ASSERT_NEAR(got.opinion, heard.opinion, 0.5f / model::HearsayTable::kSteps + 1e-6f);
        ASSERT_EQ(got.aware, heard.aware);
        entries += got.opinion != 0.0f || got.aware;
    }
    EXPECT_EQ(table.entries(), entries);
    // Extremes and zero round-trip exactly; nothing heard reads as nothing.
    for (const float v : {-1.0f, 0.0f, 1.0f}) {
        table.set(7, 3, {v, true});
        EXPECT_EQ(table.get(7, 3).opinion, v);
        EXPECT_TRUE(table.get(7, 3).aware);
    }
    EXPECT_EQ(table.get(40'000, 0).opinion, 0.0f);
    EXPECT_FALSE(table.get(40'000, 0).aware);
    EXPECT_THROW(table.set(0, 20, {}), std::out_of_range);
    // Grown by a quarter at a time, never doubled: at most 1.25x the rows written.
    const std::uint32_t rows = reference.rbegin()->first.first + 1;
    EXPECT_LE(table.bytes(), 1.25 * rows * 20 * 2 + 1);
}

}  // namespace
