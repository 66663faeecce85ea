// The social fabric at scale (issue 5): a 1,000,000-household graph of mean degree 10.
//
//   generate/<kind>/<households>         build the graph (Boost generator + compact adjacency);
//                                        counters: bytes_per_household of the adjacency, the
//                                        mean degree reached
//   social/word_of_mouth/<households>    WordOfMouth::tell for random households and stores
//                                        (p_tell 0.2, amplification 3 for a third of tellers,
//                                        20 stores): tells/s and neighbours told/s
//   social/adoption/<households>         one platform's Bass process (p = 0.03, q = 0.38 per
//                                        year) from launch to 15 years, through the kernel's
//                                        scheduler: events/s (stale clocks included) and
//                                        adoptions/s; bytes_per_household of its state
#include <benchmark/benchmark.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "journeysim/kernel/scheduler.hpp"
#include "journeysim/model/adoption.hpp"
#include "journeysim/model/social_graph.hpp"
#include "journeysim/model/word_of_mouth.hpp"
#include "journeysim/random/draws.hpp"

namespace {

namespace model = journeysim::model;
namespace random = journeysim::random;
using journeysim::kernel::Event;
using journeysim::kernel::Scheduler;

constexpr double kDegree = 10.0;

enum Kind { kWattsStrogatz, kErdosRenyi, kPowerLaw, kSpatial };

// Households uniform on one town's disc of radius 10 km; the radius that gives mean degree 10
// is r = R sqrt(10 / n) (n pi r^2 / (pi R^2) neighbours, less at the rim).
struct Town {
    std::vector<float> x, y;
    std::vector<std::uint32_t> town;
};
Town one_town(std::uint32_t n) {
    auto engine = random::make_engine(11);
    Town t{std::vector<float>(n), std::vector<float>(n), std::vector<std::uint32_t>(n, 0)};
    for (std::uint32_t i = 0; i < n; ++i) {
        const double r = 10.0 * std::sqrt(random::uniform01(engine));
        const double a = 2.0 * std::numbers::pi * random::uniform01(engine);
        t.x[i] = static_cast<float>(r * std::cos(a));
        t.y[i] = static_cast<float>(r * std::sin(a));
    }
    return t;
}

model::SocialGraph make(Kind kind, std::uint32_t n, std::uint64_t seed, const Town* town) {
    auto engine = random::make_engine(random::stream_seed(seed, 0, "social"));
    switch (kind) {
        case kWattsStrogatz: return model::watts_strogatz(n, 10, 0.1, engine);
        case kErdosRenyi: return model::erdos_renyi(n, kDegree, engine);
        case kPowerLaw: return model::power_law(n, kDegree, 0.5, engine);
        case kSpatial:
            return model::spatial({town->x, town->y, town->town}, 10.0 * std::sqrt(kDegree / n));
    }
    return {};
}

void generate(benchmark::State& state, Kind kind) {
    const auto n = static_cast<std::uint32_t>(state.range(0));
    const Town town = kind == kSpatial ? one_town(n) : Town{};
    double bytes = 0.0, degree = 0.0;
    std::uint64_t seed = 1;
    for (auto _ : state) {
        const auto g = make(kind, n, seed++, &town);
        bytes = static_cast<double>(g.bytes()) / n;
        degree = g.mean_degree();
        benchmark::DoNotOptimize(g.edges());
    }
    state.counters["bytes_per_household"] = bytes;
    state.counters["mean_degree"] = degree;
    state.counters["households_per_s"] = benchmark::Counter(
        static_cast<double>(state.iterations()) * n, benchmark::Counter::kIsRate);
}

const model::SocialGraph& shared_graph(std::uint32_t n) {
    static std::uint32_t built_for = 0;
    static model::SocialGraph g;
    if (built_for != n) g = make(kWattsStrogatz, n, 1, nullptr), built_for = n;
    return g;
}

// Tells from households drawn uniformly (every third one a social-media user), about 20
// stores in turn, with p_tell 0.2 amplified 3x; counts the neighbours told per second.
void tell_repeatedly(benchmark::State& state, model::WordOfMouth& wom, std::uint32_t n) {
    auto draws = random::make_engine(3);
    double told = 0.0;
    std::uint64_t i = 0;
    for (auto _ : state) {
        const auto h = static_cast<std::uint32_t>(random::uniform_index(draws, n));
        told += wom.tell(h, static_cast<std::uint16_t>(i % 20), 0.5, i % 3 == 0);
        ++i;
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["told_per_s"] = benchmark::Counter(told, benchmark::Counter::kIsRate);
}

void word_of_mouth(benchmark::State& state) {
    const auto n = static_cast<std::uint32_t>(state.range(0));
    const auto& g = shared_graph(n);
    auto engine = random::make_engine(random::stream_seed(2, 0, "social"));
    model::WordOfMouth wom(g, {0.2, 3.0, 0.3}, 20, engine);
    tell_repeatedly(state, wom, n);
    state.counters["hearsay_entries"] = static_cast<double>(wom.hearsay().entries());
    state.counters["hearsay_bytes_per_household"] = static_cast<double>(wom.hearsay().bytes()) / n;
}

// Word of mouth against the graph's degree: Watts–Strogatz graphs of 100,000 households with
// k = 2..50 (β = 0.1), built once per k; the cost of a tell should grow with the neighbours told.
void word_of_mouth_by_degree(benchmark::State& state) {
    constexpr std::uint32_t n = 100'000;
    const auto k = static_cast<std::uint32_t>(state.range(0));
    auto graph_engine = random::make_engine(random::stream_seed(1, 0, "social"));
    const auto g = model::watts_strogatz(n, k, 0.1, graph_engine);
    auto engine = random::make_engine(random::stream_seed(2, 0, "social"));
    model::WordOfMouth wom(g, {0.2, 3.0, 0.3}, 20, engine);
    tell_repeatedly(state, wom, n);
    state.counters["mean_degree"] = g.mean_degree();
    state.counters["graph_bytes_per_household"] = static_cast<double>(g.bytes()) / n;
}

void adoption(benchmark::State& state) {
    const auto n = static_cast<std::uint32_t>(state.range(0));
    const auto& g = shared_graph(n);
    const std::vector<std::uint8_t> audience(n, 1);
    double events = 0.0, adoptions = 0.0, bytes = 0.0, peak_pending = 0.0;
    std::uint64_t seed = 1;
    for (auto _ : state) {
        auto engine = random::make_engine(random::stream_seed(seed++, 0, "adoption"));
        Scheduler clock;
        model::BassAdoption bass(g, 0.03 / 365.0, 0.38 / 365.0, 1, engine);
        bass.launch(clock, 0.0, audience);
        for (int year = 1; year <= 15; ++year) {
            events += static_cast<double>(clock.run_until(
                year * 365.0, [&](const Event& e) { (void)bass.handle(e, clock); }));
            peak_pending = std::max(peak_pending, static_cast<double>(clock.pending()));
        }
        adoptions += bass.adopters();
        bytes = static_cast<double>(bass.bytes()) / n;
    }
    using benchmark::Counter;
    state.counters["events_per_s"] = Counter(events, Counter::kIsRate);
    state.counters["adoptions_per_s"] = Counter(adoptions, Counter::kIsRate);
    state.counters["adopted_share"] = adoptions / static_cast<double>(state.iterations()) / n;
    state.counters["bytes_per_household"] = bytes;
    state.counters["pending_at_year_ends_max"] = peak_pending;
}

BENCHMARK_CAPTURE(generate, watts_strogatz, kWattsStrogatz)
    ->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(generate, erdos_renyi, kErdosRenyi)
    ->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(generate, power_law, kPowerLaw)
    ->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(generate, spatial, kSpatial)
    ->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(word_of_mouth)->Name("social/word_of_mouth")->Arg(100'000)->Arg(1'000'000);
BENCHMARK(word_of_mouth_by_degree)->Name("social/word_of_mouth_degree")
    ->Arg(2)->Arg(4)->Arg(10)->Arg(20)->Arg(50);
BENCHMARK(adoption)
    ->Name("social/adoption")
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
