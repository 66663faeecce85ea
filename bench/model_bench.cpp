// The full model (model::Simulation): a town of N households and 10 stores over a few years,
// built and run to the horizon in each iteration. Reports events per second, household-years
// per second, and the resident memory the run added per household (VmRSS after the run, with
// the simulation still alive, less VmRSS before it was built; indicative, allocator-dependent).
//
// Staff grow with the town so every store's queue stays stable: the stores share N*r/365 needs
// a day, each needing `service_minutes`; staff = ceil(twice the even share's load / 0.8).
//
//   model/town10/<households>  10 stores on a ring, 5 years
//   model/stores/<stores>      100,000 households, 2 to 50 stores on the ring, 2 years: the
//                              cost of choice as the market widens
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>

#include "journeysim/config/scenario.hpp"
#include "journeysim/model/simulation.hpp"
#include "resident_memory.hpp"

namespace {

using journeysim::bench::resident_bytes;

namespace config = journeysim::config;
constexpr int kStores = 10;
constexpr double kYears = 5.0;
constexpr long long kSweepHouseholds = 100'000;
constexpr double kSweepYears = 2.0;
constexpr double kNeedsPerYear = 2.5;
constexpr double kServiceMinutes = 20.0;

std::string town_scenario(long long households, int stores = kStores, double years = kYears) {
    const double per_store_per_day = households * kNeedsPerYear / 365.0 / stores;
    const int staff = std::max(1, static_cast<int>(std::ceil(2.0 * per_store_per_day *
                                                              kServiceMinutes / 1440.0 / 0.8)));
    std::ostringstream s;
    s << "[simulation]\nyears = " << years << "\nperiod = \"year\"\n"
      << "[households]\ncount = " << households << "\nmax_travel_km = 50.0\n"
      << "price_sensitivity = { mean = 2.0, sd = 0.5 }\n"
      << "distance_sensitivity = { mean = 0.3, sd = 0.1 }\n"
      << "relationship_orientation = { mean = 1.0, sd = 0.3 }\n"
      << "[towns.centre]\nradius_km = 5.0\n"
      << "[needs]\nrate_per_year = " << kNeedsPerYear << "\nspend = 40.0\n";
    for (int k = 0; k < stores; ++k) {
        const double angle = 2.0 * M_PI * k / stores;
        s << "[stores.s" << k << "]\ntype = \"chain\"\n"
          << "x = " << 3.0 * std::cos(angle) << "\ny = " << 3.0 * std::sin(angle) << "\n"
          << "price_index = " << 0.85 + 0.3 * k / (stores - 1) << "\nstaff = " << staff << "\n"
          << "service_minutes = " << kServiceMinutes << "\navailability = 0.9\n";
    }
    return s.str();
}

void run_model(benchmark::State& state, long long households, int stores, double years) {
    const config::Scenario scenario =
        config::parse_scenario(town_scenario(households, stores, years));
    double events = 0.0, bytes_per_household = 0.0;
    std::uint64_t seed = 1;
    for (auto _ : state) {
        const double before = resident_bytes();
        journeysim::model::Simulation sim(scenario, seed++, 0);
        sim.advance_to(sim.horizon());
        events += static_cast<double>(sim.record().events);
        bytes_per_household = (resident_bytes() - before) / static_cast<double>(households);
    }
    using benchmark::Counter;
    state.counters["events_per_s"] = Counter(events, Counter::kIsRate);
    state.counters["household_years_per_s"] = Counter(
        static_cast<double>(state.iterations()) * static_cast<double>(households) * years,
        Counter::kIsRate);
    state.counters["events_per_run"] = events / static_cast<double>(state.iterations());
    state.counters["bytes_per_household"] = bytes_per_household;
}

void full_model(benchmark::State& state) { run_model(state, state.range(0), kStores, kYears); }
void store_sweep(benchmark::State& state) {
    run_model(state, kSweepHouseholds, static_cast<int>(state.range(0)), kSweepYears);
}

BENCHMARK(full_model)->Name("model/town10")->Arg(10'000)->Arg(100'000)->Arg(1'000'000)
    ->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(store_sweep)->Name("model/stores")->Arg(2)->Arg(5)->Arg(10)->Arg(20)->Arg(50)
    ->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
