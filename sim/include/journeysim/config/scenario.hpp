#pragma once
// The validated, typed scenario. Every field is documented (unit, default, range) in
// docs/scenario.md; parse_scenario is the only way to make one, so a Scenario is always valid.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/config/config_error.hpp"
#include "journeysim/config/markets.hpp"
#include "journeysim/config/needs.hpp"
#include "journeysim/config/population.hpp"
#include "journeysim/config/social.hpp"
#include "journeysim/config/store.hpp"
#include "journeysim/config/timeline.hpp"

namespace journeysim::config {

inline constexpr double kDaysPerYear = 365.0;

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
    // Speed of a trip between home and stores, km per hour; 0: travel takes no time.
    double travel_speed_kmh = 0.0;
    Spread price_sensitivity{2.0, 0.5};
    Spread distance_sensitivity{0.1, 0.03};
    Spread relationship_orientation{1.0, 0.3};
    Spread assortment_taste{0.0, 0.0};
    double children_mean = 0.0;      // children per household: Poisson
    // The adults' age at a household's creation, years: uniform in [age_min, age_max]. Ages
    // place households in the platforms' audience bands; children's ages are uniform below
    // 18 and at least 18 years younger than the adult.
    double age_min = 25.0, age_max = 75.0;
    int queue_tolerance = -1;        // balk when this many wait already; -1: never balk
    double patience_minutes = kNever;  // mean (exponential) wait before reneging
    bool asks_for_salesperson = true;  // waits for the one who served it last, if still there
    // When households shop (docs/model.md, "Opening hours and the shopping rhythm"): the
    // scenario's, or the default when some store or mall keeps hours; none: any hour alike.
    std::optional<Rhythm> rhythm;
};

struct Town {
    std::string name;
    double x = 0.0, y = 0.0, radius_km = 2.0, share = 1.0;
    std::optional<Rhythm> rhythm;  // its households' own; else the households' rhythm
    std::optional<double> travel_speed_kmh;  // its households' own; else the households'
};

struct Choice {
    std::array<double, 4> asc{};  // indexed by StoreType
    double promo = 0.5;  // b_promo: utility of knowing of a sale at the store
    double card = 0.3;   // b_card: utility of holding the store's card
    double wom = 1.0;    // b_wom: utility per unit of word-of-mouth opinion omega in [-1, 1]
    double review = 0.3; // b_review: utility per star above the mean rating (review readers)
    double time = 0.0;   // b_time: utility per hour of travel to the store (with a speed)
    double delivery = 0.0;  // b_delivery: utility per day an online order takes to arrive
};

struct Trust {
    double initial = 0.0;
    double gain = 0.15;
    double loss = 0.3;
    double decay_per_year = 0.2;
    double purchase_quality = 0.6;
    double lost_sale_quality = -0.5;
    double wait_penalty_per_hour = 0.5;
    double recognition_bonus = 0.5;  // gain x (1 + this) when the same salesperson serves
    double kappa_lost = 0.3;         // relationship term kept when that salesperson is gone
    double return_quality = -0.8;
    double referral_quality = 0.4;   // goodwill of being sent to a store that has it
    double substitute_quality = -0.4;
};

struct Mall {
    std::string name;
    double x = 0.0, y = 0.0;
    double opens_day = 0.0, closes_day = kNever;
    std::optional<WeeklyHours> hours;  // its stores' unless they keep their own; none: always
};

struct Scenario {
    std::string text;  // the TOML it was parsed from, stored with results
    Simulation simulation;
    Households households;
    std::vector<Town> towns;
    std::vector<Season> seasons;
    std::vector<Category> categories;
    Needs needs;
    Choice choice;
    Trust trust;
    std::vector<Mall> malls;
    std::vector<Store> stores;
    std::vector<Market> markets;          // empty: the stores are one market
    std::vector<TimelineEvent> timeline;  // in date order
    Social social;
    Population population;
};

// Needs a household has per year at most, summed over categories: base rate, children (at
// their mean), and every season at its peak at once. Bounds the work and output of a run.
[[nodiscard]] double peak_needs_per_household_year(const Scenario& scenario);

// The expected number of neighbours within r km of a household in `town`, from the uniform
// density on the town's disc (an upper bound: households near the rim have fewer).
[[nodiscard]] double spatial_degree(const Scenario& scenario, const Town& town, double r);

// Parses and validates TOML text; throws ConfigError listing every problem.
[[nodiscard]] Scenario parse_scenario(std::string_view toml_text);
// The same checks, returning the problems instead of throwing (empty: valid).
[[nodiscard]] std::vector<Issue> check_scenario(std::string_view toml_text);

}  // namespace journeysim::config
