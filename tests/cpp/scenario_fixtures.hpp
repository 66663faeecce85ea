#pragma once
// Scenario texts shared by the config and model tests, and a helper to find an issue by path.
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/config/config_error.hpp"

namespace journeysim::testing {

// The smallest valid scenario: one town, one free-standing store; everything else defaulted.
inline constexpr std::string_view kMinimalScenario = R"(
[towns.centre]
x = 0.0
y = 0.0

[stores.corner]
x = 0.5
y = 0.0
)";

// A small but complete scenario for runs: one year, monthly metrics, three stores of
// different types. `edge_of_town` opens on 1 July (day 181), the mall (and `the_bon_ton`)
// on 1 October (day 273).
inline constexpr std::string_view kSmallRunScenario = R"(
[simulation]
start_year = 1950
years = 1
period = "month"

[households]
count = 1500
max_travel_km = 30.0
price_sensitivity = { mean = 2.0, sd = 0.5 }
distance_sensitivity = { mean = 0.1, sd = 0.03 }
relationship_orientation = { mean = 1.5, sd = 0.5 }

[towns.hopewell]
x = 0.0
y = 0.0
radius_km = 2.5
share = 0.7

[towns.millbrook]
x = 6.0
y = 2.0
radius_km = 1.5
share = 0.3

[needs]
rate_per_year = 4.0
spend = 30.0

[choice.asc]
department = 0.3

[trust]
initial = 0.05
decay_per_year = 0.5

[malls.valley_mall]
x = 3.0
y = 1.0
opens = 1950-10-01

[stores.main_street]
type = "relationship"
x = 0.1
y = 0.0
staff = 1
service_minutes = 25.0
availability = 0.8

[stores.edge_of_town]
type = "chain"
x = 2.0
y = -1.0
opens = 1950-07-01
price_index = 0.8
staff = 2
service_minutes = 12.0
service_distribution = "exponential"
availability = 0.85

[stores.the_bon_ton]
type = "department"
mall = "valley_mall"
price_index = 1.05
staff = 3
service_minutes = 15.0
availability = 0.95
)";

// The issues whose path is exactly `path`.
inline std::vector<config::Issue> issues_at(const std::vector<config::Issue>& issues,
                                            std::string_view path) {
    std::vector<config::Issue> found;
    for (const auto& i : issues)
        if (i.path == path) found.push_back(i);
    return found;
}

// Every issue as "path: message", one a line, for failure messages.
inline std::string describe(const std::vector<config::Issue>& issues) {
    std::string text;
    for (const auto& i : issues) text += "\n  " + i.path + ": " + i.message;
    return text.empty() ? "(no issues)" : text;
}

}  // namespace journeysim::testing
