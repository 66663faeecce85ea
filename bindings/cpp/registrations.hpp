#pragma once
#include <pybind11/pybind11.h>

namespace journeysim::bindings {
void register_config(pybind11::module_& m);
void register_output(pybind11::module_& m);
void register_run(pybind11::module_& m);
}  // namespace journeysim::bindings
