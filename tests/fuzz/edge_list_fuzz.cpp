// libFuzzer target: the edge-list reader (issue 8) and the adjacency built from what it reads.
//
// The first two bytes choose the number of households (0 to 65535), the rest is the file. Any
// bytes must either give edges or an EdgeListError that names the source and a line that
// exists in the input, with a reason; never a crash, a hang, undefined behaviour or another
// exception. Edges read must be in range and not self-loops, and the graph built from them
// must be simple, sorted and symmetric, with no more edges than were read.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "journeysim/model/edge_list.hpp"
#include "journeysim/model/social_graph.hpp"

namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::uint32_t households = data[0] | (std::uint32_t{data[1]} << 8);
    const std::string text(reinterpret_cast<const char*>(data + 2), size - 2);
    std::istringstream in(text);
    std::vector<journeysim::model::HouseholdPair> edges;
    try {
        edges = journeysim::model::parse_edge_list(in, "fuzz.txt", households);
    } catch (const journeysim::model::EdgeListError& e) {
        const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
        check(e.source() == "fuzz.txt");
        check(e.line() >= 1 && e.line() <= lines);
        check(!e.reason().empty());
        check(std::string(e.what()).rfind("fuzz.txt:" + std::to_string(e.line()) + ": ", 0) == 0);
        return 0;
    }
    for (const auto& [a, b] : edges) check(a < households && b < households && a != b);
    const auto g = journeysim::model::SocialGraph::from_edges(households, edges);
    check(g.edges() <= edges.size());
    for (std::uint32_t h = 0; h < g.households(); ++h) {
        const auto run = g.neighbours(h);
        check(std::adjacent_find(run.begin(), run.end(),
                                 [](auto x, auto y) { return x >= y; }) == run.end());
        for (std::uint32_t n : run) check(n != h && g.linked(n, h));
    }
    return 0;
}
