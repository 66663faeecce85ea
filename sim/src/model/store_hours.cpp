#include "journeysim/model/store_hours.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace journeysim::model {

template <class F>
void StoreHours::for_each_hour(std::uint32_t store, double from, double to, F&& f) {
    constexpr double kHour = 1.0 / 24.0;
    Cell* cells = &cells_[store * kHoursPerWeek];
    // Any seven days hold an hour of each hour of the week: whole weeks at once, then the
    // rest hour by hour (a month: four weeks and some 60 hours, not 730 hours).
    if (const double weeks = std::floor((to - from) / config::kDaysPerWeek); weeks >= 1.0) {
        for (int k = 0; k < kHoursPerWeek; ++k) f(cells[k], k, weeks * kHour);
        from += weeks * config::kDaysPerWeek;
    }
    for (auto hour = static_cast<std::int64_t>(std::floor(from * 24.0)); hour * kHour < to; ++hour) {
        const double start = static_cast<double>(hour) / 24.0;
        const double a = std::max(start, from), b = std::min(start + kHour, to);
        if (b <= a) continue;
        const int k = hour_of_week(start + 0.5 * kHour);
        f(cells[k], k, b - a);
    }
}

void StoreHours::measured(std::uint32_t store, const Storefront& front, double from, double to) {
    for_each_hour(store, from, to, [](Cell& c, int, double days) { c.measured_days += days; });
    // Open: within the store's dates, the share of each hour its weekly hours give.
    const double opens = std::clamp(front.opens_day, from, to);
    const double closes = std::clamp(front.closes_day, opens, to);
    for_each_hour(store, opens, closes, [&](Cell& c, int k, double days) {
        c.open_days += days * (front.hours ? front.hours->open_share(k / 24, k % 24) : 1.0);
    });
    if (front.hours)  // less its closed dates
        for (const double midnight : front.hours->closed_days(opens, closes))
            for_each_hour(store, std::max(midnight, opens), std::min(midnight + 1.0, closes),
                          [&](Cell& c, int k, double days) {
                              c.open_days -= days * front.hours->open_share(k / 24, k % 24);
                          });
    count_duty(store, to);
}

void StoreHours::on_duty(std::uint32_t store, std::int64_t level, double t) {
    count_duty(store, t);
    duty_[store] = {level, t};
}

void StoreHours::count_duty(std::uint32_t store, double t) {
    Duty& d = duty_[store];
    const double from = std::max(d.since, from_);
    if (d.level > 0 && t > from)
        for_each_hour(store, from, t, [&](Cell& c, int, double days) {
            c.duty_days += static_cast<double>(d.level) * days;
        });
    d.since = std::max(d.since, t);
}

std::vector<records::StoreHour> StoreHours::rows(const std::vector<int>& staff) const {
    std::vector<records::StoreHour> rows;
    rows.reserve(cells_.size());
    for (std::size_t i = 0; i < cells_.size(); ++i) {
        const Cell& c = cells_[i];
        const auto store = static_cast<std::int32_t>(i / kHoursPerWeek);
        const auto k = static_cast<std::int32_t>(i % kHoursPerWeek);
        rows.push_back({store, k / 24, k % 24, c.arrivals,
                        c.served > 0 ? c.wait_minutes / static_cast<double>(c.served)
                                     : std::numeric_limits<double>::quiet_NaN(),
                        duty_[static_cast<std::size_t>(store)].level < 0
                            ? static_cast<double>(staff[static_cast<std::size_t>(store)])
                        : c.measured_days > 0.0 ? c.duty_days / c.measured_days
                                                : 0.0,
                        c.measured_days > 0.0 ? c.open_days / c.measured_days : 0.0});
    }
    return rows;
}

}  // namespace journeysim::model
