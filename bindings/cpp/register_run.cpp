#include <pybind11/stl.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "journeysim/config/scenario.hpp"
#include "journeysim/output/hdf5_writer.hpp"
#include "journeysim/output/write_error.hpp"
#include "journeysim/run/log_size.hpp"
#include "journeysim/run/memory_estimate.hpp"
#include "journeysim/run/run.hpp"
#include "registrations.hpp"
#include "result_conversion.hpp"

namespace py = pybind11;

namespace journeysim::bindings {

namespace {

// Runs the engine on a background thread while the calling thread, holding the GIL only
// briefly every 100 ms, reports progress and checks for Ctrl-C (Python delivers signals to
// the main thread, and only while it runs Python code).
class BackgroundRun {
public:
    BackgroundRun(const config::Scenario& scenario, const run::RunOptions& options)
        : worker_([this, &scenario, options] {
              try {
                  result_ = run::run(scenario, options, &control_);
              } catch (...) {
                  failure_ = std::current_exception();
              }
              std::lock_guard lock(mutex_);
              done_ = true;
              done_signal_.notify_all();
          }) {}

    // Stops and joins the worker if the caller leaves early (an exception, Ctrl-C).
    ~BackgroundRun() {
        control_.stop = true;
        py::gil_scoped_release release;
        if (worker_.joinable()) worker_.join();
    }

    // Waits up to `timeout` with the GIL released; true once the run has ended.
    bool wait(std::chrono::milliseconds timeout) {
        py::gil_scoped_release release;
        std::unique_lock lock(mutex_);
        return done_signal_.wait_for(lock, timeout, [this] { return done_; });
    }

    [[nodiscard]] double days_done() const { return control_.days_done.load(); }

    run::RunResult take_result() {
        {
            py::gil_scoped_release release;
            worker_.join();
        }
        if (failure_) std::rethrow_exception(failure_);
        return std::move(result_);
    }

private:
    run::RunControl control_;
    run::RunResult result_;
    std::exception_ptr failure_;
    std::mutex mutex_;
    std::condition_variable done_signal_;
    bool done_ = false;
    std::thread worker_;  // last: starts once everything it uses exists
};

config::Scenario parse_or_value_error(const std::string& text) {
    try {
        return config::parse_scenario(text);
    } catch (const config::ConfigError& e) {
        throw py::value_error(e.what());
    }
}

// Refuses, as ValueError, a run that would not fit in memory (or a malformed
// JOURNEYSIM_MEMORY_LIMIT), before anything is allocated.
void check_memory_or_value_error(const config::Scenario& scenario, int replications, int threads) {
    try {
        run::check_memory(scenario, replications, threads);
    } catch (const run::MemoryLimitExceeded& e) {
        throw py::value_error(e.what());
    } catch (const std::invalid_argument& e) {
        throw py::value_error(e.what());
    }
}

py::dict estimate_memory(const std::string& text, int replications, int threads) {
    if (replications < 1) throw py::value_error("replications: must be >= 1");
    if (threads < 1) throw py::value_error("threads: must be >= 1");
    const config::Scenario scenario = parse_or_value_error(text);
    const run::MemoryEstimate e = run::estimate_memory(scenario, replications, threads);
    py::dict out;
    out["total"] = e.total();
    out["households"] = e.households;
    out["relations"] = e.relations;
    out["stores"] = e.stores;
    out["queues"] = e.queues;
    out["social"] = e.social;
    out["result_rows"] = e.result_rows;
    out["simulations_at_once"] = e.simulations_at_once;
    try {
        const auto limit = run::memory_limit();
        out["limit"] = limit ? py::object(py::int_(*limit)) : py::none();
    } catch (const std::invalid_argument& error) {
        throw py::value_error(error.what());
    }
    return out;
}

py::dict run_scenario(const std::string& text, std::uint64_t seed, int replications, int threads,
                      const py::object& progress, const std::optional<std::string>& transactions,
                      double transactions_max_bytes, const std::string& scenario_name) {
    if (replications < 1) throw py::value_error("replications: must be >= 1");
    if (threads < 1) throw py::value_error("threads: must be >= 1");
    const config::Scenario scenario = parse_or_value_error(text);
    check_memory_or_value_error(scenario, replications, threads);
    run::RunOptions options{seed, replications, threads};
    std::unique_ptr<output::TransactionLog> log;
    if (transactions) {
        try {
            run::check_log_size(scenario, replications, transactions_max_bytes);
        } catch (const run::LogTooLarge& e) {
            throw py::value_error(e.what());
        }
        output::ResultSet header = run::transaction_log_header(scenario, options);
        if (!scenario_name.empty()) header.meta.emplace_back("scenario_name", scenario_name);
        try {
            py::gil_scoped_release release;
            log = std::make_unique<output::TransactionLog>(*transactions, header, replications);
        } catch (const output::WriteError&) {
            throw;  // journeysim.WriteError (register_output.cpp)
        } catch (const std::runtime_error& e) {
            PyErr_SetString(PyExc_OSError, e.what());
            throw py::error_already_set();
        }
        options.transactions = log.get();
    }
    const double total_days = scenario.simulation.horizon_days() * replications;
    run::RunResult result;
    {
        BackgroundRun background(scenario, options);
        while (!background.wait(std::chrono::milliseconds(100))) {
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();  // KeyboardInterrupt
            if (!progress.is_none()) progress(background.days_done() / total_days);
        }
        result = background.take_result();
    }
    if (log) {
        py::gil_scoped_release release;
        log->close();  // every replication finished: the log is complete
    }
    if (!progress.is_none()) progress(1.0);
    return to_python(run::to_result_set(result));
}

}  // namespace

void register_run(py::module_& m) {
    m.def("run", &run_scenario, py::arg("text"), py::arg("seed") = 0, py::arg("replications") = 1,
          py::arg("threads") = 1, py::arg("progress") = py::none(),
          py::arg("transactions") = py::none(), py::arg("transactions_max_bytes") = 4e9,
          py::arg("scenario_name") = "",
          "Run a scenario (TOML text); returns {'meta': {...}, '<table>': {'<column>': array}}. "
          "With `transactions`, streams the transaction log to that HDF5 file as it goes.");
    m.def("estimate_memory", &estimate_memory, py::arg("text"), py::arg("replications") = 1,
          py::arg("threads") = 1,
          "Estimated peak memory of a run in bytes, by part, with the limit it is checked "
          "against ('limit': None when unknown or JOURNEYSIM_MEMORY_LIMIT=none).");
}

}  // namespace journeysim::bindings
