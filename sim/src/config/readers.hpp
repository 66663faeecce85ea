#pragma once
// The readers of each part of a scenario, shared by the files that implement them; each
// reads its tables through a TableReader, so every problem lands in one issue list.
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "table_reader.hpp"

namespace journeysim::config {

// Upper bounds that keep a typo (an extra zero or three) from asking for a run that cannot
// finish or fit in memory.
inline constexpr double kMaxYears = 500.0;
inline constexpr double kMaxHouseholds = 50'000'000.0;
inline constexpr double kMaxStaff = 10'000.0;
inline constexpr double kMaxRatePerYear = 1'000.0;
inline constexpr double kMaxDays = kMaxYears * kDaysPerYear;

// Opening and closing dates of a store or a mall.
void read_dates(TableReader& t, int start_year, double& opens, double& closes);

// [seasons], [categories] and [needs]; without [categories], one category from [needs].
void read_needs(TableReader& root, Scenario& sc);
// [stores]: needs the categories and malls read first.
std::vector<Store> read_stores(TableReader& root, const Scenario& sc);
// [[timeline]]: needs the stores and malls.
std::vector<TimelineEvent> read_timeline(TableReader& root, const Scenario& sc);

// [markets]: needs the stores.
std::vector<Market> read_markets(TableReader& root, const Scenario& sc);

// [population]: absent, the population does not live (no ageing, no moves).
Population read_population(TableReader& root);

template <class T>
std::vector<std::string> names_of(const std::vector<T>& items) {
    std::vector<std::string> names;
    for (const auto& i : items) names.push_back(i.name);
    return names;
}

}  // namespace journeysim::config
