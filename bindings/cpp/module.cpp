// journeysim._core: the private compiled module. The typed Python package wraps it.
#include "journeysim/config/config_error.hpp"
#include "journeysim/version.hpp"
#include "registrations.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
    m.doc() = "journeysim's C++ engine (private; use the journeysim package)";
    m.attr("__version__") = journeysim::kVersion;
    m.attr("build") = journeysim::kBuildInfo;
    journeysim::bindings::register_config(m);
    journeysim::bindings::register_output(m);
    journeysim::bindings::register_run(m);
    // A problem found in the scenario once the run has begun (an edge-list file) is the same
    // journeysim.ConfigError as one found by validation, with its paths.
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const journeysim::config::ConfigError& e) {
            py::list issues;
            for (const auto& issue : e.issues()) issues.append(py::make_tuple(issue.path, issue.message));
            PyErr_SetObject(py::module_::import("journeysim.errors").attr("ConfigError").ptr(),
                            py::make_tuple(issues).ptr());
        }
    });
}
