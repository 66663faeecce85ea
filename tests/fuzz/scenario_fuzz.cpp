// libFuzzer target: the scenario parser and validator (issue 8).
//
// Any bytes must either give a list of issues or a valid Scenario; never a crash, a hang,
// undefined behaviour or an exception other than ConfigError. check_scenario returns the
// issues; parse_scenario must agree with it (throws ConfigError exactly when there are
// issues). A valid scenario that is tiny is also built into a Simulation that runs its first
// month, so that values the validator lets through cannot break the model's set-up.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "journeysim/config/config_error.hpp"
#include "journeysim/config/scenario.hpp"
#include "journeysim/model/simulation.hpp"

namespace {

// A run is only worth its cost when it stays small: a valid scenario may ask for 50 million
// households or 500 years, which is no bug, only slow. A scenario that names an edge list
// would read a file: edge lists have their own fuzz target.
bool tiny(const journeysim::config::Scenario& s) {
    if (s.social.graph.kind == journeysim::config::GraphKind::edge_list) return false;
    const double expected_needs = static_cast<double>(s.households.count) *
                                  journeysim::config::peak_needs_per_household_year(s) *
                                  s.simulation.years;
    long long servers = 0;
    for (const auto& store : s.stores) servers += store.staff;
    return s.households.count <= 1000 && s.simulation.years <= 1.0 && expected_needs <= 20000 &&
           s.stores.size() <= 50 && servers <= 2000;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto issues = journeysim::config::check_scenario(text);
    try {
        const auto scenario = journeysim::config::parse_scenario(text);
        if (!issues.empty()) std::abort();  // check_scenario and parse_scenario disagree
        if (tiny(scenario)) {
            journeysim::model::Simulation simulation(scenario, 1, 0);
            simulation.advance_to(30.0);
        }
    } catch (const journeysim::config::ConfigError& error) {
        if (issues.empty()) std::abort();  // parse_scenario refused what check_scenario took
        if (error.issues().empty()) std::abort();  // an error must say what is wrong
    }
    return 0;
}
