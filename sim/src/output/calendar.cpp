#include "journeysim/output/calendar.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace journeysim::output {

std::string iso_date(int start_year, double day) {
    static constexpr std::array<int, 12> kMonthLength = {31, 28, 31, 30, 31, 30,
                                                         31, 31, 30, 31, 30, 31};
    // A hair of tolerance so a bound computed as 31.000000000001 or 30.99999999 lands on 1 Feb.
    const auto whole = static_cast<long long>(std::floor(day + 1e-6));
    long long year = start_year + whole / 365;
    int rest = static_cast<int>(whole % 365);
    if (rest < 0) rest += 365, --year;
    int month = 0;
    while (rest >= kMonthLength[month]) rest -= kMonthLength[month++];
    char text[32];
    std::snprintf(text, sizeof text, "%04lld-%02d-%02d", year, month + 1, rest + 1);
    return text;
}

}  // namespace journeysim::output
