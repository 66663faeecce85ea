// The social graph: the compact adjacency's invariants, and each generator against what theory
// says it must produce (degree, clustering, degree distribution, distances), plus determinism.
#include "journeysim/model/social_graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "journeysim/config/config_error.hpp"
#include "journeysim/random/draws.hpp"

namespace {

namespace model = journeysim::model;
namespace random = journeysim::random;
using model::SocialGraph;

random::Engine engine_for(std::uint64_t seed) {
    return random::make_engine(random::stream_seed(seed, 0, "social"));
}

// Every run sorted, no self-loop, no repeat, and a links b exactly when b links a.
void expect_simple_undirected(const SocialGraph& g) {
    std::uint64_t half_edges = 0;
    for (std::uint32_t h = 0; h < g.households(); ++h) {
        const auto run = g.neighbours(h);
        half_edges += run.size();
        ASSERT_TRUE(std::is_sorted(run.begin(), run.end())) << "household " << h;
        ASSERT_EQ(std::adjacent_find(run.begin(), run.end()), run.end()) << "repeat at " << h;
        for (std::uint32_t n : run) {
            ASSERT_NE(n, h) << "self-loop at " << h;
            ASSERT_LT(n, g.households());
            ASSERT_TRUE(g.linked(n, h)) << h << "-" << n << " is one-way";
        }
    }
    EXPECT_EQ(half_edges, 2 * g.edges());
}

// Global clustering (transitivity): 3 x triangles / connected triples, the quantity Barrat &
// Weigt (2000) derive for the Watts–Strogatz model.
double transitivity(const SocialGraph& g) {
    double closed = 0.0, triples = 0.0;
    for (std::uint32_t h = 0; h < g.households(); ++h) {
        const auto run = g.neighbours(h);
        const double d = static_cast<double>(run.size());
        triples += d * (d - 1.0) / 2.0;
        for (std::size_t i = 0; i < run.size(); ++i) {
            const auto other = g.neighbours(run[i]);
            // Links among h's neighbours: |N(run[i]) ∩ N(h)| counted for pairs (i, j > i).
            for (std::size_t j = i + 1; j < run.size(); ++j)
                closed += std::binary_search(other.begin(), other.end(), run[j]) ? 1.0 : 0.0;
        }
    }
    return triples > 0.0 ? closed / triples : 0.0;
}

struct DegreeMoments {
    double mean = 0.0, variance = 0.0;
};
DegreeMoments moments(const SocialGraph& g) {
    DegreeMoments m;
    for (std::uint32_t h = 0; h < g.households(); ++h) m.mean += g.degree(h);
    m.mean /= g.households();
    for (std::uint32_t h = 0; h < g.households(); ++h)
        m.variance += (g.degree(h) - m.mean) * (g.degree(h) - m.mean);
    m.variance /= g.households() - 1.0;
    return m;
}

bool same_adjacency(const SocialGraph& a, const SocialGraph& b) {
    if (a.households() != b.households() || a.edges() != b.edges()) return false;
    for (std::uint32_t h = 0; h < a.households(); ++h) {
        const auto x = a.neighbours(h), y = b.neighbours(h);
        if (!std::equal(x.begin(), x.end(), y.begin(), y.end())) return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------
// The adjacency

TEST(SocialGraph, FromEdgesMergesRepeatsAndDropsSelfLoops) {
    const auto g = SocialGraph::from_edges(5, {{0, 1}, {1, 0}, {3, 1}, {0, 1}, {2, 2}, {4, 3}});
    expect_simple_undirected(g);
    EXPECT_EQ(g.edges(), 3u);
    EXPECT_EQ(g.degree(0), 1u);
    EXPECT_EQ(g.degree(1), 2u);
    EXPECT_EQ(g.degree(2), 0u);
    EXPECT_TRUE(g.linked(1, 3));
    EXPECT_FALSE(g.linked(0, 3));
    EXPECT_EQ(std::vector<std::uint32_t>(g.neighbours(3).begin(), g.neighbours(3).end()),
              (std::vector<std::uint32_t>{1, 4}));
    EXPECT_DOUBLE_EQ(g.mean_degree(), 6.0 / 5.0);
}

TEST(SocialGraph, FromEdgesRejectsIdsOutOfRange) {
    EXPECT_THROW((void)SocialGraph::from_edges(3, {{0, 3}}), std::invalid_argument);
}

TEST(SocialGraph, EmptyGraphHasNoNeighbours) {
    const auto g = SocialGraph::from_edges(4, {});
    EXPECT_EQ(g.edges(), 0u);
    for (std::uint32_t h = 0; h < 4; ++h) EXPECT_TRUE(g.neighbours(h).empty());
}

TEST(SocialGraph, AdjacencyCostsAnOffsetAndOneIdPerHalfEdge) {
    auto engine = engine_for(3);
    const auto g = model::erdos_renyi(10'000, 10.0, engine);
    const double expected = 8.0 * (g.households() + 1) + 4.0 * 2.0 * g.edges();
    EXPECT_NEAR(static_cast<double>(g.bytes()), expected, 0.01 * expected);
}

// ---------------------------------------------------------------------------------------
// Watts–Strogatz

TEST(WattsStrogatz, RingLatticeHasDegreeKAndTheLatticeClustering) {
    auto engine = engine_for(1);
    const std::uint32_t k = 10;
    const auto g = model::watts_strogatz(5000, k, 0.0, engine);
    expect_simple_undirected(g);
    for (std::uint32_t h = 0; h < g.households(); ++h) ASSERT_EQ(g.degree(h), k);
    EXPECT_TRUE(g.linked(0, 5) && g.linked(0, 4995) && !g.linked(0, 6));
    // C(0) = 3(k - 2) / (4(k - 1)), exactly, for a ring lattice.
    EXPECT_NEAR(transitivity(g), 3.0 * (k - 2) / (4.0 * (k - 1)), 1e-12);
}

TEST(WattsStrogatz, ClusteringFallsAsBarratWeigtPredict) {
    // C(beta) ~= C(0) (1 - beta)^3 (Barrat & Weigt 2000): each of a triangle's three links
    // survives rewiring with probability 1 - beta; triangles made by rewiring are O(k/n).
    const std::uint32_t n = 20'000, k = 10;
    const double c0 = 3.0 * (k - 2) / (4.0 * (k - 1));
    for (double beta : {0.02, 0.05, 0.1, 0.2}) {
        auto engine = engine_for(11);
        const auto g = model::watts_strogatz(n, k, beta, engine);
        SCOPED_TRACE(beta);
        expect_simple_undirected(g);
        // Rewiring keeps one end, so the mean degree stays k but for the rare repeat merged.
        EXPECT_NEAR(g.mean_degree(), k, 0.01 * k);
        EXPECT_NEAR(transitivity(g), c0 * std::pow(1.0 - beta, 3), 0.015);
    }
}

TEST(WattsStrogatz, RejectsAnOddK) {
    auto engine = engine_for(1);
    EXPECT_THROW((void)model::watts_strogatz(100, 5, 0.1, engine), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------
// Erdős–Rényi

TEST(ErdosRenyi, DegreeIsBinomialWithTheAskedMean) {
    const std::uint32_t n = 20'000;
    const double mean = 8.0, p = mean / (n - 1.0);
    auto engine = engine_for(5);
    const auto g = model::erdos_renyi(n, mean, engine);
    expect_simple_undirected(g);
    const auto m = moments(g);
    // The mean degree 2E/n has sd 2 sqrt(C(n,2) p (1-p)) / n ~= 0.028; the sample variance of
    // a near-Poisson(8) degree has sd ~= sqrt((mu + 2 mu^2) / n) ~= 0.083. Five sd each.
    EXPECT_NEAR(m.mean, mean, 0.15);
    EXPECT_NEAR(m.variance, (n - 1.0) * p * (1.0 - p), 0.42);
    // The distribution itself: P(D = d) against the binomial pmf near the mode.
    std::map<std::uint32_t, double> freq;
    for (std::uint32_t h = 0; h < n; ++h) freq[g.degree(h)] += 1.0 / n;
    for (std::uint32_t d = 3; d <= 14; ++d) {
        const double pmf = std::exp(std::lgamma(n) - std::lgamma(d + 1.0) - std::lgamma(n - d) +
                                    d * std::log(p) + (n - 1.0 - d) * std::log1p(-p));
        EXPECT_NEAR(freq[d], pmf, 5.0 * std::sqrt(pmf * (1.0 - pmf) / n) + 1e-4) << "d = " << d;
    }
}

// ---------------------------------------------------------------------------------------
// Power law (PLOD)

TEST(PowerLaw, DegreesFollowTheCreditPowerLawUpToTheHubs) {
    const std::uint32_t n = 100'000;
    const double mean = 10.0, alpha = 0.7;
    const double beta = model::plod_beta(n, mean, alpha);
    auto engine = engine_for(9);
    const auto g = model::power_law(n, mean, alpha, engine);
    expect_simple_undirected(g);
    auto tail = [&](double d) {
        double count = 0;
        for (std::uint32_t h = 0; h < n; ++h) count += g.degree(h) >= d;
        return count / n;
    };
    // Credits: P(floor(beta x^-alpha) >= d) = P(x <= (beta/d)^(1/alpha)), x uniform on [0, n).
    // Degrees follow them closely up to a few hundred (docs/model.md: Boost's pairing
    // truncates the hubs), each point within 3 binomial sd + 3%.
    for (double d : {10.0, 20.0, 50.0, 100.0}) {
        const double credit = std::pow(beta / d, 1.0 / alpha) / n;
        EXPECT_NEAR(tail(d), credit, 3 * std::sqrt(credit / n) + 0.03 * credit) << "d = " << d;
    }
    // The tail's slope in log-log is -1/alpha (a power law), unlike any Poisson graph.
    const double slope = std::log(tail(100) / tail(10)) / std::log(10.0);
    EXPECT_NEAR(slope, -1.0 / alpha, 0.1 / alpha);
    const auto m = moments(g);
    EXPECT_GT(m.variance, 20 * m.mean) << "overdispersed (Erdős–Rényi: variance = mean)";
    std::uint32_t max_degree = 0;
    for (std::uint32_t h = 0; h < n; ++h) max_degree = std::max(max_degree, g.degree(h));
    EXPECT_GT(max_degree, 20 * mean) << "a power law has hubs";
    // Hubs' last credits pair among themselves and merge: the mean falls short, ~9% here.
    EXPECT_LT(m.mean, mean);
    EXPECT_GT(m.mean, 0.88 * mean);
}

TEST(PowerLaw, BetaGivesTheAskedMeanCredit) {
    // Check the solver against a direct average of the credit over all x.
    const std::uint32_t n = 5000;
    const double alpha = 0.8, beta = model::plod_beta(n, 6.0, alpha);
    double sum = 1.0;
    for (std::uint32_t x = 1; x < n; ++x)
        sum += std::clamp(std::floor(beta * std::pow(x, -alpha)), 1.0, n - 1.0);
    EXPECT_NEAR(sum / n, 6.0, 0.01);
}

// ---------------------------------------------------------------------------------------
// Spatial

struct Town {
    std::vector<float> x, y;
    std::vector<std::uint32_t> town;
};

// Two overlapping towns, so that close pairs across towns exist and must not be linked.
Town two_towns(std::uint32_t n, std::uint64_t seed) {
    auto engine = engine_for(seed);
    Town t;
    for (std::uint32_t i = 0; i < n; ++i) {
        const std::uint32_t which = i % 2;
        t.town.push_back(which);
        t.x.push_back(static_cast<float>(which * 1.0 + 2.0 * random::uniform01(engine) - 1.0));
        t.y.push_back(static_cast<float>(2.0 * random::uniform01(engine) - 1.0));
    }
    return t;
}

TEST(Spatial, LinksExactlyTheSameTownPairsWithinTheRadius) {
    const Town t = two_towns(3000, 21);
    const double r = 0.12;
    const auto g = model::spatial({t.x, t.y, t.town}, r);
    expect_simple_undirected(g);
    // Brute force over all pairs, in the same arithmetic.
    std::uint64_t expected = 0;
    for (std::uint32_t a = 0; a < 3000; ++a)
        for (std::uint32_t b = a + 1; b < 3000; ++b) {
            const double dx = static_cast<double>(t.x[a]) - t.x[b];
            const double dy = static_cast<double>(t.y[a]) - t.y[b];
            const bool close = dx * dx + dy * dy <= r * r && t.town[a] == t.town[b];
            expected += close;
            if (close != g.linked(a, b)) FAIL() << a << "-" << b << " close=" << close;
        }
    EXPECT_EQ(g.edges(), expected);
    EXPECT_GT(expected, 3000u) << "the test needs a graph with edges";
}

TEST(Spatial, NegativeCoordinatesAndCellBordersAreHandled) {
    // Households on both sides of cell borders (multiples of r) and of zero.
    const std::vector<float> x{-0.5f, -0.49f, 0.0f, 0.01f, 0.5f, 1.0f, -1.0f};
    const std::vector<float> y{0.0f, 0.0f, 0.0f, -0.009f, 0.0f, 0.0f, 0.0f};
    const std::vector<std::uint32_t> town(7, 0);
    const auto g = model::spatial({x, y, town}, 0.5);
    EXPECT_TRUE(g.linked(0, 1) && g.linked(0, 2) && g.linked(2, 4) && g.linked(4, 5));
    EXPECT_TRUE(g.linked(6, 0) && !g.linked(6, 1) && !g.linked(5, 3));
}

TEST(Spatial, FarCoordinatesAndATinyRadiusDoNotOverflow) {
    const std::vector<float> x{3e38f, 3e38f, -3e38f, 0.0f, 1e-7f};
    const std::vector<float> y{0.0f, 0.0f, 1.0f, 0.0f, 0.0f};
    const std::vector<std::uint32_t> town(5, 0);
    const auto g = model::spatial({x, y, town}, 1e-6);
    EXPECT_TRUE(g.linked(0, 1) && g.linked(3, 4));
    EXPECT_EQ(g.edges(), 2u);
}

// ---------------------------------------------------------------------------------------
// Determinism and the scenario's choice

TEST(SocialGraph, SameSeedSameGraphOtherSeedOtherGraph) {
    auto a = engine_for(7), b = engine_for(7), c = engine_for(8);
    EXPECT_TRUE(same_adjacency(model::watts_strogatz(2000, 6, 0.2, a),
                               model::watts_strogatz(2000, 6, 0.2, b)));
    EXPECT_FALSE(same_adjacency(model::watts_strogatz(2000, 6, 0.2, a),
                                model::watts_strogatz(2000, 6, 0.2, c)));
    auto d = engine_for(7), e = engine_for(7);
    EXPECT_TRUE(same_adjacency(model::erdos_renyi(2000, 5, d), model::erdos_renyi(2000, 5, e)));
    EXPECT_TRUE(same_adjacency(model::power_law(2000, 5, 0.7, d),
                               model::power_law(2000, 5, 0.7, e)));
}

TEST(BuildSocialGraph, GeneratesTheKindAskedForFromTheSocialStream) {
    namespace cfg = journeysim::config;
    const Town t = two_towns(2000, 3);
    const model::Placement where{t.x, t.y, t.town};
    cfg::SocialGraphSpec spec;
    auto built = [&](cfg::GraphKind kind) {
        spec.kind = kind;
        auto engine = engine_for(12);
        return model::build_social_graph(spec, where, ".", engine);
    };
    spec.mean_degree = 6;
    auto engine = engine_for(12);
    EXPECT_TRUE(same_adjacency(built(cfg::GraphKind::watts_strogatz),
                               model::watts_strogatz(2000, 6, spec.rewire, engine)));
    engine = engine_for(12);
    EXPECT_TRUE(same_adjacency(built(cfg::GraphKind::erdos_renyi),
                               model::erdos_renyi(2000, 6, engine)));
    engine = engine_for(12);
    EXPECT_TRUE(same_adjacency(built(cfg::GraphKind::power_law),
                               model::power_law(2000, 6, spec.exponent, engine)));
    EXPECT_TRUE(same_adjacency(built(cfg::GraphKind::spatial), model::spatial(where, 0.5)));
    const auto none = built(cfg::GraphKind::none);
    EXPECT_EQ(none.households(), 2000u);
    EXPECT_EQ(none.edges(), 0u);
}

TEST(BuildSocialGraph, ReadsAnEdgeListRelativeToTheScenarioDirectory) {
    const auto dir = std::filesystem::temp_directory_path() / "journeysim_social_graph_test";
    std::filesystem::create_directories(dir / "data");
    std::ofstream(dir / "data" / "friends.txt") << "0 1\n1 2\n# a comment\n2 0\n";
    std::ofstream(dir / "data" / "bad.txt") << "0 1\n\n3 3\n";
    const std::vector<float> xy(4, 0.0f);
    const std::vector<std::uint32_t> town(4, 0);
    auto engine = engine_for(1);
    journeysim::config::SocialGraphSpec spec;
    spec.kind = journeysim::config::GraphKind::edge_list;
    spec.edges = "data/friends.txt";
    const auto g = model::build_social_graph(spec, {xy, xy, town}, dir, engine);
    EXPECT_EQ(g.edges(), 3u);
    EXPECT_EQ(g.degree(3), 0u);
    spec.edges = "data/bad.txt";
    try {
        (void)model::build_social_graph(spec, {xy, xy, town}, dir, engine);
        ADD_FAILURE() << "expected a ConfigError";
    } catch (const journeysim::config::ConfigError& e) {
        ASSERT_EQ(e.issues().size(), 1u);
        EXPECT_EQ(e.issues()[0].path, "social.edges");
        const std::string& m = e.issues()[0].message;
        EXPECT_NE(m.find("bad.txt:3:"), std::string::npos) << m;
        EXPECT_NE(m.find("linked to itself"), std::string::npos) << m;
    }
    std::filesystem::remove_all(dir);
}

}  // namespace
