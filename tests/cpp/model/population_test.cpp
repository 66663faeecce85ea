// The living population on its own: moves out and in, births and coming of age follow their
// rates; a household gone is never drawn again; a founded household starts near its parent;
// the need process follows who lives there; the same seed gives the same history.
#include "journeysim/model/population.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "journeysim/config/scenario.hpp"
#include "journeysim/kernel/scheduler.hpp"
#include "journeysim/model/need_arrivals.hpp"
#include "journeysim/model/trust.hpp"
#include "journeysim/model/world.hpp"

namespace {

namespace config = journeysim::config;
namespace model = journeysim::model;
namespace random = journeysim::random;
using config::kDaysPerYear;
using journeysim::kernel::Event;
using journeysim::kernel::Scheduler;
using model::Population;
using model::PopulationChange;

constexpr std::uint32_t kKind = 3;

config::Scenario scenario(const std::string& households, const std::string& population) {
    return config::parse_scenario(R"(
[towns.centre]
radius_km = 3.0
[towns.edge]
x = 20.0
radius_km = 1.0
share = 0.0
[stores.corner]
type = "online"
[categories.shoes]
rate_per_year = 2.0
per_child = 0.5
[households]
)" + households + "\n[population]\n" + population);
}

// A population run alone for `years`, with every change it reported.
struct History {
    config::Scenario sc;
    model::Households hh;
    random::Engine engine;
    Population pop;
    Scheduler clock;
    std::vector<PopulationChange> changes;

    History(config::Scenario s, std::uint64_t seed)
        : sc(std::move(s)),
          hh([&] {
              auto traits = random::make_engine(seed);
              return model::make_households(sc, traits);
          }()),
          engine(random::make_engine(seed + 2)),
          pop(sc, hh, engine) {
        pop.start(clock, kKind);
    }
    void run(double years) {
        clock.run_until(years * kDaysPerYear, [&](const Event& e) {
            ASSERT_TRUE(pop.owns(e));
            if (auto c = pop.handle(e, clock); c.kind != PopulationChange::kNothing)
                changes.push_back(c);
        });
    }
};

// |observed - expected| within 4 standard deviations.
void expect_within(double observed, double expected, double sd, const char* what) {
    EXPECT_LE(std::abs(observed - expected), 4.0 * sd)
        << what << ": observed " << observed << ", expected " << expected << " (sd " << sd << ")";
}

TEST(Population, MovesOutAtItsRatePerHousehold) {
    // Each household leaves after an Exp(mu) stay: survivors ~ Binomial(N, e^{-mu T}).
    const double mu = 0.2, years = 3.0, n = 20000;
    History h(scenario("count = 20000", "move_out_per_year = 0.2"), 1);
    h.run(years);
    const double p = std::exp(-mu * years);
    expect_within(h.pop.households(), n * p, std::sqrt(n * p * (1 - p)), "households left");
    EXPECT_EQ(h.pop.counts().moved_out, static_cast<std::int64_t>(n) - h.pop.households());
    // Everyone reported gone is gone, and the living list holds exactly the present.
    std::size_t present = 0;
    for (std::uint32_t id = 0; id < h.hh.size(); ++id) present += h.pop.present(id);
    EXPECT_EQ(present, h.pop.households());
    for (const auto& c : h.changes) {
        ASSERT_EQ(c.kind, PopulationChange::kMovedOut);
        EXPECT_FALSE(h.pop.present(c.household));
    }
}

TEST(Population, MovesInAtItsRateRelativeToTheInitialCount) {
    // Arrivals are Poisson with mean move_in x N0 x T; each placed in a town by share.
    const double rate = 0.05, years = 4.0, n0 = 5000;
    History h(scenario("count = 5000", "move_in_per_year = 0.05"), 2);
    h.run(years);
    const double expected = rate * n0 * years;
    expect_within(h.pop.counts().moved_in, expected, std::sqrt(expected), "moved in");
    EXPECT_EQ(h.hh.size(), n0 + h.pop.counts().moved_in);
    EXPECT_EQ(h.pop.households(), h.hh.size());
    for (std::uint32_t id = 5000; id < h.hh.size(); ++id) {
        EXPECT_EQ(h.hh.town[id], 0u);  // the other town has share 0
        EXPECT_LE(std::hypot(h.hh[id].x, h.hh[id].y), 3.0f + 1e-4f);
        const double age = h.hh.adult_age(id, h.clock.now());
        EXPECT_GE(age, 20.0 - 4.0);  // drawn in [20, 80] at arrival, up to 4 years ago
        EXPECT_LE(age, 80.0 + 4.0);
    }
}

TEST(Population, BirthsOnlyInYoungHouseholds) {
    // Adults of 30 (and 60 in the second run) for two years: births ~ Poisson(beta N T) below
    // birth_age_max, none above.
    const double beta = 0.1, years = 2.0, n = 4000;
    History young(scenario("count = 4000\nage_min = 30\nage_max = 30",
                           "births_per_year = 0.1"),
                  3);
    young.run(years);
    const double expected = beta * n * years;
    expect_within(young.pop.counts().born, expected, std::sqrt(expected), "births");
    EXPECT_EQ(young.pop.minors(), young.pop.counts().born);
    std::int64_t children = 0;
    for (std::uint32_t id = 0; id < young.hh.size(); ++id) children += young.hh[id].children;
    EXPECT_EQ(children, young.pop.counts().born);

    History old(scenario("count = 4000\nage_min = 60\nage_max = 60",
                         "births_per_year = 0.1"),
                3);
    old.run(years);
    EXPECT_EQ(old.pop.counts().born, 0);
}

TEST(Population, ChildrenComeOfAgeAndSomeFoundHouseholdsNearby) {
    // Adults of 40: children's ages are uniform on [0, 18), so in T years a share T/18 turn
    // 18; each leaves with probability p and founds a household within found_within_km.
    const double years = 3.0, p = 0.4, radius = 1.5;
    History h(scenario("count = 6000\nchildren_mean = 1.5\nage_min = 40\nage_max = 40",
                       "leave_home_probability = 0.4\nfound_within_km = 1.5"),
              4);
    const double kids = h.pop.minors();
    ASSERT_GT(kids, 8000);
    h.run(years);
    const auto& c = h.pop.counts();
    const double share = years / 18.0;
    expect_within(c.came_of_age, kids * share, std::sqrt(kids * share * (1 - share)),
                  "came of age");
    expect_within(c.founded, c.came_of_age * p, std::sqrt(c.came_of_age * p * (1 - p)),
                  "founded");
    EXPECT_EQ(h.pop.minors(), kids - c.came_of_age);
    EXPECT_EQ(h.pop.households(), 6000 + c.founded);
    int founded = 0;
    for (const auto& change : h.changes) {
        if (change.kind != PopulationChange::kFounded) continue;
        ++founded;
        const auto f = change.household, parent = change.parent;
        EXPECT_GE(f, 6000u);
        EXPECT_EQ(h.hh.town[f], h.hh.town[parent]);
        EXPECT_LE(std::hypot(h.hh[f].x - h.hh[parent].x, h.hh[f].y - h.hh[parent].y),
                  radius + 1e-3);
        EXPECT_EQ(h.hh[f].children, 0);
        // The founder is 18 on the day it leaves home, so under 18 + T now.
        EXPECT_GE(h.hh.adult_age(f, h.clock.now()), 18.0 - 1e-3);
        EXPECT_LE(h.hh.adult_age(f, h.clock.now()), 18.0 + years);
    }
    EXPECT_EQ(founded, c.founded);
}

TEST(Population, AHouseholdMovingOutTakesItsChildren) {
    History h(scenario("count = 3000\nchildren_mean = 2\nage_min = 40\nage_max = 40",
                       "move_out_per_year = 0.3\nleave_home_probability = 1"),
              5);
    h.run(5.0);
    std::int64_t at_home = 0;
    for (std::uint32_t id = 0; id < h.hh.size(); ++id) {
        if (!h.pop.present(id)) {
            EXPECT_EQ(h.hh[id].children, 0) << id;
        }
        at_home += h.hh[id].children;
    }
    EXPECT_EQ(at_home, h.pop.minors());
    for (std::uint32_t i = 0; i < h.pop.minors(); ++i)
        EXPECT_TRUE(h.pop.present(h.pop.home_of_minor(i)));
    EXPECT_GT(h.pop.counts().moved_out, 0);
    // Children who left with their family never come of age here: those who did all lived in
    // a household present at the time, and every one of them left home (probability 1).
    EXPECT_EQ(h.pop.counts().came_of_age, h.pop.counts().founded);
}

TEST(Population, NeedsFollowWhoLivesThere) {
    // rate r (N + k K) / 365 per day, recomputed as households come and go; a need is never
    // drawn for a household that has gone.
    History h(scenario("count = 2000\nchildren_mean = 1\nage_min = 40\nage_max = 40",
                       "move_out_per_year = 0.3\nmove_in_per_year = 0.1\nbirths_per_year = 0.05"),
              6);
    model::NeedArrivals needs(h.sc, h.pop, h.hh);
    auto rate = [&] { return 2.0 * (h.pop.households() + 0.5 * h.pop.minors()) / kDaysPerYear; };
    EXPECT_DOUBLE_EQ(needs.candidate_rate(), rate());
    h.run(3.0);
    EXPECT_TRUE(needs.update());
    EXPECT_DOUBLE_EQ(needs.candidate_rate(), rate());
    EXPECT_FALSE(needs.update());
    auto draws = random::make_engine(9);
    for (int i = 0; i < 20000; ++i) {
        const auto need = needs.draw(0.0, draws);
        ASSERT_TRUE(need);
        ASSERT_TRUE(h.pop.present(need->household)) << need->household;
    }
}

TEST(Population, TheSameSeedGivesTheSameHistory) {
    const auto sc = scenario("count = 2000\nchildren_mean = 1",
                             "move_out_per_year = 0.1\nmove_in_per_year = 0.1\n"
                             "births_per_year = 0.05\nleave_home_probability = 0.5");
    History a(sc, 7), b(sc, 7), c(sc, 8);
    a.run(4.0), b.run(4.0), c.run(4.0);
    ASSERT_EQ(a.changes.size(), b.changes.size());
    for (std::size_t i = 0; i < a.changes.size(); ++i) {
        EXPECT_EQ(a.changes[i].kind, b.changes[i].kind);
        EXPECT_EQ(a.changes[i].household, b.changes[i].household);
    }
    EXPECT_EQ(a.hh.column(&model::Traits::x), b.hh.column(&model::Traits::x));
    EXPECT_NE(a.changes.size(), c.changes.size());
}

TEST(Population, WithoutAPopulationTableNothingHappens) {
    const auto sc = config::parse_scenario(R"(
[towns.centre]
[stores.corner]
type = "online"
[households]
count = 500
children_mean = 2
)");
    EXPECT_FALSE(sc.population.living);
    History h(sc, 9);
    EXPECT_EQ(h.clock.pending(), 0u);
    const auto kids = h.pop.minors();
    EXPECT_GT(kids, 700u);
    h.run(30.0);
    EXPECT_EQ(h.pop.minors(), kids);  // nobody ages out in 30 years
    EXPECT_EQ(h.pop.households(), 500u);
}

TEST(Population, NewHouseholdsBefriendTheirParentsFriendsOrTheirTown) {
    // Two towns; a ring of friends among the initial households. Founders link to the parent
    // and 2 of its (present) friends; households moving in to 4 households of their own town.
    History h(scenario("count = 3000\nchildren_mean = 1\nage_min = 40\nage_max = 40",
                       "move_in_per_year = 0.2\nleave_home_probability = 1\n"
                       "move_out_per_year = 0.1\n"
                       "founder_friends = 2\nnewcomer_friends = 4"),
              12);
    std::vector<model::HouseholdPair> ring;
    for (std::uint32_t i = 0; i < 3000; ++i) {
        ring.emplace_back(i, (i + 1) % 3000);
        ring.emplace_back(i, (i + 2) % 3000);
    }
    const auto graph = model::SocialGraph::from_edges(3000, ring);
    h.run(2.0);
    int founders = 0, movers = 0;
    for (const auto& c : h.changes) {
        if (c.kind != PopulationChange::kFounded && c.kind != PopulationChange::kMovedIn) continue;
        if (c.kind == PopulationChange::kFounded && c.parent >= 3000) continue;  // not in the ring
        const auto friends = h.pop.first_friends(c, graph);
        std::vector<std::uint32_t> sorted = friends;
        std::sort(sorted.begin(), sorted.end());
        EXPECT_EQ(std::unique(sorted.begin(), sorted.end()), sorted.end()) << "no repeats";
        if (c.kind == PopulationChange::kFounded) {
            ++founders;
            ASSERT_FALSE(friends.empty());
            EXPECT_EQ(friends[0], c.parent);
            EXPECT_LE(friends.size(), 3u);
            for (std::size_t i = 1; i < friends.size(); ++i)
                EXPECT_TRUE(graph.linked(c.parent, friends[i]));
        } else {
            ++movers;
            EXPECT_GE(friends.size(), 3u);  // one town holds everyone: duplicates aside, 4
            EXPECT_LE(friends.size(), 4u);
            for (auto f : friends) {
                EXPECT_NE(f, c.household);
                EXPECT_EQ(h.hh.town[f], h.hh.town[c.household]);
            }
        }
    }
    EXPECT_GT(founders, 100);
    EXPECT_GT(movers, 500);
}

TEST(Population, AFounderInheritsAShareOfItsParentsTrustInTheStore) {
    // Parent: trust 0.8 at store 2 set on day 100, served by salesperson 5, card holder, a
    // purchase; trust 0.01 at store 4. Founded on day 465 with share 0.5 and decay 0.001/day.
    model::Relations relations(3);
    relations.grow(4);
    auto& a = relations.get(1, 2, 0.0f, 100.0);
    a.trust = 0.8f, a.salesperson = 5, a.flags = model::Relation::kCardHolder, a.purchase_day = 100;
    relations.get(1, 4, 0.0f, 100.0).trust = 0.01f;
    const double decay = 0.001, t = 465.0;
    const auto trust_of = [&](const model::Relation& r) {
        return model::decayed_trust(r.trust, t - r.trust_time, decay);
    };
    model::inherit_relations(relations, 3, 1, 0.5, t, 0.05f, trust_of);
    const auto* r = relations.find(3, 2);
    ASSERT_NE(r, nullptr);
    EXPECT_NEAR(r->trust, 0.5 * 0.8 * std::exp(-decay * 365.0), 1e-6);
    EXPECT_EQ(r->trust_time, static_cast<float>(t));
    EXPECT_EQ(r->salesperson, model::Relation::kNobody);
    EXPECT_EQ(r->flags, 0);
    EXPECT_EQ(r->purchase_day, model::Relation::kNoPurchase);
    // Half of a faint trust is below what a first visit starts from: it starts there.
    ASSERT_NE(relations.find(3, 4), nullptr);
    EXPECT_EQ(relations.find(3, 4)->trust, 0.05f);
    EXPECT_EQ(relations.find(3, 7), nullptr);
    // The parent is unchanged; with share 0 nothing is created.
    EXPECT_EQ(relations.find(1, 2)->trust, 0.8f);
    model::inherit_relations(relations, 0, 1, 0.0, t, 0.05f, trust_of);
    EXPECT_EQ(relations.find(0, 2), nullptr);
}

TEST(Population, AgeBands) {
    // Bands start at 18, 30, 50 and 65 (config::kAgeBandFirstAge); ages grow with t.
    model::Households hh;
    const auto born = [](double years) { return static_cast<float>(-years * kDaysPerYear); };
    for (const float day : {0.0f, born(29.99), born(30.01), born(64.5)}) {
        hh.traits.emplace_back();
        hh.traits.back().born = day;
    }
    EXPECT_EQ(hh.age_band(0, 18.5 * kDaysPerYear), 0);
    EXPECT_EQ(hh.age_band(1, 0.0), 0);
    EXPECT_EQ(hh.age_band(1, 0.02 * kDaysPerYear), 1);
    EXPECT_EQ(hh.age_band(2, 0.0), 1);
    EXPECT_EQ(hh.age_band(2, 20.0 * kDaysPerYear), 2);
    EXPECT_EQ(hh.age_band(3, 0.0), 2);
    EXPECT_EQ(hh.age_band(3, 1.0 * kDaysPerYear), 3);
}

}  // namespace

TEST(Population, LifeEventsAriseOnlyInTheirAgeWindowAtTheirRate) {
    // Adults 20 to 60; a wedding at 0.5 a year for those aged 25 to 35: every wedding is
    // inside the window, and weddings come at 0.5 x (share of households in it) per household.
    const auto sc = config::parse_scenario(R"(
[simulation]
years = 1
[households]
count = 20000
age_min = 20
age_max = 60
[towns.t]
radius_km = 1.0
[categories.wedding]
rate_per_year = 0.5
min_age = 25
max_age = 35
[stores.s]
x = 0.0
)");
    std::vector<journeysim::records::StreamSeed> seeds;
    model::RunStreams streams(4, 0, seeds);
    model::World world(sc, streams);
    const double t = 100.0;
    std::int64_t in_window = 0;
    for (std::uint32_t h = 0; h < world.households.size(); ++h) {
        const double age = world.households.adult_age(h, t);
        in_window += age >= 25.0 && age < 35.0;
    }
    constexpr int kCandidates = 200000;
    int kept = 0;
    for (int i = 0; i < kCandidates; ++i) {
        const auto need = world.arrivals.draw(t, streams.needs);
        if (!need) continue;
        ++kept;
        const double age = world.households.adult_age(need->household, t);
        EXPECT_GE(age, 25.0);
        EXPECT_LT(age, 35.0);
    }
    // Candidates come at 0.5 per household a year for all; the kept share is those in it.
    const double share = static_cast<double>(in_window) / world.households.size();
    EXPECT_NEAR(kept / double(kCandidates), share,
                4.0 * std::sqrt(share * (1 - share) / kCandidates));
    EXPECT_NEAR(share, 0.25, 0.02);  // ages uniform over 40 years at creation, a 10-year window
}

TEST(Population, AnAgeWindowThatEndsBeforeItStartsIsAnErrorWithItsPath) {
    const auto issues = config::check_scenario(R"(
[towns.t]
[categories.wedding]
min_age = 35
max_age = 25
[stores.s]
x = 0.0
)");
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_EQ(issues[0].path, "categories.wedding.max_age");
    EXPECT_NE(issues[0].message.find("must be > min_age (35) (got 25)"), std::string::npos);
}
