#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "journeysim/output/tables.hpp"
#include "journeysim/output/transactions.hpp"

namespace journeysim::output {

// Writes `results` to `path` in the layout of docs/output.md. The file is written under a
// temporary name in the same directory and renamed when complete, so `path` is either the
// old file, nothing, or the whole new file. Throws std::runtime_error naming the path.
void write_hdf5(const std::string& path, const ResultSet& results);

// A transaction log streamed to `path` while the run goes (docs/output.md). Unlike
// write_hdf5 the file lives under its final name from the start, so that it can be read
// while the run goes and after it was killed: the header (`/meta` and the tables of
// `header`) is written first, then each replication's rows go to its own group in whole
// chunks, each followed by the group's committed row count and a flush. `complete` is set
// by close() alone. Safe to call from several threads. Throws std::runtime_error naming
// the path.
class TransactionLog final : public TransactionSink {
public:
    // Rows per chunk: rows reach the file (and count as committed) a chunk at a time.
    static constexpr std::size_t kChunkRows = 16384;

    TransactionLog(const std::string& path, const ResultSet& header, std::int32_t replications);
    // Closes the file if close() has not: it stays, marked incomplete.
    ~TransactionLog() override;
    TransactionLog(const TransactionLog&) = delete;
    TransactionLog& operator=(const TransactionLog&) = delete;

    void write(std::int32_t replication, std::span<const Transaction> rows) override;
    // Writes the replication's last, partial chunk and marks it finished.
    void finish(std::int32_t replication) override;
    // Marks the log complete and closes the file; throws if a replication has not finished
    // (the file then stays open, incomplete, until destruction).
    void close();

    // Rows of `replication` committed to the file so far.
    [[nodiscard]] std::int64_t committed_rows(std::int32_t replication) const;

private:
    struct File;
    std::string path_;
    std::unique_ptr<File> file_;  // null once closed
};

}  // namespace journeysim::output
