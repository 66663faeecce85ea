#pragma once
// How large a run's transaction log could grow, bounded from the scenario before the run, and
// the guard that refuses a log larger than the caller allows (docs/output.md): better a
// clear message now than a full disk hours into the run.
#include <stdexcept>

#include "journeysim/config/scenario.hpp"

namespace journeysim::run {

// Bytes a log row takes before compression: time and price (8 each), household, store,
// category and salesperson (4 each), discount (1).
inline constexpr double kLogRowBytes = 33.0;

// An upper bound: every need ends in at most one purchase, so the log holds at most
// households x needs per household-year at peak x years x replications rows.
struct LogSizeEstimate {
    double needs_per_household_year = 0.0;  // at the peak of the seasons
    double rows = 0.0;
    double bytes = 0.0;  // before compression
};

[[nodiscard]] LogSizeEstimate estimate_log_size(const config::Scenario& scenario,
                                                int replications);

struct LogTooLarge : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws LogTooLarge, giving the bound and how it follows from the scenario, when the log
// could exceed `max_bytes` before compression.
void check_log_size(const config::Scenario& scenario, int replications, double max_bytes);

}  // namespace journeysim::run
