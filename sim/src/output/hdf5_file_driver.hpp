#pragma once
// An HDF5 file driver that writes as HDF5's own POSIX driver (sec2) does, byte for byte,
// and reports the operating system's errors to a FileStatus instead of to HDF5.
//
// Why: libhdf5 1.10 cannot survive a failed close. When H5Fclose's flush fails (a full
// disk), it frees the file but leaves its id registered, and the library's exit handler
// then closes that freed file again: the segmentation fault of issue 20. This driver
// therefore never lets a write fail in HDF5's eyes. The first failure is recorded, and
// from then on the file is sealed: writes are dropped, so nothing more reaches the disk
// (what was committed stays as it was) and HDF5 closes cleanly. The writer checks the
// status after each step and throws the recorded error, in the system's own words.
#include <hdf5.h>

#include "file_status.hpp"

namespace journeysim::output {

// A file access property list selecting the driver, reporting to `status`; `status` must
// outlive the file. Call under the HDF5 library mutex.
hid_t checked_file_access(FileStatus& status);

}  // namespace journeysim::output
