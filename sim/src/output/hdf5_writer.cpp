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

namespace journeysim::output {

std::size_t column_length(const Column& c) {
    return std::visit([](const auto& v) { return v.size(); }, c);
}

namespace {

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

void write_file(const std::string& path, const ResultSet& results) {
    Handle fcpl(H5Pcreate(H5P_FILE_CREATE), H5Pclose, "file properties");
    check(H5Pset_obj_track_times(fcpl, 0), "file properties");
    Handle file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT), H5Fclose,
                "cannot create file");
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
    // Debian's HDF5 is built without thread safety: one writer at a time in this process.
    static std::mutex hdf5_mutex;
    std::lock_guard lock(hdf5_mutex);
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

}  // namespace journeysim::output
