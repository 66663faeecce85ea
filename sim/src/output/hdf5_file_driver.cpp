#include "hdf5_file_driver.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace journeysim::output {

namespace {

// What the file access property list carries to open(): where to report.
struct DriverInfo {
    FileStatus* status;
};

// One open file. HDF5 sees the leading H5FD_t; the rest is ours, as in sec2.
struct DriverFile {
    H5FD_t pub;
    int fd;
    haddr_t eoa;  // end of the address space HDF5 allocated
    haddr_t eof;  // end of the file as written (dropped writes included, once sealed)
    dev_t device;
    ino_t inode;
    FileStatus* status;
};

DriverFile* as_file(H5FD_t* file) { return reinterpret_cast<DriverFile*>(file); }
const DriverFile* as_file(const H5FD_t* file) { return reinterpret_cast<const DriverFile*>(file); }

// The largest address an off_t reaches, as sec2's MAXADDR.
constexpr haddr_t kMaxAddress = (haddr_t{1} << (8 * sizeof(off_t) - 1)) - 1;

H5FD_t* open_file(const char* name, unsigned flags, hid_t fapl, haddr_t maxaddr) {
    const auto* info = static_cast<const DriverInfo*>(H5Pget_driver_info(fapl));
    if (info == nullptr || info->status == nullptr || maxaddr == 0 || maxaddr > kMaxAddress)
        return nullptr;
    FileStatus& status = *info->status;
    int o_flags = (flags & H5F_ACC_RDWR) ? O_RDWR : O_RDONLY;
    if (flags & H5F_ACC_TRUNC) o_flags |= O_TRUNC;
    if (flags & H5F_ACC_CREAT) o_flags |= O_CREAT;
    if (flags & H5F_ACC_EXCL) o_flags |= O_EXCL;
    int fd = -1;
    // HDF5 first tries to open a file it is to create without creating it (to see whether
    // it has it open already); that failing is no error.
    if (!(flags & H5F_ACC_CREAT)) {
        fd = ::open(name, o_flags | O_CLOEXEC);
        if (fd < 0) return nullptr;
    } else if (!status.attempt(FileStep::create, [&] {
            fd = ::open(name, o_flags | O_CLOEXEC, 0666);
            return fd < 0 ? -1 : 0;
        }))
        return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        status.record(errno);
        ::close(fd);
        return nullptr;
    }
    auto* file = new DriverFile{};
    file->fd = fd;
    file->eof = static_cast<haddr_t>(st.st_size);
    file->device = st.st_dev;
    file->inode = st.st_ino;
    file->status = &status;
    return &file->pub;
}

// Never fails in HDF5's eyes (see the header): an error closing the descriptor is recorded.
herr_t close_file(H5FD_t* pub) {
    DriverFile* file = as_file(pub);
    const int injected = file->status->injected(FileStep::close);
    // Closed whatever happened before: the descriptor holds the file's lock.
    if (::close(file->fd) != 0 || injected != 0) file->status->record(injected ? injected : errno);
    delete file;
    return 0;
}

int compare_files(const H5FD_t* a, const H5FD_t* b) {
    const DriverFile *x = as_file(a), *y = as_file(b);
    if (x->device != y->device) return x->device < y->device ? -1 : 1;
    if (x->inode != y->inode) return x->inode < y->inode ? -1 : 1;
    return 0;
}

// The features sec2 declares, so that HDF5 lays out the file exactly as it does with sec2.
herr_t query(const H5FD_t*, unsigned long* flags) {
    *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_ACCUMULATE_METADATA |
             H5FD_FEAT_DATA_SIEVE | H5FD_FEAT_AGGREGATE_SMALLDATA |
             H5FD_FEAT_POSIX_COMPAT_HANDLE | H5FD_FEAT_SUPPORTS_SWMR_IO |
             H5FD_FEAT_DEFAULT_VFD_COMPATIBLE;
    return 0;
}

haddr_t get_eoa(const H5FD_t* file, H5FD_mem_t) { return as_file(file)->eoa; }
herr_t set_eoa(H5FD_t* file, H5FD_mem_t, haddr_t address) {
    as_file(file)->eoa = address;
    return 0;
}
haddr_t get_eof(const H5FD_t* file, H5FD_mem_t) { return as_file(file)->eof; }

herr_t get_handle(H5FD_t* file, hid_t, void** handle) {
    *handle = &as_file(file)->fd;
    return 0;
}

// Reads as sec2 does: what lies past the end of the file reads as zeros.
herr_t read_file(H5FD_t* pub, H5FD_mem_t, hid_t, haddr_t address, size_t size, void* buffer) {
    DriverFile* file = as_file(pub);
    auto* out = static_cast<unsigned char*>(buffer);
    while (size > 0) {
        const ssize_t n = ::pread(file->fd, out, size, static_cast<off_t>(address));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            file->status->record(errno);
            return -1;
        }
        if (n == 0) {
            std::memset(out, 0, size);
            break;
        }
        out += n, address += static_cast<haddr_t>(n), size -= static_cast<size_t>(n);
    }
    return 0;
}

bool write_all(int fd, const unsigned char* data, size_t size, haddr_t address) {
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, size, static_cast<off_t>(address));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        data += n, address += static_cast<haddr_t>(n), size -= static_cast<size_t>(n);
    }
    return true;
}

// A failed write is recorded and the file sealed; HDF5 is told it succeeded (the header).
herr_t write_file(H5FD_t* pub, H5FD_mem_t, hid_t, haddr_t address, size_t size,
                  const void* buffer) {
    DriverFile* file = as_file(pub);
    const auto* data = static_cast<const unsigned char*>(buffer);
    file->status->attempt(FileStep::write,
                          [&] { return write_all(file->fd, data, size, address) ? 0 : -1; });
    if (address + size > file->eof) file->eof = address + size;
    return 0;
}

// Cuts or extends the file to what HDF5 allocated, as sec2 does; nothing once sealed.
herr_t truncate_file(H5FD_t* pub, hid_t, hbool_t) {
    DriverFile* file = as_file(pub);
    if (file->eoa == file->eof) return 0;
    file->status->attempt(FileStep::truncate, [&] {
        return ::ftruncate(file->fd, static_cast<off_t>(file->eoa));
    });
    file->eof = file->eoa;
    return 0;
}

// HDF5's file lock, as sec2 takes it: readers in other processes see the file is in use.
herr_t lock_file(H5FD_t* pub, hbool_t read_write) {
    const int how = (read_write ? LOCK_EX : LOCK_SH) | LOCK_NB;
    if (::flock(as_file(pub)->fd, how) == 0 || errno == ENOSYS) return 0;
    H5Epush2(H5E_DEFAULT, __FILE__, "lock_file", __LINE__, H5E_ERR_CLS, H5E_VFL,
             H5E_CANTLOCKFILE, "unable to lock file: %s", std::strerror(errno));
    return -1;
}
herr_t unlock_file(H5FD_t* pub) {
    if (::flock(as_file(pub)->fd, LOCK_UN) == 0 || errno == ENOSYS) return 0;
    return -1;
}

// In H5FD_class_t's order, as designated initializers must be; the rest are HDF5's defaults.
constexpr H5FD_class_t kDriverClass = {
    .name = "journeysim_checked", .maxaddr = kMaxAddress, .fc_degree = H5F_CLOSE_WEAK,
    .fapl_size = sizeof(DriverInfo),
    .open = open_file, .close = close_file, .cmp = compare_files, .query = query,
    .get_eoa = get_eoa, .set_eoa = set_eoa, .get_eof = get_eof, .get_handle = get_handle,
    .read = read_file, .write = write_file, .truncate = truncate_file,
    .lock = lock_file, .unlock = unlock_file,
    .fl_map = H5FD_FLMAP_DICHOTOMY,
};

hid_t driver_id() {
    static hid_t id = -1;
    if (id < 0 || H5Iis_valid(id) <= 0) id = H5FDregister(&kDriverClass);
    if (id < 0) throw std::runtime_error("cannot register the HDF5 file driver");
    return id;
}

}  // namespace

hid_t checked_file_access(FileStatus& status) {
    const hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    if (fapl < 0) throw std::runtime_error("file access properties");
    const DriverInfo info{&status};
    if (H5Pset_driver(fapl, driver_id(), &info) < 0) {
        H5Pclose(fapl);
        throw std::runtime_error("file access properties");
    }
    return fapl;
}

}  // namespace journeysim::output
