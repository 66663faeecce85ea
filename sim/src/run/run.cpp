#include "journeysim/run/run.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "journeysim/model/simulation.hpp"
#include "journeysim/run/memory_estimate.hpp"

namespace journeysim::run {

namespace {

// Days simulated between checks of the stop flag and progress updates: frequent enough to
// stop within a fraction of a second, rare enough to cost nothing.
constexpr double kSliceDays = 30.0;

records::ReplicationRecord run_replication(const config::Scenario& scenario,
                                          const RunOptions& options, int replication,
                                          const model::SocialGraph* graph, RunControl* control) {
    model::Simulation sim(scenario, options.seed, replication, options.transactions, graph);
    while (!sim.finished()) {
        if (control && control->stop.load(std::memory_order_relaxed)) throw Interrupted();
        const double before = sim.now();
        sim.advance_to(before + kSliceDays);
        if (control) control->days_done.fetch_add(sim.now() - before, std::memory_order_relaxed);
    }
    return sim.record();
}

}  // namespace

RunResult run(const config::Scenario& scenario, const RunOptions& options, RunControl* control) {
    check_memory(scenario, options.replications, options.threads,
                 options.memory_limit ? std::optional(options.memory_limit) : std::nullopt);
    // An edge list is read once, before any replication starts: a bad file is reported
    // before any work, and the replications share one graph.
    std::optional<model::SocialGraph> edges;
    if (scenario.social.graph.kind == config::GraphKind::edge_list)
        edges = model::read_social_graph(scenario.social.graph,
                                         static_cast<std::uint32_t>(scenario.households.count),
                                         options.scenario_dir);
    RunResult result{&scenario, options, {}};
    result.replications.resize(static_cast<std::size_t>(options.replications));
    std::atomic<int> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto worker = [&] {
        for (int r; (r = next.fetch_add(1)) < options.replications;) {
            try {
                result.replications[static_cast<std::size_t>(r)] =
                    run_replication(scenario, options, r, edges ? &*edges : nullptr, control);
            } catch (...) {
                std::lock_guard lock(failure_mutex);
                if (!failure) failure = std::current_exception();
                if (control) control->stop = true;  // no point finishing the others
                return;
            }
        }
    };
    const int threads = std::clamp(options.threads, 1, options.replications);
    if (threads == 1) {
        worker();
    } else {
        std::vector<std::jthread> pool;
        for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
    }
    if (failure) std::rethrow_exception(failure);
    return result;
}

}  // namespace journeysim::run
