// The streamed transaction log's bookkeeping (what counts as committed, when it may be
// marked complete, errors naming the file), and the sink contract a run keeps: every
// purchase handed over once, in time order, and each replication finished. The file's
// contents are read back by tests/python/test_transactions*.py.
#include "journeysim/output/hdf5_writer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../scenario_fixtures.hpp"
#include "journeysim/config/scenario.hpp"
#include "journeysim/run/run.hpp"

namespace {

namespace fs = std::filesystem;
using journeysim::records::Transaction;
using journeysim::output::TransactionLog;
using journeysim::records::TransactionSink;

std::vector<Transaction> rows(std::size_t n, double start = 0.0) {
    std::vector<Transaction> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        out[i].time = start + static_cast<double>(i) * 0.01;
        out[i].household = static_cast<std::uint32_t>(i % 97);
        out[i].price_paid = 30.0;
    }
    return out;
}

class TransactionLogTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("journeysim-txlog-" + std::to_string(::getpid()) +
                                            "-" + test->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    [[nodiscard]] std::string path(const std::string& name) const { return (dir_ / name).string(); }

    journeysim::output::ResultSet header_{{{"scenario", std::string("test")}}, {}};
    fs::path dir_;
};

TEST_F(TransactionLogTest, CommitsWholeChunksThenTheTailAtFinish) {
    TransactionLog log(path("log.h5"), header_, 2);
    const auto chunk = TransactionLog::kChunkRows;
    log.write(0, rows(chunk - 1));
    EXPECT_EQ(log.committed_rows(0), 0) << "a partial chunk stays in memory";
    log.write(0, rows(chunk + 5, 100.0));
    EXPECT_EQ(log.committed_rows(0), static_cast<std::int64_t>(2 * chunk));
    EXPECT_EQ(log.committed_rows(1), 0);
    log.finish(0);
    EXPECT_EQ(log.committed_rows(0), static_cast<std::int64_t>(2 * chunk + 4));
    log.finish(1);
    EXPECT_EQ(log.committed_rows(1), 0);
    log.close();
    EXPECT_TRUE(fs::exists(path("log.h5")));
}

TEST_F(TransactionLogTest, CannotCloseBeforeEveryReplicationFinished) {
    TransactionLog log(path("log.h5"), header_, 2);
    log.write(1, rows(10));
    log.finish(0);
    try {
        log.close();
        FAIL() << "close() accepted an unfinished replication";
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(path("log.h5")), std::string::npos) << message;
        EXPECT_NE(message.find("replication 1 has not finished"), std::string::npos) << message;
    }
    log.finish(1);
    EXPECT_NO_THROW(log.close());
    EXPECT_THROW(log.write(0, rows(1)), std::runtime_error) << "a closed log takes no rows";
}

TEST_F(TransactionLogTest, RefusesUnknownAndFinishedReplications) {
    TransactionLog log(path("log.h5"), header_, 1);
    EXPECT_THROW(log.write(1, rows(1)), std::runtime_error);
    EXPECT_THROW(log.write(-1, rows(1)), std::runtime_error);
    log.finish(0);
    EXPECT_THROW(log.write(0, rows(1)), std::runtime_error);
}

TEST_F(TransactionLogTest, ErrorsNameTheFile) {
    const std::string missing = path("no/such/dir/log.h5");
    try {
        TransactionLog log(missing, header_, 1);
        FAIL() << "created a log in a missing directory";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
    }
}

TEST_F(TransactionLogTest, ReplicationsWriteFromSeveralThreads) {
    constexpr int kReplications = 4;
    const std::size_t n = 3 * TransactionLog::kChunkRows + 123;
    TransactionLog log(path("log.h5"), header_, kReplications);
    std::vector<std::jthread> threads;
    for (int r = 0; r < kReplications; ++r)
        threads.emplace_back([&log, r, n] {
            const auto all = rows(n);
            for (std::size_t i = 0; i < n; i += 1000)
                log.write(r, std::span(all).subspan(i, std::min<std::size_t>(1000, n - i)));
            log.finish(r);
        });
    threads.clear();  // joins
    for (int r = 0; r < kReplications; ++r)
        EXPECT_EQ(log.committed_rows(r), static_cast<std::int64_t>(n));
    EXPECT_NO_THROW(log.close());
}

// Keeps what a run hands over, per replication.
class RecordingSink : public TransactionSink {
public:
    void write(std::int32_t replication, std::span<const Transaction> batch) override {
        std::lock_guard lock(mutex_);
        auto& rows = rows_[replication];
        rows.insert(rows.end(), batch.begin(), batch.end());
    }
    void finish(std::int32_t replication) override {
        std::lock_guard lock(mutex_);
        ++finished_[replication];
    }
    std::map<std::int32_t, std::vector<Transaction>> rows_;
    std::map<std::int32_t, int> finished_;
    std::mutex mutex_;
};

TEST(TransactionSinkContract, EveryPurchaseOnceInTimeOrderAndEachReplicationFinished) {
    const auto scenario =
        journeysim::config::parse_scenario(std::string(journeysim::testing::kSmallRunScenario));
    RecordingSink sink;
    journeysim::run::RunOptions options{7, 3, 2, &sink};
    const auto result = journeysim::run::run(scenario, options);
    ASSERT_EQ(sink.finished_.size(), 3U);
    for (const auto& [replication, count] : sink.finished_) EXPECT_EQ(count, 1) << replication;
    for (const auto& record : result.replications) {
        std::int64_t purchases = 0;
        for (const auto& row : record.store_periods) purchases += row.counts.purchases;
        const auto& logged = sink.rows_[record.replication];
        // No warm-up in this scenario: every purchase falls in a metrics period.
        ASSERT_EQ(scenario.simulation.warmup_days(), 0.0);
        EXPECT_EQ(static_cast<std::int64_t>(logged.size()), purchases);
        EXPECT_GT(purchases, 0);
        for (std::size_t i = 1; i < logged.size(); ++i)
            ASSERT_LE(logged[i - 1].time, logged[i].time) << "row " << i;
    }
}

}  // namespace
