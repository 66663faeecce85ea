#pragma once
// ResultSet <-> Python: {"meta": {...}, "<table>": {"<column>": ndarray | list[str]}}.
#include <pybind11/pybind11.h>

#include "journeysim/output/tables.hpp"

namespace journeysim::bindings {

[[nodiscard]] pybind11::dict to_python(const output::ResultSet& results);
[[nodiscard]] output::ResultSet from_python(const pybind11::dict& meta,
                                            const pybind11::dict& tables);

}  // namespace journeysim::bindings
