#pragma once
// One replication of a scenario: households, stores and their queues driven by the event
// kernel. Single-threaded and deterministic given (scenario, seed, replication).
#include <cstdint>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/kernel/scheduler.hpp"
#include "journeysim/model/active_customers.hpp"
#include "journeysim/model/fifo.hpp"
#include "journeysim/model/households.hpp"
#include "journeysim/model/relations.hpp"
#include "journeysim/output/period_accumulator.hpp"
#include "journeysim/output/records.hpp"
#include "journeysim/output/transactions.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

class Simulation {
public:
    // `transactions` (optional) receives every purchase; it is told when the run finishes.
    Simulation(const config::Scenario& scenario, std::uint64_t seed, std::int32_t replication,
               output::TransactionSink* transactions = nullptr);

    // Runs every event up to day `t` (capped at the horizon).
    void advance_to(double t);
    [[nodiscard]] double now() const { return clock_.now(); }
    [[nodiscard]] double horizon() const { return horizon_; }
    [[nodiscard]] bool finished() const { return clock_.now() >= horizon_; }
    // The replication's output; complete once finished().
    [[nodiscard]] const output::ReplicationRecord& record() const { return record_; }

private:
    enum EventKind : std::uint32_t { kNeed, kServiceEnd, kPeriodEnd };

    struct Waiting {
        std::uint32_t household;
        double arrival;
    };
    struct Server {
        std::uint32_t household = 0;
        double wait_min = 0.0;
    };
    // What changes while the run goes on, per store.
    struct StoreState {
        double static_utility = 0.0;  // asc[type]: the part shared by all households
        double log_price = 0.0;
        std::uint32_t first_server = 0;
        std::vector<std::uint32_t> idle;  // idle server indices (a stack)
        Fifo<Waiting> queue;
        ActiveCustomers active;
        output::PeriodAccumulator period;
    };

    void handle(const kernel::Event& e);
    void on_need();
    void arrive(std::uint32_t household, std::uint32_t store);
    void start_service(std::uint32_t store, std::uint32_t server, std::uint32_t household,
                       double wait_days);
    void on_service_end(std::uint32_t server);
    void on_period_end(std::uint32_t bound);
    [[nodiscard]] bool is_open(const config::Store& s, double t) const;
    [[nodiscard]] double service_days(const config::Store& s);

    const config::Scenario& sc_;
    output::ReplicationRecord record_;  // before the engines: seeding records their seeds here
    double horizon_;
    double decay_per_day_;
    double need_rate_per_day_;  // all households together
    random::Engine households_rng_, needs_rng_, choice_rng_, service_rng_, outcome_rng_;
    kernel::Scheduler clock_;
    Households households_;
    Relations relations_;
    std::vector<StoreState> stores_;
    std::vector<Server> servers_;
    std::vector<std::uint32_t> server_store_;
    std::vector<double> utility_, weight_;  // scratch for choice, one slot per store
    std::int32_t period_ = -1;              // -1 until the warm-up ends
    output::PeriodTotals totals_;
    output::TransactionBuffer transactions_;
};

}  // namespace journeysim::model
