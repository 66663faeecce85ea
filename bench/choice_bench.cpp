// One store choice, as the model makes it on each need (model/simulation.cpp, on_need):
// utilities U_s = asc_s - b_price*ln(price_s) - b_dist*km + b_rel*trust for every store, then
// a multinomial logit draw (model::choose_logit). Households' traits and places vary from one
// choice to the next (4096 households cycled), so the branch predictor does not learn one.
// The time per iteration is the time per choice.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "journeysim/model/logit.hpp"
#include "journeysim/random/draws.hpp"

namespace {

namespace random = journeysim::random;
using journeysim::model::choose_logit;

constexpr std::size_t kHouseholds = 4096;  // a power of two

struct Town {
    std::vector<double> x, y, price_weight, distance_weight, trust_weight, u01;
    std::vector<double> store_x, store_y, static_utility, log_price;
    std::vector<double> trust;  // households x stores, as if every store had been visited
};

Town make_town(std::size_t stores) {
    auto engine = random::make_engine(42);
    Town t;
    for (std::size_t h = 0; h < kHouseholds; ++h) {
        t.x.push_back(10.0 * random::uniform01(engine));
        t.y.push_back(10.0 * random::uniform01(engine));
        t.price_weight.push_back(random::lognormal_mean_sd(engine, 2.0, 0.5));
        t.distance_weight.push_back(random::lognormal_mean_sd(engine, 0.3, 0.1));
        t.trust_weight.push_back(random::lognormal_mean_sd(engine, 1.0, 0.3));
        t.u01.push_back(random::uniform01(engine));
        for (std::size_t s = 0; s < stores; ++s) t.trust.push_back(random::uniform01(engine));
    }
    for (std::size_t s = 0; s < stores; ++s) {
        t.store_x.push_back(10.0 * random::uniform01(engine));
        t.store_y.push_back(10.0 * random::uniform01(engine));
        t.static_utility.push_back(0.5 * random::uniform01(engine));
        t.log_price.push_back(std::log(0.8 + 0.4 * random::uniform01(engine)));
    }
    return t;
}

void store_choice(benchmark::State& state) {
    const auto stores = static_cast<std::size_t>(state.range(0));
    const Town t = make_town(stores);
    std::vector<double> utility(stores), weight(stores);
    std::size_t h = 0;
    std::uint64_t chosen_sum = 0;
    for (auto _ : state) {
        const double hx = t.x[h], hy = t.y[h];
        const double* trust = &t.trust[h * stores];
        for (std::size_t s = 0; s < stores; ++s) {
            const double dx = t.store_x[s] - hx, dy = t.store_y[s] - hy;
            utility[s] = t.static_utility[s] - t.price_weight[h] * t.log_price[s] -
                         t.distance_weight[h] * std::sqrt(dx * dx + dy * dy) +
                         t.trust_weight[h] * trust[s];
        }
        chosen_sum += choose_logit(utility, weight, t.u01[h]);
        h = (h + 1) & (kHouseholds - 1);
    }
    benchmark::DoNotOptimize(chosen_sum);
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(store_choice)->Name("choice/logit")->Arg(2)->Arg(5)->Arg(10)->Arg(20)->Arg(50);

}  // namespace

BENCHMARK_MAIN();
