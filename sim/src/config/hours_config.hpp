#pragma once
// The reader of weekly hours and of the shopping rhythm (hours_config.cpp), for the readers
// of stores, malls and households.
#include <optional>
#include <string>

#include "journeysim/config/hours.hpp"
#include "table_reader.hpp"

namespace journeysim::config {

// `owner.<key>` ({ mon = "9-18", ..., sun = "closed" }, and when `dated`, closed dates of
// the year: closed = ["12-25", "01-01"]): nullopt when absent. Problems are reported at
// owner.<key>.<weekday> (or .closed[i]). Stores and malls read `hours` with dates; a
// roster's shifts read theirs without (they follow the week).
std::optional<WeeklyHours> read_hours(TableReader& owner, std::string_view key = "hours",
                                      bool dated = true);
// `rhythm` ({ weekdays = [7 weights], hours = [24 weights] }) of `households` or a town:
// nullopt when absent; a list left out weighs every weekday (or hour) alike.
std::optional<Rhythm> read_rhythm(TableReader& owner);
// Minutes since midnight as a clock reads them: 540 -> "9:00".
std::string clock_text(int minutes);

}  // namespace journeysim::config
