#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "journeysim/output/tables.hpp"
#include "journeysim/records/transactions.hpp"

namespace journeysim::output {

// The log stores the model's transaction records as they are.
using records::kDiscountKindNames;
using records::Transaction;
using records::TransactionSink;

// Writes `results` to `path` in the layout of docs/output.md. The file is written under a
// temporary name in the same directory and renamed when complete, so `path` is either the
// old file, nothing, or the whole new file. Throws std::runtime_error naming the path.
void write_hdf5(const std::string& path, const ResultSet& results);

// A transaction log streamed to `path` while the run goes (docs/output.md). Unlike
// write_hdf5 the file lives under its final name from the start, so that it can be read
// after the run was killed: the header (`/meta` and the tables of `header`) is written
// first, then each replication's rows go to its own group in whole chunks, each followed by
// the group's committed row count and a flush. `complete` is set by close() alone.
// write() and finish() may be called from several threads: they hand whole chunks to a
// writer thread of the log's own, so that the simulating threads do not wait for deflate.
// Errors throw std::runtime_error naming the path (a failed write, at the next call).
class TransactionLog final : public TransactionSink {
public:
    // Rows per chunk: rows reach the file (and count as committed) a chunk at a time.
    static constexpr std::size_t kChunkRows = 16384;

    TransactionLog(const std::string& path, const ResultSet& header, std::int32_t replications);
    // Writes the chunks already handed over and closes the file; unless close() did, the
    // file stays, marked incomplete.
    ~TransactionLog() override;
    TransactionLog(const TransactionLog&) = delete;
    TransactionLog& operator=(const TransactionLog&) = delete;

    void write(std::int32_t replication, std::span<const Transaction> rows) override;
    // Hands over the replication's last, partial chunk, to be written and marked finished.
    void finish(std::int32_t replication) override;
    // Writes everything handed over, marks the log complete and closes the file; throws if
    // a replication has not finished (the log then stays incomplete).
    void close();

    // Rows of `replication` on disk, once everything handed over so far is written.
    [[nodiscard]] std::int64_t committed_rows(std::int32_t replication);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace journeysim::output
