#pragma once
// The HDF5 objects and file steps the results writer (hdf5_writer.cpp) and the streamed
// transaction log (transaction_log.cpp) share: handles, property lists, columns and
// attributes, and a file's life from creation through the checked driver to its rename.
// Private to output/: with the driver, the only code that includes HDF5's headers.
#include <hdf5.h>

#include <mutex>
#include <string>
#include <vector>

#include "file_status.hpp"
#include "journeysim/output/tables.hpp"

namespace journeysim::output::detail {

// Debian's HDF5 is built without thread safety: one caller at a time in this process,
// whichever file it works on (results and transaction logs alike).
std::mutex& library_mutex();

// An HDF5 id closed when the handle goes; an invalid id throws `what` at once.
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

void check(herr_t status, const std::string& what);
Handle dataset_properties(std::size_t length);
Handle group_properties();
void write_column(hid_t group, const std::string& name, const Column& column);
void write_attribute(hid_t object, const std::string& name, const Attribute& value);
// Creates `path` through the checked driver, which reports the system's errors to `status`.
Handle create_file(const std::string& path, FileStatus& status);
// `/meta` and one group per table, each dataset checked against `status` as it is written.
void write_result_set(hid_t file, const ResultSet& results, const FileStatus& status);
// Puts everything written so far on disk; a flush's failed write is the flush's failure.
void flush(hid_t file, const FileStatus& status);
void sync_to_disk(const std::string& path, FileStatus& status);
// Renames `from` to `to`, atomically replacing what `to` was.
void rename_file(const std::string& from, const std::string& to, FileStatus& status);
// A hidden name for `path` while it is written: unique, in the same directory (so that the
// final rename is atomic).
std::string temporary_name(const std::string& path);
void remove_quietly(const std::string& path);

}  // namespace journeysim::output::detail
