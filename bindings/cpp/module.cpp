// journeysim._core: the private compiled module. The typed Python package wraps it.
#include "journeysim/version.hpp"
#include "registrations.hpp"

PYBIND11_MODULE(_core, m) {
    m.doc() = "journeysim's C++ engine (private; use the journeysim package)";
    m.attr("__version__") = journeysim::kVersion;
    m.attr("build") = journeysim::kBuildInfo;
    journeysim::bindings::register_config(m);
    journeysim::bindings::register_output(m);
    journeysim::bindings::register_run(m);
}
