#pragma once
// What one replication produces: plain rows, filled by the model, turned into tables by
// output/result_tables and written by output/hdf5_writer.
#include <cstdint>
#include <string>
#include <vector>

namespace journeysim::output {

struct StorePeriod {
    std::int32_t period = 0;
    std::int32_t store = 0;
    std::int64_t visits = 0, purchases = 0, lost_sales = 0, active_customers = 0;
    double revenue = 0.0, share = 0.0, mean_wait_min = 0.0, p95_wait_min = 0.0, mean_trust = 0.0;
};

struct PeriodTotals {
    std::int32_t period = 0;
    std::int64_t needs = 0, unmet_needs = 0;
};

struct StreamSeed {
    std::string stream;
    std::uint64_t seed = 0;
};

struct ReplicationRecord {
    std::int32_t replication = 0;
    std::vector<StreamSeed> seeds;
    std::vector<StorePeriod> store_periods;  // period-major, store-minor
    std::vector<PeriodTotals> totals;
    std::uint64_t events = 0;
};

}  // namespace journeysim::output
