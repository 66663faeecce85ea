#pragma once
// What each store's hours of the week saw over the measured periods (the `store_hours`
// table, docs/output.md): arrivals, the waits of those served, and how much of each hour it
// was open.
#include <cstdint>
#include <vector>

#include "journeysim/model/shopping_hours.hpp"
#include "journeysim/model/storefront.hpp"
#include "journeysim/records/records.hpp"

namespace journeysim::model {

class StoreHours {
public:
    // Measured from day `measured_from` (the end of the warm-up).
    StoreHours(std::size_t stores, double measured_from)
        : cells_(stores * kHoursPerWeek), duty_(stores), from_(measured_from) {}

    // A customer came into `store` at day t.
    void arrival(std::uint32_t store, double t) { ++cell(store, t).arrivals; }
    // A customer who came in at day `arrived` was served after `wait_minutes`.
    void served(std::uint32_t store, double arrived, double wait_minutes) {
        Cell& c = cell(store, arrived);
        ++c.served;
        c.wait_minutes += wait_minutes;
    }
    // Days `from` to `to` were measured, with the store's dates and hours as `front` has them.
    void measured(std::uint32_t store, const Storefront& front, double from, double to);
    // `level` of the store's positions are on duty from day t (a roster's stores; the others
    // have all their staff on duty).
    void on_duty(std::uint32_t store, std::int64_t level, double t);
    // The rows, store-major; staff[s]: store s's positions.
    [[nodiscard]] std::vector<records::StoreHour> rows(const std::vector<int>& staff) const;

private:
    struct Cell {
        std::int64_t arrivals = 0, served = 0;
        double wait_minutes = 0.0;
        double measured_days = 0.0, open_days = 0.0;
        double duty_days = 0.0;  // positions on duty x days
    };
    struct Duty {
        std::int64_t level = -1;  // -1: no roster
        double since = 0.0;
    };
    // Calls f(cell, hour of the week, a, b) for each stretch [a, b) of days `from` to `to`
    // within one hour.
    template <class F>
    void for_each_hour(std::uint32_t store, double from, double to, F&& f);
    // Adds the store's staff on duty up to day t.
    void count_duty(std::uint32_t store, double t);
    Cell& cell(std::uint32_t store, double t) {
        return cells_[store * kHoursPerWeek + static_cast<std::size_t>(hour_of_week(t))];
    }
    std::vector<Cell> cells_;
    std::vector<Duty> duty_;
    double from_;
};

}  // namespace journeysim::model
