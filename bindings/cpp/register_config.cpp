#include <pybind11/stl.h>

#include "journeysim/config/scenario.hpp"
#include "registrations.hpp"

namespace py = pybind11;

namespace journeysim::bindings {

void register_config(py::module_& m) {
    m.def(
        "check_scenario",
        [](const std::string& text) {
            std::vector<std::pair<std::string, std::string>> issues;
            for (auto& issue : config::check_scenario(text))
                issues.emplace_back(std::move(issue.path), std::move(issue.message));
            return issues;
        },
        py::arg("text"),
        "Every problem in a scenario's TOML text as (path, message); empty when valid.");
}

}  // namespace journeysim::bindings
