#pragma once
// Weekly hours: when a store or a mall is open (staff rosters' shifts take the same form), and
// the households' weekly shopping rhythm. Time is in days from day 0, which is a Monday at
// 00:00; a week is 7 days (docs/scenario.md, "Opening hours").
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace journeysim::config {

inline constexpr std::array<std::string_view, 7> kWeekdayNames = {"mon", "tue", "wed", "thu",
                                                                  "fri", "sat", "sun"};
inline constexpr int kMinutesPerDay = 1440;
inline constexpr double kDaysPerWeek = 7.0;

// Open from `from` to `to`, minutes since midnight, 0 <= from < to <= 1440.
struct OpenInterval {
    int from = 0;
    int to = kMinutesPerDay;
};

// Day t as the start of its week, its weekday (Monday = 0) and the minute within that day.
struct WeekPlace {
    double week_start;
    int weekday;
    double minute;
};
[[nodiscard]] WeekPlace week_place(double t);

struct WeeklyHours {
    // Per weekday (Monday = 0): its open intervals, in order, disjoint and not touching
    // (touching ones are joined).
    std::array<std::vector<OpenInterval>, 7> days;
    // Days of the year (1 January = 0) it stays closed whatever the weekday, sorted: holidays.
    std::vector<int> closed_dates;

    // Whether day t falls on one of the closed dates.
    [[nodiscard]] bool closed_on(double t) const;
    // The midnights of the closed dates whose day overlaps [from, to).
    [[nodiscard]] std::vector<double> closed_days(double from, double to) const;
    // Whether it is open at day t (t >= 0).
    [[nodiscard]] bool open_at(double t) const;
    // The first open stretch that ends after day t: [from, to) in days, from = t when open
    // at t. nullopt when never open.
    [[nodiscard]] std::optional<std::pair<double, double>> next_open(double t) const;
    // The share of hour `hour` (0..23) of weekday `weekday` (Monday = 0) it is open, closed
    // dates aside.
    [[nodiscard]] double open_share(int weekday, int hour) const;
};

// One weekday's hours from their text: "9-18", "9:00-17:30", "10-13,14-17", "closed",
// "0-24". Returns the intervals, or an error message naming what is wrong.
struct DayHours {
    std::vector<OpenInterval> intervals;
    std::string error;  // empty when the text is valid
};
[[nodiscard]] DayHours parse_day_hours(std::string_view text);

// When households shop: the weight of hour h on weekday d is weekdays[d] x hours[h]
// (non-negative, not all zero; only ratios matter).
struct Rhythm {
    std::array<double, 7> weekdays{};
    std::array<double, 24> hours{};
};

// The rhythm that applies when some store keeps hours and the scenario gives none: few trips
// before 9 and after 21, weekday evenings busier than their mornings, a Saturday peak and a
// quieter Sunday (docs/scenario.md lists the weights).
[[nodiscard]] Rhythm default_rhythm();
// Every hour of the week alike.
[[nodiscard]] Rhythm flat_rhythm();

}  // namespace journeysim::config
