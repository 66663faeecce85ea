// The results file: written under a temporary name, synced and renamed into place
// (hdf5_files.hpp holds the HDF5 work it shares with the transaction log).
#include "journeysim/output/hdf5_writer.hpp"

#include <mutex>

#include "file_status.hpp"
#include "hdf5_files.hpp"

namespace journeysim::output {

using namespace detail;

std::size_t column_length(const Column& c) {
    return std::visit([](const auto& v) { return v.size(); }, c);
}

namespace {

void write_file(const std::string& path, const ResultSet& results, FileStatus& status) {
    {
        Handle file = create_file(path, status);
        write_result_set(file, results, status);
        flush(file, status);
    }
    status.throw_if_failed("closing");  // the close's own writes, and close(2) itself
}

}  // namespace

void write_hdf5(const std::string& path, const ResultSet& results) {
    const std::string temporary = temporary_name(path);
    FileStatus status(path, "cannot write results");
    std::lock_guard lock(library_mutex());
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // errors become exceptions, not stderr dumps
    try {
        write_file(temporary, results, status);
        sync_to_disk(temporary, status);
        rename_file(temporary, path, status);
    } catch (const std::exception& e) {
        remove_quietly(temporary);
        status.throw_for(e);
    }
}

}  // namespace journeysim::output
