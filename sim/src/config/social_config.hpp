#pragma once
// Reading the scenario's [social] and [platforms.<name>] sections (docs/scenario.md).
#include <toml++/toml.h>

#include "journeysim/config/scenario.hpp"
#include "journeysim/config/social.hpp"
#include "table_reader.hpp"

namespace journeysim::config {

// Reads [social] and [platforms.<name>] from `root` (the scenario's root table, whose raw
// form is `document`: arrays are read from it), checking them against the scenario read so
// far (`sc`: simulation, households and towns). Problems go to root's issues.
[[nodiscard]] Social read_social(TableReader& root, const toml::table& document,
                                 const Scenario& sc);

}  // namespace journeysim::config
