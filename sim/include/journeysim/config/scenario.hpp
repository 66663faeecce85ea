#pragma once
// The validated, typed scenario. Every field is documented (unit, default, range) in
// docs/scenario.md; parse_scenario is the only way to make one, so a Scenario is always valid.
#include <array>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/config/config_error.hpp"

namespace journeysim::config {

inline constexpr double kDaysPerYear = 365.0;
inline constexpr double kNever = std::numeric_limits<double>::infinity();

enum class StoreType { relationship = 0, chain = 1, department = 2, online = 3 };
inline constexpr std::array<std::string_view, 4> kStoreTypeNames = {"relationship", "chain",
                                                                    "department", "online"};

enum class ServiceDistribution { exponential, lognormal };

// A per-household trait drawn at creation: lognormal with this mean and sd (sd 0: fixed).
struct Spread {
    double mean = 0.0;
    double sd = 0.0;
};

struct Simulation {
    int start_year = 1950;
    double years = 10.0;
    double warmup_years = 0.0;
    // Metric period boundaries in days from day 0, ascending, first = warm-up end,
    // last = horizon. Calendar months, quarters or years, or a fixed number of days.
    std::vector<double> period_bounds;
    [[nodiscard]] double horizon_days() const { return years * kDaysPerYear; }
    [[nodiscard]] double warmup_days() const { return warmup_years * kDaysPerYear; }
};

struct Households {
    long long count = 1000;
    double max_travel_km = 50.0;
    Spread price_sensitivity{2.0, 0.5};
    Spread distance_sensitivity{0.1, 0.03};
    Spread relationship_orientation{1.0, 0.3};
};

struct Town {
    std::string name;
    double x = 0.0, y = 0.0, radius_km = 2.0, share = 1.0;
};

struct Needs {
    double rate_per_year = 2.0;
    double spend = 40.0;
};

struct Choice {
    std::array<double, 4> asc{};  // indexed by StoreType
};

struct Trust {
    double initial = 0.0;
    double gain = 0.15;
    double loss = 0.3;
    double decay_per_year = 0.2;
    double purchase_quality = 0.6;
    double lost_sale_quality = -0.5;
    double wait_penalty_per_hour = 0.5;
};

struct Mall {
    std::string name;
    double x = 0.0, y = 0.0;
    double opens_day = 0.0, closes_day = kNever;
};

struct Store {
    std::string name;
    StoreType type = StoreType::chain;
    int mall = -1;  // index into Scenario::malls, -1 when free-standing or online
    double x = 0.0, y = 0.0;
    double opens_day = 0.0, closes_day = kNever;
    double price_index = 1.0;
    int staff = 1;
    double service_minutes = 20.0;
    ServiceDistribution service_distribution = ServiceDistribution::lognormal;
    double service_cv = 0.5;
    double availability = 0.9;
    double trust_gain = 0.15;  // defaults to trust.gain
};

struct Scenario {
    std::string text;  // the TOML it was parsed from, stored with results
    Simulation simulation;
    Households households;
    std::vector<Town> towns;
    Needs needs;
    Choice choice;
    Trust trust;
    std::vector<Mall> malls;
    std::vector<Store> stores;
};

// Parses and validates TOML text; throws ConfigError listing every problem.
[[nodiscard]] Scenario parse_scenario(std::string_view toml_text);
// The same checks, returning the problems instead of throwing (empty: valid).
[[nodiscard]] std::vector<Issue> check_scenario(std::string_view toml_text);

}  // namespace journeysim::config
