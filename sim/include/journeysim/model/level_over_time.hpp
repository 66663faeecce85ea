#pragma once
// A level that moves in steps (customers waiting at a store, salespeople busy) and its time
// average since a period began: the integral of the level over time, kept as it changes, so
// that reading the average costs nothing per event.
#include <cmath>
#include <cstdint>

namespace journeysim::model {

class LevelOverTime {
public:
    [[nodiscard]] std::int64_t level() const { return level_; }
    // The level moves by `delta` at day t (t never before the last change).
    void change(std::int64_t delta, double t) {
        area_ += static_cast<double>(level_) * (t - since_);
        since_ = t;
        level_ += delta;
    }
    // The time average from the period's start to day t (NaN for an empty span).
    [[nodiscard]] double mean(double t) const {
        const double span = t - start_;
        if (!(span > 0.0)) return std::nan("");
        return (area_ + static_cast<double>(level_) * (t - since_)) / span;
    }
    // A new period starts at day t: the level carries on, the average starts again.
    void restart(double t) { area_ = 0.0, since_ = start_ = t; }

private:
    std::int64_t level_ = 0;
    double area_ = 0.0, since_ = 0.0, start_ = 0.0;
};

}  // namespace journeysim::model
