// run::run on its thread pool: replications really run at once, and what the workers share
// (result slots, the stop flag, the first failure) is handed over safely. The TSan preset
// runs these (`make sanitize`).
#include "journeysim/run/run.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "../scenario_fixtures.hpp"

namespace {

using journeysim::config::parse_scenario;
using journeysim::records::Transaction;
using journeysim::records::TransactionSink;
namespace run = journeysim::run;

// Holds each replication at its first batch of purchases until `wanted` replications are
// in progress at once (or a timeout passes), and notes which threads wrote.
class MeetingSink : public TransactionSink {
public:
    explicit MeetingSink(int wanted) : wanted_(wanted) {}

    void write(std::int32_t replication, std::span<const Transaction> rows) override {
        std::unique_lock lock(mutex_);
        rows_ += static_cast<std::int64_t>(rows.size());
        threads_.insert(std::this_thread::get_id());
        if (!started_.insert(replication).second) return;
        ++in_progress_;
        most_at_once_ = std::max(most_at_once_, in_progress_);
        arrived_.notify_all();
        arrived_.wait_for(lock, std::chrono::seconds(10),
                          [&] { return in_progress_ >= wanted_ || stop_waiting_; });
        stop_waiting_ = true;  // once met, nobody waits again
    }
    void finish(std::int32_t) override {
        std::lock_guard lock(mutex_);
        --in_progress_;
        ++finished_;
    }

    int most_at_once() const { return most_at_once_; }
    std::size_t thread_count() const { return threads_.size(); }
    int finished() const { return finished_; }
    std::int64_t rows() const { return rows_; }

private:
    std::mutex mutex_;
    std::condition_variable arrived_;
    int wanted_;
    int in_progress_ = 0, most_at_once_ = 0, finished_ = 0;
    bool stop_waiting_ = false;
    std::int64_t rows_ = 0;
    std::set<int> started_;
    std::set<std::thread::id> threads_;
};

class RunThreads : public ::testing::Test {
protected:
    void SetUp() override {
        scenario_ = parse_scenario(journeysim::testing::kSmallRunScenario);
    }
    journeysim::config::Scenario scenario_;
};

TEST_F(RunThreads, ReplicationsRunAtTheSameTimeOnSeveralThreads) {
    MeetingSink sink(2);
    run::RunOptions options{11, 4, 2, &sink};
    const auto result = run::run(scenario_, options);
    EXPECT_EQ(sink.most_at_once(), 2);
    EXPECT_EQ(sink.thread_count(), 2u);
    EXPECT_EQ(sink.finished(), 4);
    ASSERT_EQ(result.replications.size(), 4u);
    std::int64_t purchases = 0;
    for (std::size_t r = 0; r < 4; ++r) {
        EXPECT_EQ(result.replications[r].replication, static_cast<int>(r));
        EXPECT_FALSE(result.replications[r].store_periods.empty());
        for (const auto& row : result.replications[r].store_periods)
            purchases += row.counts.purchases;
    }
    EXPECT_EQ(sink.rows(), purchases);  // every purchase reached the sink, none twice
}

TEST_F(RunThreads, OneThreadRunsOneReplicationAtATime) {
    // The contrast that shows the test above can fail: one thread, nothing overlaps.
    MeetingSink sink(1);
    (void)run::run(scenario_, {11, 3, 1, &sink});
    EXPECT_EQ(sink.most_at_once(), 1);
    EXPECT_EQ(sink.thread_count(), 1u);
}

TEST_F(RunThreads, ResultsDoNotDependOnTheThreadCount) {
    const auto one = run::run(scenario_, {5, 4, 1});
    const auto four = run::run(scenario_, {5, 4, 4});
    for (std::size_t r = 0; r < 4; ++r) {
        const auto& a = one.replications[r];
        const auto& b = four.replications[r];
        EXPECT_EQ(a.events, b.events);
        ASSERT_EQ(a.store_periods.size(), b.store_periods.size());
        for (std::size_t i = 0; i < a.store_periods.size(); ++i) {
            EXPECT_EQ(a.store_periods[i].counts.purchases, b.store_periods[i].counts.purchases);
            EXPECT_EQ(a.store_periods[i].money.revenue, b.store_periods[i].money.revenue);
            // Bit for bit, NaN (no active customer) included.
            EXPECT_EQ(std::bit_cast<std::uint64_t>(a.store_periods[i].mean_trust),
                      std::bit_cast<std::uint64_t>(b.store_periods[i].mean_trust))
                << "replication " << r << " row " << i;
        }
    }
}

TEST_F(RunThreads, StopFromAnotherThreadInterruptsEveryWorker) {
    run::RunControl control;
    std::thread stopper([&] {
        // Stop once the workers have done some days (or after a while regardless).
        for (int i = 0; i < 2000 && control.days_done.load() == 0.0; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        control.stop = true;
    });
    auto long_run = scenario_;
    long_run.simulation.years = 400;  // far longer than the test waits
    long_run.simulation.period_bounds = {0.0, long_run.simulation.horizon_days()};
    const auto started = std::chrono::steady_clock::now();
    EXPECT_THROW((void)run::run(long_run, {3, 4, 2}, &control), run::Interrupted);
    stopper.join();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
}

// A sink that fails in one replication: the failure reaches the caller, and the other
// worker stops rather than running every remaining replication.
class FailingSink : public TransactionSink {
public:
    void write(std::int32_t replication, std::span<const Transaction>) override {
        if (replication == 1) throw std::runtime_error("disk full");
    }
    void finish(std::int32_t) override {}
};

TEST_F(RunThreads, AFailureInOneWorkerReachesTheCaller) {
    FailingSink sink;
    run::RunControl control;
    try {
        (void)run::run(scenario_, {2, 6, 2, &sink}, &control);
        FAIL() << "expected the sink's error";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "disk full");
    }
    EXPECT_TRUE(control.stop.load());
}

}  // namespace
