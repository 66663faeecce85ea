#pragma once
// The reader of weekly hours and of the shopping rhythm (hours_config.cpp), for the readers
// of stores, malls and households.
#include <optional>
#include <string>

#include "journeysim/config/hours.hpp"
#include "table_reader.hpp"

namespace journeysim::config {

// `owner.<key>` ({ mon = "9-18", ..., sun = "closed" }): nullopt when absent. Problems are
// reported at owner.<key>.<weekday>. Stores and malls read `hours`; a roster's shifts can be
// read under a key of their own.
std::optional<WeeklyHours> read_hours(TableReader& owner, std::string_view key = "hours");
// `rhythm` ({ weekdays = [7 weights], hours = [24 weights] }) of `households` or a town:
// nullopt when absent; a list left out weighs every weekday (or hour) alike.
std::optional<Rhythm> read_rhythm(TableReader& owner);
// Minutes since midnight as a clock reads them: 540 -> "9:00".
std::string clock_text(int minutes);

}  // namespace journeysim::config
