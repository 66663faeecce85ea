#include "journeysim/run/log_size.hpp"

#include <cstdio>
#include <string>

namespace journeysim::run {

namespace {

std::string fixed(double value, int digits) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
    return buffer;
}

}  // namespace

LogSizeEstimate estimate_log_size(const config::Scenario& sc, int replications) {
    LogSizeEstimate e;
    e.needs_per_household_year = config::peak_needs_per_household_year(sc);
    e.rows = static_cast<double>(sc.households.count) * e.needs_per_household_year *
             sc.simulation.years * replications;
    e.bytes = e.rows * kLogRowBytes;
    return e;
}

void check_log_size(const config::Scenario& sc, int replications, double max_bytes) {
    const LogSizeEstimate e = estimate_log_size(sc, replications);
    if (e.bytes <= max_bytes) return;
    throw LogTooLarge(
        "transactions: the log of this run could hold up to about " + fixed(e.rows, 0) +
        " rows (households x needs per year at peak x years x replications = " +
        std::to_string(sc.households.count) + " x " + fixed(e.needs_per_household_year, 3) +
        " x " + fixed(sc.simulation.years, 3) + " x " + std::to_string(replications) +
        "), about " + fixed(e.bytes / 1e9, 2) + " GB before compression, more than the " +
        fixed(max_bytes / 1e9, 2) +
        " GB allowed (transactions_max_bytes); raise the limit or log a smaller run");
}

}  // namespace journeysim::run
