#include "journeysim/output/calendar.hpp"

#include <cmath>
#include <cstdio>

#include "journeysim/config/calendar.hpp"

namespace journeysim::output {

std::string iso_date(int start_year, double day) {
    // A hair of tolerance so a bound computed as 31.000000000001 or 30.99999999 lands on 1 Feb.
    const auto whole = static_cast<long long>(std::floor(day + 1e-6));
    long long year = start_year + whole / config::kDaysInYear;
    int rest = static_cast<int>(whole % config::kDaysInYear);
    if (rest < 0) rest += config::kDaysInYear, --year;
    int month = 0;
    while (rest >= config::kMonthLength[month]) rest -= config::kMonthLength[month++];
    char text[32];
    std::snprintf(text, sizeof text, "%04lld-%02d-%02d", year, month + 1, rest + 1);
    return text;
}

}  // namespace journeysim::output
