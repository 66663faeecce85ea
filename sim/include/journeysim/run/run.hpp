#pragma once
// Runs the replications of a scenario, in parallel on a small thread pool. Each replication
// is one single-threaded Simulation seeded from (seed, replication), and its record lands in
// its own slot, so the results are the same for any number of threads.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/records/records.hpp"
#include "journeysim/output/tables.hpp"
#include "journeysim/records/transactions.hpp"

namespace journeysim::run {

struct RunOptions {
    std::uint64_t seed = 0;
    int replications = 1;
    int threads = 1;
    // Receives every replication's purchases, from the worker threads (it must lock);
    // nullptr: no transaction log.
    records::TransactionSink* transactions = nullptr;
    // Bytes the run may use (run/memory_estimate.hpp); 0: memory_limit(), that is
    // JOURNEYSIM_MEMORY_LIMIT or the machine's available memory.
    std::uint64_t memory_limit = 0;
    // Where the scenario's relative paths (an edge list) are read from; empty: the working
    // directory.
    std::filesystem::path scenario_dir{};
};

// Shared with whoever watches the run (the Python binding, a CLI): progress in simulated
// days summed over replications, and a flag that asks the workers to stop.
struct RunControl {
    std::atomic<double> days_done{0.0};
    std::atomic<bool> stop{false};
};

struct Interrupted : std::runtime_error {
    Interrupted() : std::runtime_error("run interrupted") {}
};

struct RunResult {
    const config::Scenario* scenario = nullptr;
    RunOptions options;
    std::vector<records::ReplicationRecord> replications;
};

// Throws MemoryLimitExceeded, before allocating anything, when the run's estimated memory
// exceeds the limit; Interrupted when control->stop is set before the run completes.
[[nodiscard]] RunResult run(const config::Scenario& scenario, const RunOptions& options,
                            RunControl* control = nullptr);

// The tables and metadata documented in docs/output.md.
[[nodiscard]] output::ResultSet to_result_set(const RunResult& result);

// What a transaction log holds besides the transactions (docs/output.md): the results
// file's `/meta` plus the warm-up and horizon in days, and its `/stores` and `/categories`
// tables.
[[nodiscard]] output::ResultSet transaction_log_header(const config::Scenario& scenario,
                                                       const RunOptions& options);

}  // namespace journeysim::run
