#include "hdf5_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "hdf5_file_driver.hpp"

namespace journeysim::output::detail {

std::mutex& library_mutex() {
    static std::mutex mutex;
    return mutex;
}

void check(herr_t status, const std::string& what) {
    if (status < 0) throw std::runtime_error(what);
}

// Property lists shared by every object: no modification times (so the same results give
// the same bytes), and for datasets deflate with shuffle, then a Fletcher-32 checksum of
// each stored chunk, so that damage to a column's values is detected when it is read
// (HDF5 keeps no checksum of raw data otherwise).
Handle dataset_properties(std::size_t length) {
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "dataset properties");
    check(H5Pset_obj_track_times(dcpl, 0), "dataset properties");
    if (length > 0) {
        const hsize_t chunk = std::min<hsize_t>(length, 1 << 16);
        check(H5Pset_chunk(dcpl, 1, &chunk), "chunking");
        check(H5Pset_shuffle(dcpl), "shuffle filter");
        check(H5Pset_deflate(dcpl, 4), "deflate filter");
        check(H5Pset_fletcher32(dcpl), "fletcher32 filter");
    }
    return dcpl;
}

Handle group_properties() {
    Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "group properties");
    check(H5Pset_obj_track_times(gcpl, 0), "group properties");
    // Readers (h5py, pandas) list a table's columns in the order they were written, not by
    // name: the order docs/output.md and the engine give them.
    check(H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          "group properties");
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

Handle create_file(const std::string& path, FileStatus& status) {
    Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "file properties");
    check(H5Pset_obj_track_times(fcpl, 0), "file properties");
    check(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
          "file properties");
    Handle fapl(checked_file_access(status), H5Pclose, "file access properties");
    const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, fapl);
    if (id < 0) status.throw_if_failed("creating the file");
    Handle file(id, H5Fclose, "cannot create file");
    status.throw_if_failed("creating the file");
    return file;
}

// `/meta` and one group per table. The driver drops writes once one failed, so every
// dataset is followed by a look at `status`: the error names the dataset it struck.
void write_result_set(hid_t file, const ResultSet& results, const FileStatus& status) {
    Handle gcpl = group_properties();
    {
        Handle meta(H5Gcreate2(file, "meta", H5P_DEFAULT, gcpl, H5P_DEFAULT), H5Gclose, "meta");
        for (const auto& [name, value] : results.meta) write_attribute(meta, name, value);
    }
    status.throw_if_failed("writing meta");
    for (const auto& table : results.tables) {
        Handle group(H5Gcreate2(file, table.name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT),
                     H5Gclose, "creating group " + table.name);
        for (const auto& [name, column] : table.columns) {
            write_column(group, name, column);
            status.throw_if_failed("writing " + table.name + "/" + name);
        }
    }
}

void flush(hid_t file, const FileStatus& status) {
    check(H5Fflush(file, H5F_SCOPE_LOCAL), "flushing");
    status.throw_if_failed("flushing");
}

void sync_to_disk(const std::string& path, FileStatus& status) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) status.record(errno);
    status.throw_if_failed("reopening to sync");
    status.attempt(FileStep::sync, [&] { return ::fsync(fd); });
    ::close(fd);
    status.throw_if_failed("syncing to disk");
}

void rename_file(const std::string& from, const std::string& to, FileStatus& status) {
    status.attempt(FileStep::rename, [&] { return std::rename(from.c_str(), to.c_str()); });
    status.throw_if_failed("renaming the finished file into place");
}

std::string temporary_name(const std::string& path) {
    namespace fs = std::filesystem;
    static std::atomic<unsigned> counter{0};
    const fs::path final_path(path);
    // Built with append rather than operator+, which trips a GCC 12 -Wrestrict false positive.
    std::string hidden(".");
    hidden.append(final_path.filename().string())
        .append(".tmp-")
        .append(std::to_string(::getpid()))
        .append("-")
        .append(std::to_string(counter++));
    return (final_path.parent_path() / hidden).string();
}

void remove_quietly(const std::string& path) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
}

}  // namespace journeysim::output::detail
