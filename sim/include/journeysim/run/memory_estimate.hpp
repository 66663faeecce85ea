#pragma once
// How much memory a run will need, estimated from the scenario before anything is
// allocated, and the guard that refuses a run which would not fit: better a clear message
// now than the kernel's OOM killer an hour into the run (docs/reliability.md).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "journeysim/config/scenario.hpp"

namespace journeysim::run {

// Bytes, by what holds them. Each part is an upper-leaning estimate of the peak: vectors
// that grow by doubling are counted at the capacity they may reach.
struct MemoryEstimate {
    int simulations_at_once = 1;      // replications alive together: min(threads, replications)
    std::uint64_t households = 0;     // traits and relation heads, per live simulation
    std::uint64_t relations = 0;      // household-store relations, per live simulation
    std::uint64_t stores = 0;         // servers, active-customer windows, waits of a period
    std::uint64_t queues = 0;         // customers waiting at stores that get more than they serve
    std::uint64_t social = 0;         // the graph, word of mouth's hearsay, platform adoption
    std::uint64_t result_rows = 0;    // per-period rows of every replication, and their tables
    [[nodiscard]] std::uint64_t per_simulation() const {
        return households + relations + stores + queues + social;
    }
    [[nodiscard]] std::uint64_t total() const {
        return static_cast<std::uint64_t>(simulations_at_once) * per_simulation() + result_rows;
    }
};

[[nodiscard]] MemoryEstimate estimate_memory(const config::Scenario& scenario, int replications,
                                             int threads);

// The memory a run may use: JOURNEYSIM_MEMORY_LIMIT when set (bytes, or with a K/M/G/T
// suffix, powers of 1024; "none" turns the guard off), else MemAvailable from
// /proc/meminfo; nullopt when neither is known or the guard is off. Throws
// std::invalid_argument naming the variable when it is set to something unreadable.
[[nodiscard]] std::optional<std::uint64_t> memory_limit();

// "1.5 GiB", "320 MiB", "12 KiB", "800 B".
[[nodiscard]] std::string format_bytes(std::uint64_t bytes);

struct MemoryLimitExceeded : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws MemoryLimitExceeded, giving the estimate, its largest parts and the limit, when
// the estimate exceeds `limit` (nullopt: memory_limit()).
void check_memory(const config::Scenario& scenario, int replications, int threads,
                  std::optional<std::uint64_t> limit = std::nullopt);

}  // namespace journeysim::run
