// Writing when the operating system refuses (issue 20): every step of writing a results
// file and a transaction log is failed in turn through the test hook JOURNEYSIM_TEST_FAULT.
// Each failure must give WriteError naming the file and the system's reason, leave no file
// under the final name and no temporary file, and leave HDF5 able to go on: under ASan
// (make sanitize-address) this also shows the failed files are closed, not leaked or freed
// twice. The Python side (tests/python/test_write_faults.py) reads back what stays.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "journeysim/output/hdf5_writer.hpp"
#include "journeysim/output/write_error.hpp"

namespace {

namespace fs = std::filesystem;
using journeysim::output::ResultSet;
using journeysim::output::TransactionLog;
using journeysim::output::WriteError;

// Sets JOURNEYSIM_TEST_FAULT for the lifetime of the object.
class Fault {
public:
    explicit Fault(const std::string& plan) { ::setenv("JOURNEYSIM_TEST_FAULT", plan.c_str(), 1); }
    ~Fault() { ::unsetenv("JOURNEYSIM_TEST_FAULT"); }
    Fault(const Fault&) = delete;
    Fault& operator=(const Fault&) = delete;
};

ResultSet results() {
    ResultSet set{{{"scenario", std::string("test")}, {"seed", std::int64_t{7}}}, {}};
    for (const char* name : {"periods", "stores", "store_periods"}) {
        std::vector<double> values(5000);
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i) / 3;
        set.tables.push_back({name,
                              {{"a", values},
                               {"b", std::vector<std::int64_t>(5000, 3)},
                               {"name", std::vector<std::string>{"x", "yy"}}}});
    }
    return set;
}

std::vector<journeysim::records::Transaction> rows(std::size_t n) {
    std::vector<journeysim::records::Transaction> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i].time = static_cast<double>(i) * 0.01;
    return out;
}

class WriteFaults : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() /
               ("journeysim-faults-" + std::to_string(::getpid()) + "-" + test->name());
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    [[nodiscard]] std::string path(const std::string& name) const { return (dir_ / name).string(); }
    [[nodiscard]] std::vector<std::string> files() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(dir_))
            names.push_back(entry.path().filename().string());
        return names;
    }

    fs::path dir_;
};

TEST_F(WriteFaults, EachStepOfAResultsFileFailsCleanly) {
    const std::string out = path("out.h5");
    const std::vector<std::string> plans = {"create:1:EACCES", "write:1:ENOSPC", "write:2:EIO",
                                            "write:5:ENOSPC",  "write:9:EIO",    "close:1:EIO",
                                            "sync:1:EIO",      "rename:1:EACCES"};
    for (const auto& plan : plans) {
        Fault fault(plan);
        try {
            journeysim::output::write_hdf5(out, results());
            ADD_FAILURE() << plan << ": no error";
        } catch (const WriteError& e) {
            EXPECT_EQ(e.path(), out) << plan;
            const std::string reason = plan.find("ENOSPC") != std::string::npos
                                           ? "No space left on device"
                                       : plan.find("EIO") != std::string::npos
                                           ? "Input/output error"
                                           : "Permission denied";
            EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
            EXPECT_NE(e.error_number(), 0);
        }
        EXPECT_TRUE(files().empty()) << plan << ": something left behind";
    }
    journeysim::output::write_hdf5(out, results());  // HDF5 goes on as if nothing happened
    EXPECT_EQ(files(), std::vector<std::string>{"out.h5"});
}

TEST_F(WriteFaults, AFaultAfterTheLastWriteIsNoFault) {
    Fault fault("write:100000:EIO");
    journeysim::output::write_hdf5(path("out.h5"), results());
    EXPECT_EQ(files(), std::vector<std::string>{"out.h5"});
}

TEST_F(WriteFaults, OnlyFilesWhosePathHoldsTheTextFail) {
    Fault fault("write:1:EIO:other");
    journeysim::output::write_hdf5(path("out.h5"), results());
    EXPECT_EQ(files(), std::vector<std::string>{"out.h5"});
}

TEST_F(WriteFaults, AMalformedHookIsNamed) {
    Fault fault("write:x:EIO");
    EXPECT_THROW(journeysim::output::write_hdf5(path("out.h5"), results()),
                 std::invalid_argument);
}

TEST_F(WriteFaults, ALogsHeaderFailingLeavesNothing) {
    for (const char* plan : {"create:1:EACCES", "write:3:ENOSPC", "rename:1:EIO"}) {
        Fault fault(plan);
        EXPECT_THROW(TransactionLog(path("log.h5"), ResultSet{}, 1), WriteError) << plan;
        EXPECT_TRUE(files().empty()) << plan;
    }
}

// Every write of a log's life failed in turn (the header, two chunks, the tail, closing):
// the run hears of it at its next call, and the log is either absent (its header failed)
// or under its name alone, no temporary file beside it. Closing a failed log leaks nothing.
TEST_F(WriteFaults, EveryWriteOfALogFailsCleanly) {
    const auto chunk = TransactionLog::kChunkRows;
    int failures = 0;
    for (int nth = 1;; ++nth) {
        ASSERT_LT(nth, 400) << "the writes never ran out";
        fs::remove(path("log.h5"));
        Fault fault("write:" + std::to_string(nth) + ":ENOSPC");
        try {
            TransactionLog log(path("log.h5"), ResultSet{}, 2);
            log.write(0, rows(chunk));
            log.write(1, rows(chunk + 10));
            log.write(0, rows(chunk));
            log.finish(0);
            log.finish(1);
            log.close();
        } catch (const WriteError& e) {
            ++failures;
            EXPECT_NE(std::string(e.what()).find("No space left on device"), std::string::npos);
            const auto left = files();
            EXPECT_TRUE(left.empty() || left == std::vector<std::string>{"log.h5"}) << nth;
            continue;
        }
        break;  // no write failed: every one was tried
    }
    EXPECT_GT(failures, 10);
}

}  // namespace
