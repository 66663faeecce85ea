// The only file that includes HDF5's headers.
#include "journeysim/output/hdf5_writer.hpp"

#include <fcntl.h>
#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace journeysim::output {

std::size_t column_length(const Column& c) {
    return std::visit([](const auto& v) { return v.size(); }, c);
}

namespace {

// Debian's HDF5 is built without thread safety: one caller at a time in this process,
// whichever file it works on (results and transaction logs alike).
std::mutex& library_mutex() {
    static std::mutex mutex;
    return mutex;
}

class Handle {
public:
    Handle(hid_t id, herr_t (*close)(hid_t), const std::string& what) : id_(id), close_(close) {
        if (id_ < 0) throw std::runtime_error(what);
    }
    Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle& operator=(Handle&&) = delete;
    ~Handle() {
        if (id_ >= 0) close_(id_);
    }
    operator hid_t() const { return id_; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

void check(herr_t status, const std::string& what) {
    if (status < 0) throw std::runtime_error(what);
}

// Property lists shared by every object: no modification times (so the same results give
// the same bytes), and deflate with shuffle for datasets.
Handle dataset_properties(std::size_t length) {
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
    check(H5Pset_obj_track_times(dcpl, 0), "dataset properties");
    if (length > 0) {
        const hsize_t chunk = std::min<hsize_t>(length, 1 << 16);
        check(H5Pset_chunk(dcpl, 1, &chunk), "chunking");
        check(H5Pset_shuffle(dcpl), "shuffle filter");
        check(H5Pset_deflate(dcpl, 4), "deflate filter");
    }
    return dcpl;
}

Handle group_properties() {
    Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "group properties");
    check(H5Pset_obj_track_times(gcpl, 0), "group properties");
    return gcpl;
}

void write_dataset(hid_t group, const std::string& name, hid_t type, std::size_t length,
                   const void* data) {
    const hsize_t dims = length;
    Handle space(H5Screate_simple(1, &dims, nullptr), H5Sclose, "dataspace for " + name);
    Handle dcpl = dataset_properties(length);
    Handle dataset(H5Dcreate2(group, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT),
                   H5Dclose, "creating dataset " + name);
    if (length > 0)
        check(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "writing " + name);
}

// Strings as fixed-length, NUL-padded ASCII: numpy reads them as plain 'S<n>' arrays.
void write_strings(hid_t group, const std::string& name, const std::vector<std::string>& values) {
    std::size_t width = 1;
    for (const auto& v : values) width = std::max(width, v.size());
    std::vector<char> packed(width * values.size(), '\0');
    for (std::size_t i = 0; i < values.size(); ++i)
        std::copy(values[i].begin(), values[i].end(), packed.begin() + i * width);
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
    check(H5Tset_size(type, width), "string type");
    check(H5Tset_strpad(type, H5T_STR_NULLPAD), "string type");
    write_dataset(group, name, type, values.size(), packed.data());
}

void write_column(hid_t group, const std::string& name, const Column& column) {
    std::visit(
        [&](const auto& v) {
            using T = typename std::decay_t<decltype(v)>::value_type;
            if constexpr (std::is_same_v<T, double>)
                write_dataset(group, name, H5T_NATIVE_DOUBLE, v.size(), v.data());
            else if constexpr (std::is_same_v<T, std::int64_t>)
                write_dataset(group, name, H5T_NATIVE_INT64, v.size(), v.data());
            else if constexpr (std::is_same_v<T, std::uint64_t>)
                write_dataset(group, name, H5T_NATIVE_UINT64, v.size(), v.data());
            else
                write_strings(group, name, v);
        },
        column);
}

void write_attribute(hid_t object, const std::string& name, const Attribute& value) {
    Handle scalar(H5Screate(H5S_SCALAR), H5Sclose, "attribute space");
    auto write = [&](hid_t type, const void* data) {
        Handle attr(H5Acreate2(object, name.c_str(), type, scalar, H5P_DEFAULT, H5P_DEFAULT),
                    H5Aclose, "creating attribute " + name);
        check(H5Awrite(attr, type, data), "writing attribute " + name);
    };
    if (const auto* s = std::get_if<std::string>(&value)) {
        // Variable-length UTF-8: h5py returns these as str.
        Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "string type");
        check(H5Tset_size(type, H5T_VARIABLE), "string type");
        check(H5Tset_cset(type, H5T_CSET_UTF8), "string type");
        const char* text = s->c_str();
        write(type, &text);
    } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
        write(H5T_NATIVE_INT64, i);
    } else if (const auto* u = std::get_if<std::uint64_t>(&value)) {
        write(H5T_NATIVE_UINT64, u);
    } else {
        write(H5T_NATIVE_DOUBLE, &std::get<double>(value));
    }
}

Handle create_file(const std::string& path) {
    Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "file properties");
    check(H5Pset_obj_track_times(fcpl, 0), "file properties");
    return {H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT), H5Fclose,
            "cannot create file"};
}

// `/meta` and one group per table.
void write_result_set(hid_t file, const ResultSet& results) {
    Handle gcpl = group_properties();
    {
        Handle meta(H5Gcreate2(file, "meta", H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose, "meta");
        for (const auto& [name, value] : results.meta) write_attribute(meta, name, value);
    }
    for (const auto& table : results.tables) {
        Handle group(H5Gcreate2(file, table.name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT),
                     H5Gclose, "creating group " + table.name);
        for (const auto& [name, column] : table.columns)
            write_column(group, name, column);
    }
}

void write_file(const std::string& path, const ResultSet& results) {
    Handle file = create_file(path);
    write_result_set(file, results);
    check(H5Fflush(file, H5F_SCOPE_GLOBAL), "flushing");
}

void sync_to_disk(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) throw std::runtime_error("cannot reopen for sync");
    const int status = ::fsync(fd);
    ::close(fd);
    if (status != 0) throw std::runtime_error("fsync failed");
}

}  // namespace

void write_hdf5(const std::string& path, const ResultSet& results) {
    namespace fs = std::filesystem;
    static std::atomic<unsigned> counter{0};
    const fs::path final_path(path);
    // Hidden, unique, and in the same directory so the final rename is atomic. (Built with
    // append rather than operator+, which trips a GCC 12 -Wrestrict false positive.)
    std::string hidden(".");
    hidden.append(final_path.filename().string())
        .append(".tmp-")
        .append(std::to_string(::getpid()))
        .append("-")
        .append(std::to_string(counter++));
    const fs::path temporary = final_path.parent_path() / hidden;
    std::lock_guard lock(library_mutex());
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not stderr dumps
    try {
        write_file(temporary.string(), results);
        sync_to_disk(temporary.string());
        fs::rename(temporary, final_path);
    } catch (const std::exception& e) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw std::runtime_error(path + ": cannot write results (" + e.what() + ")");
    }
}

// -- the streamed transaction log ----------------------------------------------------------

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
    for (const auto name : kDiscountKindNames) labels.append(labels.empty() ? "" : ",").append(name);
    return labels;
}

}  // namespace

struct TransactionLog::File {
    struct Replication {
        Handle group;
        std::vector<Handle> columns;   // in for_each_log_column's order
        std::vector<Transaction> pending;  // rows short of a whole chunk
        std::int64_t committed = 0;
        bool finished = false;
    };

    Handle file;  // first: closed last
    Handle transactions;
    std::vector<Replication> replications;

    File(const std::string& path, const ResultSet& header, std::int32_t count)
        : file(create_file(path)),
          transactions(H5Gcreate2(file, "transactions", H5P_DEFAULT, group_properties(),
                                  H5P_DEFAULT),
                       H5Gclose, "creating group transactions") {
        write_result_set(file, header);
        write_attribute(transactions, "replications", std::int64_t{count});
        write_attribute(transactions, "chunk_rows", static_cast<std::int64_t>(kChunkRows));
        write_attribute(transactions, "complete", std::int64_t{0});
        // Every group exists from the start, in replication order, whatever the threads do.
        replications.reserve(static_cast<std::size_t>(count));
        for (std::int32_t r = 0; r < count; ++r) replications.push_back(create_replication(r));
        commit();
    }

    Replication create_replication(std::int32_t r) {
        const std::string name = std::to_string(r);
        Replication rep{Handle(H5Gcreate2(transactions, name.c_str(), H5P_DEFAULT,
                                          group_properties(), H5P_DEFAULT),
                               H5Gclose, "creating group transactions/" + name),
                        {}, {}, 0, false};
        write_attribute(rep.group, "rows", std::int64_t{0});
        write_attribute(rep.group, "finished", std::int64_t{0});
        const hsize_t empty = 0, unlimited = H5S_UNLIMITED;
        Handle space(H5Screate_simple(1, &empty, &unlimited), H5Sclose, "log dataspace");
        Handle dcpl = dataset_properties(kChunkRows);
        // The fastest deflate level: the log is compressed on the simulating threads, where
        // level 4 cost a third of the run's time and saved little (docs/output.md).
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

    Replication& replication(std::int32_t r) {
        if (r < 0 || static_cast<std::size_t>(r) >= replications.size())
            throw std::runtime_error("replication " + std::to_string(r) + " outside 0.." +
                                     std::to_string(replications.size() - 1));
        return replications[static_cast<std::size_t>(r)];
    }

    // Appends the first `count` pending rows, then records the new row count.
    void append(Replication& rep, std::size_t count, std::int32_t r) {
        const std::span<const Transaction> rows(rep.pending.data(), count);
        const auto start = static_cast<hsize_t>(rep.committed);
        std::size_t i = 0;
        for_each_log_column([&](const auto& column, hid_t type) {
            append_column(rep.columns[i++], type, start, rows, column.value,
                          "transactions/" + std::to_string(r) + "/" + column.name);
        });
        rep.pending.erase(rep.pending.begin(), rep.pending.begin() + static_cast<long>(count));
        rep.committed += static_cast<std::int64_t>(count);
        set_count(rep.group, "rows", rep.committed);
    }

    // Puts everything written so far on disk, so that a killed process leaves it readable.
    void commit() { check(H5Fflush(file, H5F_SCOPE_LOCAL), "flushing"); }
};

namespace {

// Runs `f` holding the library lock, with errors reported under the log's path.
template <class F>
auto locked(const std::string& path, F&& f) {
    std::lock_guard lock(library_mutex());
    try {
        return f();
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": transaction log: " + e.what());
    }
}

// The open file behind a log's pointer (read under the lock).
template <class P>
auto& opened(const P& file) {
    if (!file) throw std::logic_error("already closed");
    return *file;
}

}  // namespace

TransactionLog::TransactionLog(const std::string& path, const ResultSet& header,
                               std::int32_t replications)
    : path_(path) {
    if (replications < 1) throw std::invalid_argument("TransactionLog: replications must be >= 1");
    locked(path, [&] {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions
        file_ = std::make_unique<File>(path, header, replications);
    });
}

TransactionLog::~TransactionLog() {
    std::lock_guard lock(library_mutex());  // closing handles calls into HDF5 too
    file_.reset();
}

void TransactionLog::write(std::int32_t replication, std::span<const Transaction> rows) {
    locked(path_, [&] {
        auto& rep = opened(file_).replication(replication);
        if (rep.finished)
            throw std::runtime_error("replication " + std::to_string(replication) +
                                     " already finished");
        rep.pending.insert(rep.pending.end(), rows.begin(), rows.end());
        // Whole chunks only: a committed chunk is never rewritten, so a kill while writing
        // cannot damage what an earlier flush committed.
        const std::size_t whole = rep.pending.size() / kChunkRows * kChunkRows;
        if (whole == 0) return;
        file_->append(rep, whole, replication);
        file_->commit();
    });
}

void TransactionLog::finish(std::int32_t replication) {
    locked(path_, [&] {
        auto& rep = opened(file_).replication(replication);
        if (rep.finished) return;
        if (!rep.pending.empty()) file_->append(rep, rep.pending.size(), replication);
        rep.pending.shrink_to_fit();
        rep.finished = true;
        set_count(rep.group, "finished", 1);
        file_->commit();
    });
}

void TransactionLog::close() {
    locked(path_, [&] {
        for (std::size_t r = 0; r < opened(file_).replications.size(); ++r)
            if (!file_->replications[r].finished)
                throw std::runtime_error("replication " + std::to_string(r) +
                                         " has not finished; the log stays incomplete");
        set_count(file_->transactions, "complete", 1);
        file_->commit();
        file_.reset();
    });
}

std::int64_t TransactionLog::committed_rows(std::int32_t replication) const {
    return locked(path_, [&] { return opened(file_).replication(replication).committed; });
}

}  // namespace journeysim::output
