#pragma once
// Flow metrics of one store over one metrics period: counts, revenue and every wait, so the
// p95 is an exact order statistic rather than a sketch. Reused across periods.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace journeysim::output {

class PeriodAccumulator {
public:
    void record_visit(double wait_min, bool purchased, double revenue) {
        ++visits_;
        purchased ? ++purchases_ : ++lost_sales_;
        revenue_ += revenue;
        wait_sum_ += wait_min;
        waits_.push_back(wait_min);
    }

    [[nodiscard]] std::int64_t visits() const { return visits_; }
    [[nodiscard]] std::int64_t purchases() const { return purchases_; }
    [[nodiscard]] std::int64_t lost_sales() const { return lost_sales_; }
    [[nodiscard]] double revenue() const { return revenue_; }
    [[nodiscard]] double mean_wait() const {
        return visits_ ? wait_sum_ / static_cast<double>(visits_) : std::nan("");
    }
    // The 95th percentile wait (nearest rank); reorders the stored waits.
    [[nodiscard]] double p95_wait() {
        if (waits_.empty()) return std::nan("");
        const auto rank = static_cast<std::size_t>(std::ceil(0.95 * waits_.size())) - 1;
        std::nth_element(waits_.begin(), waits_.begin() + static_cast<std::ptrdiff_t>(rank),
                         waits_.end());
        return waits_[rank];
    }

    void reset() {
        visits_ = purchases_ = lost_sales_ = 0;
        revenue_ = wait_sum_ = 0.0;
        waits_.clear();
    }

private:
    std::int64_t visits_ = 0, purchases_ = 0, lost_sales_ = 0;
    double revenue_ = 0.0, wait_sum_ = 0.0;
    std::vector<double> waits_;
};

}  // namespace journeysim::output
