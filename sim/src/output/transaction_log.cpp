// The streamed transaction log (hdf5_writer.hpp): its header under a temporary name, then
// each replication's rows in whole chunks from a writer thread of its own.
#include <hdf5.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "file_status.hpp"
#include "hdf5_files.hpp"
#include "journeysim/output/hdf5_writer.hpp"

namespace journeysim::output {

using namespace detail;

namespace {

// The log's columns, in file order: name, stored type, and the field of a Transaction.
template <class T>
struct LogColumn {
    const char* name;
    T (*value)(const Transaction&);
};

void set_count(hid_t object, const char* name, std::int64_t value) {
    Handle attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose, std::string("attribute ") + name);
    check(H5Awrite(attr, H5T_NATIVE_INT64, &value), std::string("writing attribute ") + name);
}

// Appends `rows`' values of one column at row `start` of an extendible dataset.
template <class T>
void append_column(hid_t dataset, hid_t type, hsize_t start, std::span<const Transaction> rows,
                   T (*value)(const Transaction&), const std::string& where) {
    std::vector<T> values(rows.size());
    std::transform(rows.begin(), rows.end(), values.begin(), value);
    hsize_t count = rows.size();
    const hsize_t size = start + count;
    check(H5Dset_extent(dataset, &size), "extending " + where);
    Handle file_space(H5Dget_space(dataset), H5Sclose, "dataspace of " + where);
    check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &start, nullptr, &count, nullptr),
          "selecting rows of " + where);
    Handle memory_space(H5Screate_simple(1, &count, nullptr), H5Sclose, "memory space");
    check(H5Dwrite(dataset, type, memory_space, file_space, H5P_DEFAULT, values.data()),
          "writing " + where);
}

constexpr LogColumn<double> kTime{"time", [](const Transaction& t) { return t.time; }};
constexpr LogColumn<std::uint32_t> kHousehold{"household",
                                              [](const Transaction& t) { return t.household; }};
constexpr LogColumn<std::int32_t> kStore{"store", [](const Transaction& t) { return t.store; }};
constexpr LogColumn<std::int32_t> kCategory{"category",
                                            [](const Transaction& t) { return t.category; }};
constexpr LogColumn<std::int32_t> kSalesperson{
    "salesperson", [](const Transaction& t) { return t.salesperson; }};
constexpr LogColumn<double> kPricePaid{"price_paid",
                                       [](const Transaction& t) { return t.price_paid; }};
constexpr LogColumn<std::uint8_t> kDiscount{
    "discount", [](const Transaction& t) { return static_cast<std::uint8_t>(t.discount); }};

// Calls f(column, HDF5 type) for each column in file order.
template <class F>
void for_each_log_column(F&& f) {
    f(kTime, H5T_NATIVE_DOUBLE);
    f(kHousehold, H5T_NATIVE_UINT32);
    f(kStore, H5T_NATIVE_INT32);
    f(kCategory, H5T_NATIVE_INT32);
    f(kSalesperson, H5T_NATIVE_INT32);
    f(kPricePaid, H5T_NATIVE_DOUBLE);
    f(kDiscount, H5T_NATIVE_UINT8);
}

std::string discount_labels() {
    std::string labels;
    for (const auto name : kDiscountKindNames)
        labels.append(labels.empty() ? "" : ",").append(name);
    return labels;
}

// The log's HDF5 objects. Used under library_mutex() only, by the writer thread once built.
class LogFile {
public:
    LogFile(const std::string& path, const ResultSet& header, std::int32_t count,
            FileStatus& status)
        : status_(status),
          file_(create_file(path, status)),
          transactions_(H5Gcreate2(file_, "transactions", H5P_DEFAULT, group_properties(),
                                   H5P_DEFAULT),
                        H5Gclose, "creating group transactions") {
        write_result_set(file_, header, status);
        write_attribute(transactions_, "replications", std::int64_t{count});
        write_attribute(transactions_, "chunk_rows",
                        static_cast<std::int64_t>(TransactionLog::kChunkRows));
        write_attribute(transactions_, "complete", std::int64_t{0});
        // Every group exists from the start, in replication order, whatever the threads do.
        replications_.reserve(static_cast<std::size_t>(count));
        for (std::int32_t r = 0; r < count; ++r) replications_.push_back(create_replication(r));
        commit();
    }

    // Appends rows to replication `r`, puts them on disk, and only then records its new row
    // count; returns that count. A failure between the two leaves the old count, which the
    // rows on disk cover, rather than a new count over rows that never arrived.
    std::int64_t append(std::int32_t r, std::span<const Transaction> rows) {
        auto& rep = replications_[static_cast<std::size_t>(r)];
        if (!rows.empty()) {
            const auto start = static_cast<hsize_t>(rep.committed);
            std::size_t i = 0;
            for_each_log_column([&](const auto& column, hid_t type) {
                const std::string where = "transactions/" + std::to_string(r) + "/" + column.name;
                append_column(rep.columns[i++], type, start, rows, column.value, where);
                status_.throw_if_failed("writing " + where);
            });
            commit();
            rep.committed += static_cast<std::int64_t>(rows.size());
            set_count(rep.group, "rows", rep.committed);
        }
        return rep.committed;
    }
    void mark_finished(std::int32_t r) {
        set_count(replications_[static_cast<std::size_t>(r)].group, "finished", 1);
    }
    void mark_complete() { set_count(transactions_, "complete", 1); }
    // Puts everything written so far on disk, so that a killed process leaves it readable.
    void commit() { flush(file_, status_); }

private:
    struct Replication {
        Handle group;
        std::vector<Handle> columns;  // in for_each_log_column's order
        std::int64_t committed = 0;
    };

    Replication create_replication(std::int32_t r) {
        const std::string name = std::to_string(r);
        Replication rep{Handle(H5Gcreate2(transactions_, name.c_str(), H5P_DEFAULT,
                                          group_properties(), H5P_DEFAULT),
                               H5Gclose, "creating group transactions/" + name),
                        {}, 0};
        write_attribute(rep.group, "rows", std::int64_t{0});
        write_attribute(rep.group, "finished", std::int64_t{0});
        const hsize_t empty = 0, unlimited = H5S_UNLIMITED;
        Handle space(H5Screate_simple(1, &empty, &unlimited), H5Sclose, "log dataspace");
        Handle dcpl = dataset_properties(TransactionLog::kChunkRows);
        // The fastest deflate level: deflate is most of what the log costs, and level 4
        // (the results files') took half as long again for 3% smaller files (docs/output.md).
        const unsigned level = 1;
        check(H5Pmodify_filter(dcpl, H5Z_FILTER_DEFLATE, H5Z_FLAG_OPTIONAL, 1, &level),
              "deflate level");
        for_each_log_column([&](const auto& column, hid_t type) {
            rep.columns.emplace_back(H5Dcreate2(rep.group, column.name, type, space, H5P_DEFAULT,
                                                dcpl, H5P_DEFAULT),
                                     H5Dclose, "creating dataset " + name + "/" + column.name);
        });
        write_attribute(rep.columns.back(), "labels", discount_labels());
        return rep;
    }

    const FileStatus& status_;
    Handle file_;  // first of the handles: closed last
    Handle transactions_;
    std::vector<Replication> replications_;
};

}  // namespace

// The simulating threads hand whole chunks to one writer thread, which compresses and writes
// them, so that a run does not wait for deflate; a bounded queue keeps memory in check and
// slows the run down when the writer falls behind.
struct TransactionLog::State {
    struct Batch {
        std::int32_t replication;
        std::vector<Transaction> rows;
        bool last;  // the replication's final batch
    };
    // Rows handed over but not yet written, beyond which write() waits.
    static constexpr std::size_t kMaxQueuedRows = 4 * kChunkRows;

    std::string path;
    std::unique_ptr<FileStatus> status;  // the file's errors, under library_mutex()
    std::unique_ptr<LogFile> file;       // under library_mutex()
    std::mutex mutex;                    // guards everything below
    std::condition_variable changed;
    std::deque<Batch> queue;
    std::size_t queued_rows = 0;
    bool writing = false;  // the writer holds a batch taken from the queue
    bool stopping = false;
    bool closed = false;
    std::exception_ptr failure;  // the writer's first error, rethrown to the run
    std::vector<std::vector<Transaction>> pending;  // per replication: rows short of a chunk
    std::vector<bool> handed_over;                  // finish() called
    std::vector<std::int64_t> committed;
    std::thread writer;

    void write_batches() {
        std::unique_lock lock(mutex);
        for (;;) {
            changed.wait(lock, [&] { return !queue.empty() || stopping; });
            if (queue.empty()) return;  // stopping, and nothing left to write
            Batch batch = std::move(queue.front());
            queue.pop_front();
            writing = true;
            const bool failed = failure != nullptr;  // then nothing more is written
            lock.unlock();
            std::int64_t rows = -1;
            std::exception_ptr error;
            try {
                std::lock_guard hdf5(library_mutex());
                if (!failed) {
                    rows = file->append(batch.replication, batch.rows);
                    if (batch.last) file->mark_finished(batch.replication);
                    file->commit();
                }
            } catch (const std::exception& e) {
                try {
                    status->throw_for(e);
                } catch (...) {
                    error = std::current_exception();
                }
            }
            lock.lock();
            writing = false;
            queued_rows -= batch.rows.size();
            if (rows >= 0) committed[static_cast<std::size_t>(batch.replication)] = rows;
            if (error && !failure) failure = error;
            changed.notify_all();
        }
    }
    // Waits until everything handed over is written; call holding `lock`.
    void drain(std::unique_lock<std::mutex>& lock) {
        changed.wait(lock, [&] { return (queue.empty() && !writing) || failure; });
    }
    void rethrow_failure() const {
        if (failure) std::rethrow_exception(failure);
    }
    std::size_t index(std::int32_t r) const {
        if (r < 0 || static_cast<std::size_t>(r) >= pending.size())
            throw std::runtime_error(path + ": transaction log: replication " + std::to_string(r) +
                                     " outside 0.." + std::to_string(pending.size() - 1));
        return static_cast<std::size_t>(r);
    }
    void hand_over(std::int32_t r, std::vector<Transaction> rows, bool last) {
        queued_rows += rows.size();
        queue.push_back({r, std::move(rows), last});
        changed.notify_all();
    }
    void stop() {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        changed.notify_all();
        if (writer.joinable()) writer.join();
    }
};

TransactionLog::TransactionLog(const std::string& path, const ResultSet& header,
                               std::int32_t replications)
    : state_(std::make_unique<State>()) {
    if (replications < 1) throw std::invalid_argument("TransactionLog: replications must be >= 1");
    auto& s = *state_;
    s.path = path;
    s.status = std::make_unique<FileStatus>(path, "cannot write the transaction log");
    {
        std::lock_guard lock(library_mutex());
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions
        // The header is written under a temporary name and renamed into place, so that a
        // reader of an earlier log at `path` keeps that file rather than seeing it cut short.
        const std::string temporary = temporary_name(path);
        try {
            s.file = std::make_unique<LogFile>(temporary, header, replications, *s.status);
            rename_file(temporary, path, *s.status);
        } catch (const std::exception& e) {
            s.file.reset();
            remove_quietly(temporary);
            s.status->throw_for(e);
        }
    }
    const auto count = static_cast<std::size_t>(replications);
    s.pending.resize(count);
    s.handed_over.resize(count, false);
    s.committed.resize(count, 0);
    s.writer = std::thread([&s] { s.write_batches(); });
}

TransactionLog::~TransactionLog() {
    state_->stop();  // writes what was handed over: those rows were complete chunks
    std::lock_guard lock(library_mutex());  // closing handles calls into HDF5 too
    state_->file.reset();
}

void TransactionLog::write(std::int32_t replication, std::span<const Transaction> rows) {
    auto& s = *state_;
    std::unique_lock lock(s.mutex);
    s.rethrow_failure();
    const std::size_t r = s.index(replication);
    if (s.handed_over[r] || s.closed)
        throw std::runtime_error(s.path + ": transaction log: replication " +
                                 std::to_string(replication) + " already finished");
    auto& pending = s.pending[r];
    pending.insert(pending.end(), rows.begin(), rows.end());
    // Whole chunks only: a committed chunk is never rewritten, so a kill while writing
    // cannot damage what an earlier flush committed.
    const std::size_t whole = pending.size() / kChunkRows * kChunkRows;
    if (whole > 0) {
        std::vector<Transaction> batch(pending.begin(), pending.begin() + static_cast<long>(whole));
        pending.erase(pending.begin(), pending.begin() + static_cast<long>(whole));
        s.hand_over(replication, std::move(batch), false);
    }
    s.changed.wait(lock, [&] { return s.queued_rows <= State::kMaxQueuedRows || s.failure; });
    s.rethrow_failure();
}

void TransactionLog::finish(std::int32_t replication) {
    auto& s = *state_;
    std::unique_lock lock(s.mutex);
    s.rethrow_failure();
    const std::size_t r = s.index(replication);
    if (s.handed_over[r]) return;
    s.handed_over[r] = true;
    s.hand_over(replication, std::move(s.pending[r]), true);
    s.pending[r] = {};
}

void TransactionLog::close() {
    auto& s = *state_;
    {
        std::unique_lock lock(s.mutex);
        s.drain(lock);
        s.rethrow_failure();
        if (s.closed) throw std::runtime_error(s.path + ": transaction log: already closed");
        for (std::size_t r = 0; r < s.handed_over.size(); ++r)
            if (!s.handed_over[r])
                throw std::runtime_error(s.path + ": transaction log: replication " +
                                         std::to_string(r) +
                                         " has not finished; the log stays incomplete");
    }
    s.stop();
    {
        std::lock_guard lock(s.mutex);
        s.closed = true;
    }
    std::lock_guard lock(library_mutex());
    try {
        s.file->mark_complete();
        s.file->commit();
        s.file.reset();
        s.status->throw_if_failed("closing");
    } catch (const std::exception& e) {
        s.status->throw_for(e);
    }
}

std::int64_t TransactionLog::committed_rows(std::int32_t replication) {
    auto& s = *state_;
    std::unique_lock lock(s.mutex);
    s.drain(lock);
    s.rethrow_failure();
    return s.committed[s.index(replication)];
}

}  // namespace journeysim::output
