// One run of a large scenario (bench/scenarios/metro.toml) on one thread, the way an analyst
// would run it: parse, run one replication through run::run, frame nothing. Reports wall
// time, events per second and peak resident memory per household, and writes them as JSON.
//
//     metro_run bench/scenarios/metro.toml bench/results/metro.json
//     metro_run --no-social bench/scenarios/metro.toml   # the same town without its [social]
//
// --no-social runs the scenario as if it had no [social] section (no graph, no word of mouth,
// no platforms): the model's own cost, without the social fabric's, from the same file.
//
// Peak RSS is getrusage's ru_maxrss (the whole process, so it includes the program and the
// parsed scenario); "bytes per household" is that peak less the resident size before the
// run started, over the household count.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "journeysim/config/config_error.hpp"
#include "journeysim/config/scenario.hpp"
#include "journeysim/run/run.hpp"
#include "resident_memory.hpp"

using journeysim::bench::peak_resident_bytes;
using journeysim::bench::resident_bytes;

int main(int argc, char** argv) {
    const bool no_social = argc > 1 && std::string(argv[1]) == "--no-social";
    if (no_social) --argc, ++argv;
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: metro_run [--no-social] <scenario.toml> [<results.json>]\n";
        return 2;
    }
    std::ifstream file(argv[1]);
    if (!file) {
        std::cerr << "metro_run: cannot read " << argv[1] << "\n";
        return 2;
    }
    std::stringstream text;
    text << file.rdbuf();
    journeysim::config::Scenario scenario;
    try {
        scenario = journeysim::config::parse_scenario(text.str());
    } catch (const journeysim::config::ConfigError& e) {
        std::cerr << "metro_run: " << argv[1] << ": " << e.what() << "\n";
        return 2;
    }
    if (no_social) scenario.social = journeysim::config::Social{};
    const auto households = static_cast<double>(scenario.households.count);
    const double years = scenario.simulation.horizon_days() / journeysim::config::kDaysPerYear;

    const double rss_before = resident_bytes();
    journeysim::run::RunOptions options;
    options.seed = 1;
    options.replications = 1;
    options.threads = 1;
    const auto start = std::chrono::steady_clock::now();
    const auto result = journeysim::run::run(scenario, options);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
    const double peak = peak_resident_bytes();
    const auto events = static_cast<double>(result.replications.front().events);

    std::printf("%s%s: %.0f households, %zu stores, %.0f years, one thread\n", argv[1],
                no_social ? " without [social]" : "", households, scenario.stores.size(), years);
    std::printf("wall %.1f s (process CPU %.1f s), %.1f M events, %.2f M events/s (wall)\n", wall,
                cpu, events / 1e6, events / wall / 1e6);
    std::printf("peak RSS %.0f MB: %.0f bytes per household (%.0f over the resident size before the run)\n",
                peak / 1e6, peak / households, (peak - rss_before) / households);
    if (argc == 3) {
        const std::string path = argv[2];
        const std::string temporary = path + ".tmp";
        {
            std::ofstream out(temporary);
            out << "{\n  \"scenario\": \"" << argv[1] << "\",\n  \"social\": "
                << (no_social ? "false" : "true") << ",\n  \"households\": " << households
                << ",\n  \"stores\": " << scenario.stores.size() << ",\n  \"years\": " << years
                << ",\n  \"wall_seconds\": " << wall << ",\n  \"cpu_seconds\": " << cpu
                << ",\n  \"events\": " << events << ",\n  \"events_per_s\": " << events / wall
                << ",\n  \"peak_rss_bytes\": " << peak
                << ",\n  \"peak_rss_bytes_per_household\": " << peak / households
                << ",\n  \"run_bytes_per_household\": " << (peak - rss_before) / households
                << "\n}\n";
            if (!out) {
                std::cerr << "metro_run: cannot write " << temporary << "\n";
                return 1;
            }
        }
        if (std::rename(temporary.c_str(), path.c_str()) != 0) {
            std::cerr << "metro_run: cannot rename " << temporary << " to " << path << "\n";
            return 1;
        }
    }
    return 0;
}
