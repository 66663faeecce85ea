#include <pybind11/stl.h>

#include "journeysim/config/scenario.hpp"
#include "journeysim/model/social_graph.hpp"
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
    m.def(
        "check_scenario_files",
        [](const std::string& text, const std::string& scenario_dir) {
            // What a run reads before it starts: the edge list, read as the run reads it.
            std::vector<std::pair<std::string, std::string>> issues;
            const config::Scenario sc = config::parse_scenario(text);
            if (sc.social.graph.kind != config::GraphKind::edge_list) return issues;
            try {
                (void)model::read_social_graph(
                    sc.social.graph, static_cast<std::uint32_t>(sc.households.count), scenario_dir);
            } catch (const config::ConfigError& e) {
                for (const auto& issue : e.issues()) issues.emplace_back(issue.path, issue.message);
            }
            return issues;
        },
        py::arg("text"), py::arg("scenario_dir") = "",
        "The problems with the files a valid scenario names (its edge list), as (path, message), "
        "found by reading them as a run does; empty when they read.");
}

}  // namespace journeysim::bindings
