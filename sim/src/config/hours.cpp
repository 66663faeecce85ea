#include "journeysim/config/hours.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/config/calendar.hpp"

namespace journeysim::config {

WeekPlace week_place(double t) {
    const double week_start = std::floor(t / kDaysPerWeek) * kDaysPerWeek;
    const double in_week = t - week_start;
    int weekday = static_cast<int>(in_week);
    if (weekday > 6) weekday = 6;  // rounding at the week's very end
    return {week_start, weekday, (in_week - weekday) * kMinutesPerDay};
}

bool WeeklyHours::closed_on(double t) const {
    const auto date = static_cast<int>(std::fmod(std::floor(t), kDaysInYear));
    return std::binary_search(closed_dates.begin(), closed_dates.end(), date);
}

std::vector<double> WeeklyHours::closed_days(double from, double to) const {
    std::vector<double> midnights;
    if (closed_dates.empty() || to <= from) return midnights;
    for (double year = std::floor(from / kDaysInYear) * kDaysInYear; year < to; year += kDaysInYear)
        for (const int date : closed_dates)
            if (year + date + 1.0 > from && year + date < to) midnights.push_back(year + date);
    return midnights;
}

bool WeeklyHours::open_at(double t) const {
    if (!closed_dates.empty() && closed_on(t)) return false;
    const WeekPlace p = week_place(t);
    for (const OpenInterval& i : days[static_cast<std::size_t>(p.weekday)])
        if (p.minute >= i.from && p.minute < i.to) return true;
    return false;
}

std::optional<std::pair<double, double>> WeeklyHours::next_open(double t) const {
    const WeekPlace p = week_place(t);
    // Eight days ahead: today's later hours, the six other weekdays, and today's again; with
    // closed dates, up to seven years more (a date's weekday repeats only after seven).
    const int days_ahead = closed_dates.empty() ? 7 : 7 + 7 * kDaysInYear;
    for (int k = 0; k <= days_ahead; ++k) {
        const int weekday = (p.weekday + k) % 7;
        const double midnight = p.week_start + p.weekday + k;
        if (!closed_dates.empty() && closed_on(midnight + 0.5)) continue;
        for (const OpenInterval& i : days[static_cast<std::size_t>(weekday)]) {
            const double from = midnight + i.from / static_cast<double>(kMinutesPerDay);
            const double to = midnight + i.to / static_cast<double>(kMinutesPerDay);
            if (to > t) return std::pair{std::max(from, t), to};
        }
    }
    return std::nullopt;
}

double WeeklyHours::open_share(int weekday, int hour) const {
    int open = 0;
    for (const OpenInterval& i : days[static_cast<std::size_t>(weekday)])
        open += std::max(0, std::min(i.to, (hour + 1) * 60) - std::max(i.from, hour * 60));
    return open / 60.0;
}

Rhythm default_rhythm() {
    // Shares of trips by weekday and by hour of the day in the spirit of retail footfall
    // counts (a Saturday peak, a quiet Sunday, a lunchtime and an after-work rise).
    return Rhythm{
        {0.9, 0.9, 0.95, 1.0, 1.15, 1.6, 0.5},
        {0.02, 0.01, 0.01, 0.01, 0.01, 0.02, 0.05, 0.1,  // 0-7
         0.3, 0.7, 1.0, 1.1, 1.25, 1.15, 1.0, 1.0,       // 8-15
         1.1, 1.4, 1.5, 1.3, 0.8, 0.3, 0.1, 0.05},       // 16-23
    };
}

Rhythm flat_rhythm() {
    Rhythm rhythm;
    rhythm.weekdays.fill(1.0);
    rhythm.hours.fill(1.0);
    return rhythm;
}

}  // namespace journeysim::config
