#pragma once
// The model's calendar: 365-day years (no leap days), day 0 = 1 January of the start year.
#include <string>

namespace journeysim::output {

// "YYYY-MM-DD" of the day containing `day`.
[[nodiscard]] std::string iso_date(int start_year, double day);

}  // namespace journeysim::output
