// A store's presence on social media: its trust clock is continuous and piecewise linear
// (slope 1 - engagement while on, 1 while off), and it listens only while on. The timeline's
// social-media entries are read with their errors named.
#include "journeysim/model/social_presence.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../scenario_fixtures.hpp"
#include "journeysim/config/scenario.hpp"

namespace {

namespace cfg = journeysim::config;
using journeysim::model::SocialPresence;
using journeysim::testing::describe;
using journeysim::testing::issues_at;
using journeysim::testing::kMinimalScenario;

// The corner store joins social media on its own date (1951-01-01 = day 365) with
// `social_media`, then the timeline entries follow.
cfg::Scenario with(const std::string& social_media, const std::string& timeline) {
    return cfg::parse_scenario("[simulation]\nstart_year = 1950\nyears = 10\n" +
                               std::string(kMinimalScenario) + social_media + timeline);
}

TEST(SocialPresence, NeverOnWithoutADate) {
    const auto sc = with("", "");
    const SocialPresence p(sc.stores[0].social_media, sc.timeline, 0);
    EXPECT_EQ(p.clock(1234.5), 1234.5);
    EXPECT_FALSE(p.on(1000.0));
    EXPECT_EQ(p.listening(1000.0), 0.0);
}

TEST(SocialPresence, OneDateIsTheSingleBendOfBefore) {
    const auto sc = with("[stores.corner.social_media]\nfrom = 1951-01-01\nengagement = 0.75\n"
                         "listening_per_year = 2\n", "");
    const SocialPresence p(sc.stores[0].social_media, sc.timeline, 0);
    EXPECT_EQ(p.clock(365.0), 365.0);
    EXPECT_EQ(p.clock(765.0), 365.0 + 0.25 * 400.0);
    EXPECT_FALSE(p.on(364.9));
    EXPECT_TRUE(p.on(365.0));
    EXPECT_EQ(p.listening(365.0), 0.0);  // listens after the day it joins
    EXPECT_EQ(p.listening(366.0), 2.0);
}

TEST(SocialPresence, JoinsChangesAndLeavesAtTimelineDates) {
    // Joins on day 365 (engagement 0.5), engages 0.9 from day 730, leaves on day 1095,
    // joins again on day 1460 with its own engagement (0.5) and listening 3.
    const auto sc = with("[stores.corner.social_media]\nfrom = 1951-01-01\nengagement = 0.5\n"
                         "listening_per_year = 1\n",
                         R"(
[[timeline]]
date = 1954-01-01
store = "corner"
social_media = "joins"
listening_per_year = 3
[[timeline]]
date = 1952-01-01
store = "corner"
engagement = 0.9
[[timeline]]
date = 1953-01-01
store = "corner"
social_media = "leaves"
)");
    const SocialPresence p(sc.stores[0].social_media, sc.timeline, 0);
    const double at730 = 365.0 + 0.5 * 365.0;
    const double at1095 = at730 + 0.1 * 365.0;
    const double at1460 = at1095 + 365.0;
    EXPECT_DOUBLE_EQ(p.clock(730.0), at730);
    EXPECT_DOUBLE_EQ(p.clock(1095.0), at1095);
    EXPECT_DOUBLE_EQ(p.clock(1460.0), at1460);
    EXPECT_DOUBLE_EQ(p.clock(1460.0 + 100.0), at1460 + 0.1 * 100.0);  // engagement 0.9 kept
    EXPECT_TRUE(p.on(1000.0));
    EXPECT_FALSE(p.on(1095.0));
    EXPECT_FALSE(p.on(1459.0));
    EXPECT_TRUE(p.on(1460.0));
    EXPECT_EQ(p.listening(1000.0), 1.0);
    EXPECT_EQ(p.listening(1200.0), 0.0);
    EXPECT_EQ(p.listening(1500.0), 3.0);
}

TEST(SocialPresence, TimelineEntriesAreChecked) {
    const std::string base = "[simulation]\nstart_year = 1950\n" + std::string(kMinimalScenario);
    const auto issue = [&](const std::string& entry, std::string_view path) {
        const auto issues = cfg::check_scenario(base + "[[timeline]]\ndate = 1951-01-01\n"
                                                       "store = \"corner\"\n" + entry);
        const auto at = issues_at(issues, path);
        EXPECT_EQ(at.size(), 1u) << "at " << path << ":" << describe(issues);
        return at.empty() ? std::string() : at.front().message;
    };
    const std::string word = issue("social_media = \"join\"\n", "timeline[0].social_media");
    EXPECT_NE(word.find("joins, leaves"), std::string::npos) << word;
    EXPECT_NE(word.find("\"join\""), std::string::npos) << word;
    const std::string leaves =
        issue("social_media = \"leaves\"\nengagement = 0.5\n", "timeline[0].engagement");
    EXPECT_NE(leaves.find("leaves social media"), std::string::npos) << leaves;
    const std::string range = issue("listening_per_year = -1\n", "timeline[0].listening_per_year");
    EXPECT_NE(range.find("-1"), std::string::npos) << range;
}

}  // namespace
