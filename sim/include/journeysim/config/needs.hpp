#pragma once
// What households need: categories of goods, each with a rate, a deadline and seasonal peaks.
#include <limits>
#include <string>
#include <vector>

namespace journeysim::config {

// A yearly peak of demand: the rate is multiplied by 1 + boost at peak_day (day of the year,
// 0 = 1 January) and falls off as a Gaussian of width width_days, wrapping at the year's end.
struct Season {
    std::string name;
    double peak_day = 0.0;
    double width_days = 14.0;
    double boost = 1.0;
};

struct Category {
    std::string name;
    double rate_per_year = 2.0;  // per household, before children and seasons
    double per_child = 0.0;      // rate x (1 + per_child x children)
    double price = 40.0;         // reference price (at price index 1)
    double deadline_days = 30.0; // a need not met by then is unmet
    std::vector<int> seasons;    // indices into Scenario::seasons
    // Life events (a wedding, a first job): the category arises only for households whose
    // adult is this old (years, at the need); the rate is per household in the window.
    static constexpr double kAnyAge = std::numeric_limits<double>::infinity();
    double min_age = 0.0, max_age = kAnyAge;
    [[nodiscard]] bool by_age() const { return min_age > 0.0 || max_age < kAnyAge; }
};

// Household-side rules that apply to every category.
struct Needs {
    double retry_probability = 0.5;  // after a failed visit, try another store (policy none)
    double return_days = 10.0;       // a wrong fit comes back this many days after the sale
};

}  // namespace journeysim::config
