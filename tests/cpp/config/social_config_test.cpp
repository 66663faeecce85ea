// [social] and [platforms.<name>]: documented defaults, every field read, and bad input
// reported with its path, the value and what was expected.
#include "journeysim/config/social.hpp"

#include <gtest/gtest.h>

#include <string>

#include "../scenario_fixtures.hpp"
#include "journeysim/config/scenario.hpp"

namespace {

namespace cfg = journeysim::config;
using journeysim::testing::describe;
using journeysim::testing::issues_at;
using journeysim::testing::kMinimalScenario;

std::string with(std::string_view sections) {
    return std::string(kMinimalScenario) + "\n" + std::string(sections) + "\n";
}

// The one issue `text` raises, which must be at `path`; its message.
std::string only_issue_at(const std::string& text, std::string_view path) {
    const auto issues = cfg::check_scenario(text);
    EXPECT_EQ(issues.size(), 1u) << "expected one issue at " << path << ", got" << describe(issues);
    const auto at = issues_at(issues, path);
    if (at.empty()) {
        ADD_FAILURE() << "no issue at " << path << "; got" << describe(issues);
        return "";
    }
    return at.front().message;
}

bool has(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

TEST(SocialConfig, DefaultsWhenAbsent) {
    const auto sc = cfg::parse_scenario(std::string(kMinimalScenario));
    EXPECT_EQ(sc.social.graph.kind, cfg::GraphKind::none);
    EXPECT_EQ(sc.social.word_of_mouth.p_tell, 0.0);
    EXPECT_EQ(sc.social.word_of_mouth.amplification, 1.0);
    EXPECT_EQ(sc.social.word_of_mouth.opinion_weight, 0.3);
    EXPECT_TRUE(sc.social.platforms.empty());
}

TEST(SocialConfig, ReadsEveryField) {
    const auto sc = cfg::parse_scenario(with(R"(
[social]
graph = "watts_strogatz"
mean_degree = 8
rewire = 0.05
p_tell = 0.2
amplification = 3
opinion_weight = 0.4

[platforms.facebook]
launch = 1952-07-01
innovation = 0.02
imitation = 0.5
audience = { age_18_29 = 0.9, age_65_up = 0.1 }
carries = ["reviews", "shopping_chat"]

[platforms.blogs]
launch = 1951
)"));
    const auto& g = sc.social.graph;
    EXPECT_EQ(g.kind, cfg::GraphKind::watts_strogatz);
    EXPECT_EQ(g.mean_degree, 8.0);
    EXPECT_EQ(g.rewire, 0.05);
    EXPECT_EQ(sc.social.word_of_mouth.p_tell, 0.2);
    EXPECT_EQ(sc.social.word_of_mouth.amplification, 3.0);
    EXPECT_EQ(sc.social.word_of_mouth.opinion_weight, 0.4);
    ASSERT_EQ(sc.social.platforms.size(), 2u);
    const auto& fb = sc.social.platforms[0];
    EXPECT_EQ(fb.name, "facebook");
    EXPECT_EQ(fb.launch_day, 2 * 365 + 181);
    EXPECT_EQ(fb.innovation, 0.02);
    EXPECT_EQ(fb.imitation, 0.5);
    EXPECT_EQ(fb.audience, (std::array<double, 4>{0.9, 1.0, 1.0, 0.1}));
    EXPECT_TRUE(fb.has(cfg::Carries::reviews) && fb.has(cfg::Carries::shopping_chat));
    EXPECT_FALSE(fb.has(cfg::Carries::real_person));
    const auto& blogs = sc.social.platforms[1];
    EXPECT_EQ(blogs.name, "blogs");
    EXPECT_EQ(blogs.launch_day, 365);
    EXPECT_EQ(blogs.innovation, 0.03);
    EXPECT_EQ(blogs.imitation, 0.38);
    EXPECT_EQ(blogs.carries, 0u);
}

TEST(SocialConfig, EachGeneratorAndAnEdgeList) {
    EXPECT_EQ(cfg::parse_scenario(with("[social]\ngraph = \"erdos_renyi\"\nmean_degree = 4.5"))
                  .social.graph.kind,
              cfg::GraphKind::erdos_renyi);
    const auto plod =
        cfg::parse_scenario(with("[social]\ngraph = \"power_law\"\nexponent = 0.5")).social.graph;
    EXPECT_EQ(plod.kind, cfg::GraphKind::power_law);
    EXPECT_EQ(plod.exponent, 0.5);
    EXPECT_EQ(plod.mean_degree, 10.0);
    const auto near =
        cfg::parse_scenario(with("[social]\ngraph = \"spatial\"\nradius_km = 0.05")).social.graph;
    EXPECT_EQ(near.kind, cfg::GraphKind::spatial);
    EXPECT_EQ(near.radius_km, 0.05);
    const auto file =
        cfg::parse_scenario(with("[social]\nedges = \"graphs/friends.txt\"")).social.graph;
    EXPECT_EQ(file.kind, cfg::GraphKind::edge_list);
    EXPECT_EQ(file.edges, "graphs/friends.txt");
}

TEST(SocialConfig, UnknownKeysGetAHint) {
    EXPECT_EQ(only_issue_at(with("[social]\np_tel = 0.1"), "social.p_tel"),
              "unknown key (did you mean 'p_tell'?)");
    EXPECT_EQ(only_issue_at(with("[platforms.x]\nimmitation = 0.1"), "platforms.x.immitation"),
              "unknown key (did you mean 'imitation'?)");
    EXPECT_EQ(only_issue_at(with("[platforms.x]\naudience = { age_18_30 = 0.5 }"),
                            "platforms.x.audience.age_18_30"),
              "unknown key (did you mean 'age_18_29'?)");
}

TEST(SocialConfig, GraphKindMisspeltGetsAHintAndNoKnockOnErrors) {
    const auto m = only_issue_at(with("[social]\ngraph = \"watts_strogats\"\nrewire = 0.2"),
                                 "social.graph");
    EXPECT_TRUE(has(m, "must be one of none, watts_strogatz, erdos_renyi, power_law, spatial"));
    EXPECT_TRUE(has(m, "(did you mean 'watts_strogatz'?)")) << m;
}

TEST(SocialConfig, GraphAndEdgesTogetherAreRefused) {
    EXPECT_EQ(only_issue_at(with("[social]\ngraph = \"erdos_renyi\"\nedges = \"f.txt\""),
                            "social.edges"),
              "give either graph or edges, not both");
    EXPECT_TRUE(has(only_issue_at(with("[social]\nedges = \"\""), "social.edges"),
                    "must name a file"));
}

TEST(SocialConfig, ParametersOfAnotherGeneratorAreRefused) {
    EXPECT_EQ(only_issue_at(with("[social]\ngraph = \"erdos_renyi\"\nrewire = 0.2"),
                            "social.rewire"),
              "only used with graph = watts_strogatz (graph is \"erdos_renyi\")");
    EXPECT_EQ(only_issue_at(with("[social]\nedges = \"f.txt\"\nmean_degree = 4"),
                            "social.mean_degree"),
              "only used with graph = watts_strogatz, erdos_renyi or power_law (graph is an "
              "edge list)");
    EXPECT_TRUE(has(only_issue_at(with("[social]\nradius_km = 1"), "social.radius_km"),
                    "only used with graph = spatial (graph is \"none\")"));
}

TEST(SocialConfig, RangesAreChecked) {
    EXPECT_EQ(only_issue_at(with("[social]\np_tell = 1.5"), "social.p_tell"),
              "must be in [0, 1] (got 1.5)");
    EXPECT_EQ(only_issue_at(with("[social]\namplification = -1"), "social.amplification"),
              "must be >= 0 (got -1)");
    EXPECT_EQ(only_issue_at(with("[social]\nopinion_weight = \"high\""), "social.opinion_weight"),
              "must be a number (got \"high\")");
    EXPECT_EQ(
        only_issue_at(with("[social]\ngraph = \"watts_strogatz\"\nrewire = 2"), "social.rewire"),
        "must be in [0, 1] (got 2)");
    EXPECT_EQ(only_issue_at(with("[social]\ngraph = \"power_law\"\nexponent = 0"),
                            "social.exponent"),
              "must be > 0 (got 0)");
    EXPECT_EQ(only_issue_at(with("[social]\ngraph = \"power_law\"\nexponent = 1.5"),
                            "social.exponent"),
              "must be in (0, 1] (got 1.5)");
    EXPECT_EQ(only_issue_at(with("[platforms.x]\ninnovation = -0.1"), "platforms.x.innovation"),
              "must be >= 0 (got -0.1)");
    EXPECT_EQ(only_issue_at(with("[platforms.x]\naudience = { age_30_49 = 2 }"),
                            "platforms.x.audience.age_30_49"),
              "must be in [0, 1] (got 2)");
    EXPECT_TRUE(has(only_issue_at(with("[platforms.x]\nlaunch = \"soon\""), "platforms.x.launch"),
                    "must be a date"));
}

TEST(SocialConfig, WattsStrogatzNeedsAnEvenDegree) {
    EXPECT_TRUE(has(only_issue_at(with("[social]\ngraph = \"watts_strogatz\"\nmean_degree = 5"),
                                  "social.mean_degree"),
                    "must be an even whole number >= 2 for watts_strogatz"));
    EXPECT_TRUE(cfg::check_scenario(with("[social]\ngraph = \"erdos_renyi\"\nmean_degree = 5"))
                    .empty());
}

TEST(SocialConfig, DegreeMustFitThePopulation) {
    const std::string small = "[households]\ncount = 20\n";
    const auto text = std::string(kMinimalScenario) + small +
                      "[social]\ngraph = \"erdos_renyi\"\nmean_degree = 19\n";
    EXPECT_EQ(only_issue_at(text, "social.mean_degree"),
              "must be < households.count - 1 (19) (got 19)");
    EXPECT_EQ(only_issue_at(with("[social]\ngraph = \"power_law\"\nmean_degree = 5000"),
                            "social.mean_degree"),
              "must be in [1, 1000] (got 5000)");
}

TEST(SocialConfig, SpatialRadiusThatLinksTooManyIsRefused) {
    // 1000 households in a town of radius 2 km: r = 2 km links them all (about 1000 each is
    // allowed); with 100,000 households r = 0.5 km would link ~6,250 each.
    const auto text = std::string(kMinimalScenario) +
                      "[households]\ncount = 100000\n[social]\ngraph = \"spatial\"\nradius_km = "
                      "0.5\n";
    const auto m = only_issue_at(text, "social.radius_km");
    EXPECT_TRUE(has(m, "links about 6250 neighbours per household in town 'centre'")) << m;
}

TEST(SocialConfig, CarriesIsAListOfKnownWords) {
    auto m = only_issue_at(with("[platforms.x]\ncarries = [\"reviews\", \"reveiws\"]"),
                           "platforms.x.carries[1]");
    EXPECT_TRUE(has(m, "unknown name 'reveiws' (known: reviews, real_person, "
                       "salesperson_profiles, product_videos, shopping_chat)")) << m;
    EXPECT_TRUE(has(m, "(did you mean 'reviews'?)")) << m;
    const auto twice =
        cfg::parse_scenario(with("[platforms.x]\ncarries = [\"reviews\", \"reviews\"]"));
    EXPECT_EQ(twice.social.platforms[0].carries, 1u) << "a repeat is kept once";
    m = only_issue_at(with("[platforms.x]\ncarries = \"reviews\""), "platforms.x.carries");
    EXPECT_TRUE(has(m, "must be a list of names")) << m;
    EXPECT_TRUE(has(m, "(got \"reviews\")")) << m;
    m = only_issue_at(with("[platforms.x]\ncarries = [1]"), "platforms.x.carries[0]");
    EXPECT_TRUE(has(m, "must be a name (got 1)")) << m;
}

TEST(SocialConfig, PlatformsMustBeTables) {
    EXPECT_TRUE(has(only_issue_at(with("[platforms]\nx = 3"), "platforms.x"), "must be a table"));
}

TEST(SocialConfig, AllProblemsReportedAtOnce) {
    const auto issues = cfg::check_scenario(with(R"(
[social]
p_tell = 2
graph = "spatial"
radius_km = -1
[platforms.a]
imitation = -1
carries = ["x"]
)"));
    EXPECT_EQ(issues.size(), 4u) << describe(issues);
}

}  // namespace
