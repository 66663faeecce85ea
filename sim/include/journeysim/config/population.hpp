#pragma once
// The living population ([population]): households moving in and out, children born, and
// children who, at 18, leave home to found households of their own. Fields, units and
// defaults are documented in docs/scenario.md.

namespace journeysim::config {

inline constexpr double kAdultAge = 18.0;  // years: a child comes of age and may leave home

struct Population {
    // False without a [population] table: children never age and nobody moves, as before
    // the population lived (results of older scenarios are unchanged).
    bool living = false;
    double move_out_per_year = 0.0;  // per household
    double move_in_per_year = 0.0;   // households per year, as a share of households.count
    double births_per_year = 0.0;    // per household whose adult is under birth_age_max
    double birth_age_max = 45.0;     // years
    double leave_home_probability = 0.0;  // a child of 18 founds a household
    double inherit_trust = 0.5;      // share of the parent's trust in each store it starts with
    double found_within_km = 2.0;    // a founded household lives this close to its parent
    int founder_friends = 3;         // of the parent's friends a founder links to (and the parent)
    int newcomer_friends = 5;        // households of its town a household moving in links to
};

}  // namespace journeysim::config
