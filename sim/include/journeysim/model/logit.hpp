#pragma once
// Multinomial logit choice (McFadden 1974): P(s) = exp(U_s) / sum_k exp(U_k). Sampling with
// one uniform after subtracting the largest utility (log-sum-exp) is exactly equivalent to
// adding Gumbel noise and taking the best, and cannot overflow.
#include <cmath>
#include <cstddef>
#include <limits>
#include <span>

#include "journeysim/model/fast_exp.hpp"

namespace journeysim::model {

inline constexpr double kNotConsidered = -std::numeric_limits<double>::infinity();

// Returns the chosen index, or utilities.size() when nothing is considered. `u01` in [0, 1).
// `weights` is scratch space of the same size.
[[nodiscard]] inline std::size_t choose_logit(std::span<const double> utilities,
                                              std::span<double> weights, double u01) {
    double best = kNotConsidered;
    for (double u : utilities) best = u > best ? u : best;
    if (best == kNotConsidered) return utilities.size();
    // Weights first, summed after: the first loop has no dependency between stores, so it
    // vectorises; fast_exp gives exactly 1 for the best and 0 for stores not considered.
    for (std::size_t i = 0; i < utilities.size(); ++i) weights[i] = fast_exp(utilities[i] - best);
    double total = 0.0;
    for (double w : weights.first(utilities.size())) total += w;
    double target = u01 * total;
    std::size_t last = 0;
    for (std::size_t i = 0; i < utilities.size(); ++i) {
        if (weights[i] == 0.0) continue;
        last = i;
        if (target < weights[i]) return i;
        target -= weights[i];
    }
    return last;  // rounding left a sliver past the end
}

// The log-sum-exp of the utilities: the expected maximum utility up to Euler's constant.
[[nodiscard]] inline double log_sum_exp(std::span<const double> utilities) {
    double best = kNotConsidered;
    for (double u : utilities) best = u > best ? u : best;
    if (best == kNotConsidered) return best;
    double total = 0.0;
    for (double u : utilities) total += std::exp(u - best);
    return best + std::log(total);
}

}  // namespace journeysim::model
