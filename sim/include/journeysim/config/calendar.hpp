#pragma once
// The model's calendar: day 0 is 1 January of `simulation.start_year`, years have 365 days
// and 29 February counts as 28 February (docs/scenario.md, "Conventions").
#include <algorithm>
#include <array>

namespace journeysim::config {

inline constexpr int kDaysInYear = 365;
inline constexpr std::array<int, 12> kMonthLength = {31, 28, 31, 30, 31, 30,
                                                     31, 31, 30, 31, 30, 31};
inline constexpr std::array<int, 12> kMonthStart = {0,   31,  59,  90,  120, 151,
                                                    181, 212, 243, 273, 304, 334};

// The day of the year (1 January = 0) of day `day` (from 1) of month `month` (1..12); a day
// past the month's end (29 February) counts as its last.
[[nodiscard]] constexpr int day_of_year(int month, int day) {
    return kMonthStart[month - 1] + std::min(day, kMonthLength[month - 1]) - 1;
}

}  // namespace journeysim::config
