#pragma once
// Flow metrics of one store over one metrics period: counts, revenue and every wait, so the
// p95 is an exact order statistic rather than a sketch. Reused across periods.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "journeysim/records/records.hpp"

namespace journeysim::records {

class PeriodAccumulator {
public:
    StoreCounts counts;
    StoreMoney money;

    // A customer served after waiting wait_min minutes.
    void record_visit(double wait_min) {
        ++counts.visits;
        wait_sum_ += wait_min;
        waits_.push_back(wait_min);
    }

    [[nodiscard]] double mean_wait() const {
        return waits_.empty() ? std::nan("") : wait_sum_ / static_cast<double>(waits_.size());
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
        counts = {};
        money = {};
        wait_sum_ = 0.0;
        waits_.clear();
    }

private:
    double wait_sum_ = 0.0;
    std::vector<double> waits_;
};

}  // namespace journeysim::records
