#include "journeysim/model/store_hours.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace journeysim::model {

template <class F>
void StoreHours::for_each_hour(std::uint32_t store, double from, double to, F&& f) {
    constexpr double kHour = 1.0 / 24.0;
    // Hour by hour: a month is some 730 of them, per store and period.
    for (auto hour = static_cast<std::int64_t>(std::floor(from * 24.0)); hour * kHour < to; ++hour) {
        const double start = static_cast<double>(hour) / 24.0;
        const double a = std::max(start, from), b = std::min(start + kHour, to);
        if (b <= a) continue;
        const int k = hour_of_week(start + 0.5 * kHour);
        f(cells_[store * kHoursPerWeek + static_cast<std::size_t>(k)], k, a, b);
    }
}

void StoreHours::measured(std::uint32_t store, const Storefront& front, double from, double to) {
    for_each_hour(store, from, to, [&](Cell& c, int k, double a, double b) {
        c.measured_days += b - a;
        const double in_business =
            std::max(0.0, std::min(b, front.closes_day) - std::max(a, front.opens_day));
        const double share = front.hours ? front.hours->open_share(k / 24, k % 24) : 1.0;
        c.open_days += in_business * share;
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
        for_each_hour(store, from, t, [&](Cell& c, int, double a, double b) {
            c.duty_days += static_cast<double>(d.level) * (b - a);
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
