#pragma once
#include <string>

#include "journeysim/output/tables.hpp"

namespace journeysim::output {

// Writes `results` to `path` in the layout of docs/output.md. The file is written under a
// temporary name in the same directory and renamed when complete, so `path` is either the
// old file, nothing, or the whole new file. Throws std::runtime_error naming the path.
void write_hdf5(const std::string& path, const ResultSet& results);

}  // namespace journeysim::output
