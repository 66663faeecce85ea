#pragma once
// Results as named tables of named 1-D columns: the shape of the HDF5 file (one group per
// table, one dataset per column) and of the Python DataFrames.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace journeysim::output {

using Column = std::variant<std::vector<double>, std::vector<std::int64_t>,
                            std::vector<std::uint64_t>, std::vector<std::string>>;
using Attribute = std::variant<std::string, std::int64_t, std::uint64_t, double>;

struct Table {
    std::string name;
    std::vector<std::pair<std::string, Column>> columns;
};

struct ResultSet {
    std::vector<std::pair<std::string, Attribute>> meta;
    std::vector<Table> tables;
};

[[nodiscard]] std::size_t column_length(const Column& c);

}  // namespace journeysim::output
