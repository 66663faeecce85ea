#pragma once
// Trust dynamics (MODEL.md, "Trust dynamics"): asymmetric steps toward 1 after good
// interactions and toward 0 after bad ones, exponential decay in between, applied lazily
// when trust is read.
#include <algorithm>
#include <cmath>

namespace journeysim::model {

[[nodiscard]] inline double decayed_trust(double trust, double elapsed_days,
                                          double decay_per_day) {
    return trust * std::exp(-decay_per_day * elapsed_days);
}

// tau <- tau + gain*q*(1 - tau) for q > 0; tau <- tau + loss*q*tau for q < 0. Stays in [0, 1].
[[nodiscard]] inline double updated_trust(double trust, double quality, double gain, double loss) {
    const double next =
        quality > 0 ? trust + gain * quality * (1.0 - trust) : trust + loss * quality * trust;
    return std::clamp(next, 0.0, 1.0);
}

// Quality of a visit in [-1, 1]: its outcome, less a penalty for the time spent waiting.
[[nodiscard]] inline double visit_quality(double outcome_quality, double wait_hours,
                                          double penalty_per_hour) {
    return std::clamp(outcome_quality - penalty_per_hour * wait_hours, -1.0, 1.0);
}

}  // namespace journeysim::model
