#pragma once
// Reading the scenario's [social] and [platforms.<name>] sections (docs/scenario.md).
#include "journeysim/config/scenario.hpp"
#include "journeysim/config/social.hpp"
#include "table_reader.hpp"

namespace journeysim::config {

// Reads [social] and [platforms.<name>] from the scenario's root table, checking them
// against the scenario read so far (`sc`: simulation, households and towns). Problems go to
// root's issues.
[[nodiscard]] Social read_social(TableReader& root, const Scenario& sc);

}  // namespace journeysim::config
