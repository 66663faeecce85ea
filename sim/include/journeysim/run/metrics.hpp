#pragma once
// What each metric column of the result tables means, for readers outside the engine: the
// Python layer (`_core.metrics()`, `journeysim.results.METRICS`), the CLI and docs/output.md.
// The names, units and meanings themselves are defined next to their records (records/).
#include <string>
#include <vector>

namespace journeysim::run {

struct MetricInfo {
    std::string name;
    std::string table;  // the result table whose column it is
    std::string type;   // "int64" or "float64"
    std::string unit;
    std::string description;
};

// Every metric column of every table to_result_set() makes, in table and column order.
[[nodiscard]] std::vector<MetricInfo> metrics();

}  // namespace journeysim::run
