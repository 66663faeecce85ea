// Word of mouth: p_tell = 0 changes nothing; the number told matches p_tell x degree (and the
// amplification for social-media users); opinions stay in [-1, 1] and converge to q; a
// recommendation makes a store known; the sparse table keeps every entry.
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
    model::WordOfMouth wom(g, WordOfMouth{0.0, 10.0, 0.5}, engine);
    for (std::uint32_t h = 0; h < 1000; ++h) {
        EXPECT_EQ(wom.tell(h, 3, 0.8, h % 2 == 0), 0u);
        EXPECT_EQ(wom.tell(h, 4, -0.9, false), 0u);
    }
    EXPECT_EQ(wom.hearsay().size(), 0u);
    EXPECT_EQ(wom.opinion(1, 3), 0.0f);
    EXPECT_FALSE(wom.aware(1, 3));
    EXPECT_TRUE(engine == untouched) << "p_tell = 0 must not even draw";
}

TEST(WordOfMouth, ExpectedNumberToldIsPTellTimesDegree) {
    const std::uint32_t k = 10;
    const auto g = lattice(5000, k);
    auto engine = random::make_engine(7);
    const double p_tell = 0.3, amplification = 2.0;
    model::WordOfMouth wom(g, WordOfMouth{p_tell, amplification, 0.3}, engine);
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
    model::WordOfMouth wom(g, WordOfMouth{p, 1.0, 0.3}, engine);
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
    model::WordOfMouth wom(g, WordOfMouth{0.1, 10.0, 0.3}, engine);
    std::vector<std::uint8_t> users(n, 0);
    for (std::uint32_t h = 0; h < n; h += 2) users[h] = 1;  // even households use social media
    wom.set_social_media_users(users);
    model::InteractionListener& listener = wom;
    double told_by_others = 0;
    for (std::uint32_t h = 0; h < n; ++h) {
        const auto before = wom.hearsay().size();
        if (users[h]) {
            // Users tell with p = min(1, 0.1 x 10) = 1: every neighbour hears of store 3.
            listener.on_interaction({1.0, h, 3, 0.8});
            for (std::uint32_t nb : g.neighbours(h)) ASSERT_TRUE(wom.aware(nb, 3));
        } else {
            // A store of its own per non-user, so each neighbour told is one new entry.
            listener.on_interaction({1.0, h, 100 + h / 2, 0.8});
            told_by_others += static_cast<double>(wom.hearsay().size() - before);
        }
    }
    // Non-users tell each neighbour with p = 0.1: mean 1 told, sd of the mean 0.021.
    EXPECT_NEAR(told_by_others / (n / 2), 0.1 * k, 0.09);
    EXPECT_THROW(listener.on_interaction({1.0, 0, 70'000, 0.5}), std::out_of_range);
}

TEST(WordOfMouth, AmplifiedProbabilityIsCappedAtOne) {
    const auto g = lattice(100, 6);
    auto engine = random::make_engine(2);
    model::WordOfMouth wom(g, WordOfMouth{0.4, 5.0, 0.3}, engine);
    for (std::uint32_t h = 0; h < 100; ++h) EXPECT_EQ(wom.tell(h, 0, 0.5, true), 6u);
}

TEST(WordOfMouth, OpinionsStayInRangeAndConvergeToTheQualityTold) {
    const auto g = SocialGraph::from_edges(2, {{0, 1}});
    auto engine = random::make_engine(3);
    const double w = 0.25;
    model::WordOfMouth wom(g, WordOfMouth{1.0, 1.0, w}, engine);
    // omega_k = q (1 - (1 - w)^k) after k tellings of q from omega_0 = 0.
    for (int k = 1; k <= 60; ++k) {
        ASSERT_EQ(wom.tell(0, 9, 0.7, false), 1u);
        EXPECT_NEAR(wom.opinion(1, 9), 0.7 * (1 - std::pow(1 - w, k)), 1e-5) << "k = " << k;
    }
    EXPECT_NEAR(wom.opinion(1, 9), 0.7, 1e-5);
    EXPECT_EQ(wom.opinion(0, 9), 0.0f) << "the teller's own opinion is not hearsay";
    // Then bad news, including out-of-range qualities (clamped): stays in [-1, 1], goes to -1.
    for (int k = 0; k < 200; ++k) {
        wom.tell(0, 9, k % 2 ? -3.0 : -1.0, false);
        ASSERT_GE(wom.opinion(1, 9), -1.0f);
        ASSERT_LE(wom.opinion(1, 9), 1.0f);
    }
    EXPECT_NEAR(wom.opinion(1, 9), -1.0, 1e-5);
}

TEST(WordOfMouth, RandomQualitiesKeepEveryOpinionInRange) {
    const auto g = lattice(2000, 8);
    auto engine = random::make_engine(4);
    model::WordOfMouth wom(g, WordOfMouth{0.5, 2.0, 0.9}, engine);
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
    model::WordOfMouth wom(g, WordOfMouth{1.0, 1.0, 0.5}, engine);
    wom.tell(1, 4, -0.6, false);
    EXPECT_FALSE(wom.aware(0, 4));
    EXPECT_LT(wom.opinion(0, 4), 0.0f);
    wom.tell(1, 4, 0.9, false);
    EXPECT_TRUE(wom.aware(0, 4) && wom.aware(2, 4));
    EXPECT_FALSE(wom.aware(0, 5)) << "awareness is per store";
    EXPECT_FALSE(wom.aware(1, 4)) << "the teller was not told";
}

TEST(HearsayTable, KeepsEveryEntryThroughGrowth) {
    model::HearsayTable table;
    std::map<std::pair<std::uint32_t, std::uint16_t>, float> reference;
    auto draws = random::make_engine(6);
    for (int i = 0; i < 100'000; ++i) {
        const auto h = static_cast<std::uint32_t>(random::uniform_index(draws, 30'000));
        const auto s = static_cast<std::uint16_t>(random::uniform_index(draws, 20));
        const float v = static_cast<float>(random::uniform01(draws));
        table.at(h, s).opinion = v;
        reference[{h, s}] = v;
    }
    EXPECT_EQ(table.size(), reference.size());
    for (const auto& [key, v] : reference) {
        const auto* e = table.find(key.first, key.second);
        ASSERT_NE(e, nullptr);
        EXPECT_EQ(e->opinion, v);
    }
    EXPECT_EQ(table.find(30'001, 0), nullptr);
    EXPECT_LE(table.bytes(), 16u * 2 * reference.size() / 0.7 + 16);
}

}  // namespace
