#include "journeysim/model/roster.hpp"

#include <algorithm>
#include <climits>
#include <cmath>

#include "journeysim/model/world.hpp"

namespace journeysim::model {

namespace {

constexpr int kMinutesPerWeek = 7 * config::kMinutesPerDay;

// The minute of the week day t falls in. Rosters change on whole minutes, and the events that
// mark a change may land a rounding error short of its minute.
int minute_of_week(const config::WeekPlace& p) {
    const auto minute = static_cast<int>(std::floor(p.minute + 1e-6));
    return std::min(p.weekday * config::kMinutesPerDay + minute, kMinutesPerWeek - 1);
}

}  // namespace

Roster::Roster(const config::Store& spec) : shifts_(!spec.shifts.empty()) {
    const bool days_off = std::any_of(spec.salespeople.begin(), spec.salespeople.end(),
                                      [](const config::Salesperson& p) {
                                          return std::find(p.days_off.begin(), p.days_off.end(),
                                                           true) != p.days_off.end();
                                      });
    if (days_off)
        for (int d = 0; d < 7; ++d) changes_.push_back(d * config::kMinutesPerDay);
    for (const config::Shift& shift : spec.shifts)
        for (int d = 0; d < 7; ++d)
            for (const config::OpenInterval& i : shift.hours.days[static_cast<std::size_t>(d)]) {
                changes_.push_back(d * config::kMinutesPerDay + i.from);
                changes_.push_back((d * config::kMinutesPerDay + i.to) % kMinutesPerWeek);
            }
    std::sort(changes_.begin(), changes_.end());
    changes_.erase(std::unique(changes_.begin(), changes_.end()), changes_.end());
    for (const int minute : changes_)
        counts_.push_back(config::on_shift(spec.shifts, (minute + 0.5) / config::kMinutesPerDay));
}

int Roster::scheduled(double t) const {
    if (!shifts_) return -1;
    const auto after =
        std::upper_bound(changes_.begin(), changes_.end(), minute_of_week(config::week_place(t)));
    // Before the week's first change, the last one's count carries over from the week before.
    const auto i = static_cast<std::size_t>(after - changes_.begin());
    return i == 0 ? counts_.back() : counts_[i - 1];
}

double Roster::next_change(double t) const {
    const config::WeekPlace place = config::week_place(t);
    const auto after = std::upper_bound(changes_.begin(), changes_.end(), minute_of_week(place));
    const int next = after == changes_.end() ? changes_.front() + kMinutesPerWeek : *after;
    return place.week_start + static_cast<double>(next) / config::kMinutesPerDay;
}

void positions_on_duty(const World& world, std::uint32_t store, double t,
                       std::vector<std::uint8_t>& due) {
    const int scheduled = world.rosters[store].scheduled(t);
    // Nobody works a closed date of the year (a holiday): shifts follow the week otherwise.
    const config::WeeklyHours* hours = world.fronts[store].hours;
    const bool holiday = scheduled > 0 && hours && hours->closed_on(t);
    int left = scheduled < 0 ? INT_MAX : holiday ? 0 : scheduled;
    const int weekday = minute_of_week(config::week_place(t)) / config::kMinutesPerDay;
    const Staff& staff = world.staff;
    due.assign(staff.positions(), 0);
    // Named salespeople first (unless it is their day off), then the others.
    for (const bool named : {true, false})
        for (std::uint32_t p = 0; p < staff.positions() && left > 0; ++p) {
            if (staff.store_of(p) != store) continue;
            const std::int32_t person = staff.holder(p);
            if (staff.is_named(person) != named) continue;
            if (named && staff.day_off(person, weekday)) continue;
            due[p] = 1;
            --left;
        }
}

}  // namespace journeysim::model
