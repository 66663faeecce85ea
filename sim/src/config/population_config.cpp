// [population]: the knobs of a living population (docs/scenario.md).
#include "readers.hpp"

namespace journeysim::config {

Population read_population(TableReader& root) {
    Population p;
    p.living = root.has("population");
    TableReader t = root.table("population");
    p.move_out_per_year =
        t.number("move_out_per_year", p.move_out_per_year, Range::at_least(0.0, 10.0));
    p.move_in_per_year =
        t.number("move_in_per_year", p.move_in_per_year, Range::at_least(0.0, 10.0));
    p.births_per_year = t.number("births_per_year", p.births_per_year, Range::at_least(0.0, 5.0));
    p.birth_age_max = t.number("birth_age_max", p.birth_age_max, Range::at_least(kAdultAge, 120.0));
    p.leave_home_probability =
        t.number("leave_home_probability", p.leave_home_probability, Range::unit());
    p.inherit_trust = t.number("inherit_trust", p.inherit_trust, Range::unit());
    p.found_within_km =
        t.number("found_within_km", p.found_within_km, Range::at_least(0.0, 1000.0));
    p.founder_friends = static_cast<int>(
        t.integer("founder_friends", p.founder_friends, Range::at_least(0, 1000)));
    p.newcomer_friends = static_cast<int>(
        t.integer("newcomer_friends", p.newcomer_friends, Range::at_least(0, 1000)));
    return p;
}

}  // namespace journeysim::config
