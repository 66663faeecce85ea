// Reading weekly hours ("hours = { mon = "9-18", sat = "10-13,14-17", sun = "closed" }") and
// the households' shopping rhythm; stores, malls (and staff rosters' shifts) share the reader.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <variant>

#include "hours_config.hpp"
#include "journeysim/config/calendar.hpp"

namespace journeysim::config {

std::string clock_text(int minutes) {
    const int m = minutes % 60;
    return std::to_string(minutes / 60) + (m < 10 ? ":0" : ":") + std::to_string(m);
}

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// "9", "09", "9:30", "24:00" as minutes since midnight; an error message when it is not one.
struct ClockTime {
    int minutes = 0;
    std::string error;
};

std::optional<int> whole_number(std::string_view s) {
    int v = 0;
    if (s.empty() || s.size() > 2) return std::nullopt;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

ClockTime clock_time(std::string_view s) {
    s = trimmed(s);
    const auto colon = s.find(':');
    const std::optional<int> hour = whole_number(s.substr(0, colon));
    std::optional<int> minute = 0;
    if (colon != std::string_view::npos)
        minute = s.size() - colon == 3 ? whole_number(s.substr(colon + 1)) : std::nullopt;
    ClockTime time;
    if (!hour || !minute) {
        time.error.append("'").append(s).append("' is not a time (9, 9:30, 18:00)");
    } else if (*hour > 24) {
        time.error = "hour must be 0..24";
    } else if (*minute > 59) {
        time.error = "minutes must be 0..59";
    } else if (*hour == 24 && *minute > 0) {
        time.error = "the day ends at 24:00";
    } else {
        time.minutes = *hour * 60 + *minute;
    }
    return time;
}

// "12-25" as a day of the year (1 January = 0), or an error message.
std::variant<int, std::string> date_of_year(std::string_view text) {
    const std::optional<int> month =
        text.size() == 5 && text[2] == '-' ? whole_number(text.substr(0, 2)) : std::nullopt;
    const std::optional<int> day = month ? whole_number(text.substr(3, 2)) : std::nullopt;
    // 29 February counts as 28 February, as every date does (docs/scenario.md).
    if (month && day && *month >= 1 && *month <= 12 && *day >= 1 &&
        *day <= kMonthLength[static_cast<std::size_t>(*month - 1)] + (*month == 2 ? 1 : 0))
        return day_of_year(*month, *day);
    std::string error = "\"";
    return error.append(text).append("\": expected a date of the year as \"MM-DD\" (\"12-25\")");
}

}  // namespace

DayHours parse_day_hours(std::string_view text) {
    std::string quoted = "\"";
    quoted.append(text).append("\": ");
    DayHours day;
    if (trimmed(text) == "closed") return day;
    std::string_view rest = text;
    while (true) {
        const auto comma = rest.find(',');
        const std::string_view piece = rest.substr(0, comma);
        const auto dash = piece.find('-');
        if (dash == std::string_view::npos || trimmed(piece).empty()) {
            day.error = quoted + "expected \"closed\" or opening hours such as \"9-18\", "
                                 "\"9:00-17:30\" or \"10-13,14-17\"";
            return day;
        }
        const ClockTime from = clock_time(piece.substr(0, dash));
        const ClockTime to = clock_time(piece.substr(dash + 1));
        if (!from.error.empty() || !to.error.empty()) {
            day.error = quoted + (from.error.empty() ? to.error : from.error);
            return day;
        }
        if (to.minutes <= from.minutes) {
            day.error = quoted + "closes (" + clock_text(to.minutes) + ") before it opens (" +
                        clock_text(from.minutes) + ")";
            return day;
        }
        day.intervals.push_back({from.minutes, to.minutes});
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    std::sort(day.intervals.begin(), day.intervals.end(),
              [](const OpenInterval& a, const OpenInterval& b) { return a.from < b.from; });
    std::vector<OpenInterval> joined;
    for (const OpenInterval& i : day.intervals) {
        if (!joined.empty() && i.from < joined.back().to) {
            day.error = quoted + clock_text(i.from) + "-" + clock_text(i.to) + " overlaps " +
                        clock_text(joined.back().from) + "-" + clock_text(joined.back().to);
            return day;
        }
        if (!joined.empty() && i.from == joined.back().to)
            joined.back().to = i.to;  // "9-13,13-18" is "9-18"
        else
            joined.push_back(i);
    }
    day.intervals = std::move(joined);
    return day;
}

std::optional<WeeklyHours> read_hours(TableReader& owner, std::string_view key, bool dated) {
    if (!owner.has(key)) return std::nullopt;
    TableReader t = owner.table(key);
    WeeklyHours hours;
    if (!t.present()) return hours;  // not a table: reported
    if (const auto closed = dated ? t.texts("closed") : std::nullopt) {
        for (std::size_t i = 0; i < closed->size(); ++i) {
            if (!(*closed)[i]) continue;  // reported
            const auto date = date_of_year(*(*closed)[i]);
            if (const auto* error = std::get_if<std::string>(&date))
                t.error("closed[" + std::to_string(i) + "]", *error);
            else
                hours.closed_dates.push_back(std::get<int>(date));
        }
        std::sort(hours.closed_dates.begin(), hours.closed_dates.end());
        hours.closed_dates.erase(std::unique(hours.closed_dates.begin(), hours.closed_dates.end()),
                                 hours.closed_dates.end());
    }
    bool any_open = false, all_valid = true;
    for (std::size_t d = 0; d < kWeekdayNames.size(); ++d) {
        const auto text = t.text(kWeekdayNames[d]);
        if (!text) {
            all_valid &= !t.has(kWeekdayNames[d]);  // a non-string was reported
            continue;
        }
        DayHours day = parse_day_hours(*text);
        if (!day.error.empty()) {
            t.error(kWeekdayNames[d], std::move(day.error));
            all_valid = false;
            continue;
        }
        any_open |= !day.intervals.empty();
        hours.days[d] = std::move(day.intervals);
    }
    if (all_valid && !any_open)
        owner.error(key, "must open on some day (every weekday is closed or left out; "
                         "leave it out to be open around the clock)");
    else if (all_valid && !hours.next_open(0.0))
        t.error("closed", "closes every date the weekly hours open on: it would never open");
    return hours;
}

std::optional<Rhythm> read_rhythm(TableReader& owner) {
    if (!owner.has("rhythm")) return std::nullopt;
    TableReader t = owner.table("rhythm");
    Rhythm rhythm = flat_rhythm();
    const auto weights = [&t](std::string_view key, auto& into) {
        const auto values = t.numbers(key, into.size(), Range::at_least(0.0, 1e6));
        if (!values) return;
        if (std::all_of(values->begin(), values->end(), [](double v) { return v == 0.0; }))
            t.error(key, "must not be all zero");
        std::copy(values->begin(), values->end(), into.begin());
    };
    weights("weekdays", rhythm.weekdays);
    weights("hours", rhythm.hours);
    return rhythm;
}

}  // namespace journeysim::config
