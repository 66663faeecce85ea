#pragma once
// A metric: a number the result tables report, with its unit and what it means, defined once
// next to the record field it reads. The result tables (run/result_set.cpp), the Python layer
// (`_core.metrics()`, `journeysim.results.METRICS`) and docs/output.md all take names, units
// and meanings from these lists.
#include <array>
#include <cstddef>
#include <string_view>
#include <utility>

namespace journeysim::records {

// `Read` is how the value comes out of its record: a data member, or a function of the record
// (margin and profit follow from the money), or a std::variant of such.
template <class Read>
struct Metric {
    const char* name;
    Read read;
    std::string_view unit;
    std::string_view description;
};

// The (name, member) pairs of `metrics`, for code that walks a record's fields without
// needing their meaning (sums, comparisons).
template <class Read, std::size_t N>
constexpr std::array<std::pair<const char*, Read>, N> names_and_reads(
    const std::array<Metric<Read>, N>& metrics) {
    std::array<std::pair<const char*, Read>, N> pairs{};
    for (std::size_t i = 0; i < N; ++i) pairs[i] = {metrics[i].name, metrics[i].read};
    return pairs;
}

}  // namespace journeysim::records
