#pragma once
// The social graph among households: who talks to whom. It is generated (Watts–Strogatz small
// world, Erdős–Rényi, power-law PLOD, spatial) or loaded from an edge list, and then frozen
// into a compact adjacency (compressed sparse rows) that word of mouth and adoption read in
// their hot paths: a household's neighbours are one contiguous, sorted run of ids.
#include <cstdint>
#include <filesystem>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

#include "journeysim/config/social.hpp"
#include "journeysim/model/edge_list.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

// Undirected, simple (no self-loops, no parallel edges), immutable once built.
class SocialGraph {
public:
    SocialGraph() : offsets_(1, 0) {}

    // The graph on `households` vertices with `edges` (each an unordered pair). Self-loops
    // are dropped and an edge given more than once (in either direction) is kept once:
    // generators may produce both, and a friendship is a friendship however often it is
    // listed. Throws std::invalid_argument for an id >= households.
    [[nodiscard]] static SocialGraph from_edges(std::uint32_t households,
                                                std::vector<HouseholdPair> edges);

    // All households, those built with the graph and those added since.
    [[nodiscard]] std::uint32_t households() const { return frozen() + added_; }
    [[nodiscard]] std::uint64_t edges() const { return neighbours_.size() / 2 + added_edges_; }
    [[nodiscard]] std::uint32_t degree(std::uint32_t h) const {
        const auto extra = overlay_.empty() ? 0u : overlay_degree(h);
        return h < frozen() ? static_cast<std::uint32_t>(offsets_[h + 1] - offsets_[h]) + extra
                            : extra;
    }
    // h's neighbours from when the graph was built, in increasing id order (empty for a
    // household added since). Links made later: for_each_neighbour.
    [[nodiscard]] std::span<const std::uint32_t> neighbours(std::uint32_t h) const {
        if (h >= frozen()) return {};
        return {neighbours_.data() + offsets_[h], neighbours_.data() + offsets_[h + 1]};
    }
    // Calls visit(n) for each of h's neighbours: the built ones in increasing id order, then
    // those linked since in the order they were linked.
    template <class Visit>
    void for_each_neighbour(std::uint32_t h, Visit&& visit) const {
        for (std::uint32_t n : neighbours(h)) visit(n);
        if (overlay_.empty()) return;
        if (const auto it = overlay_.find(h); it != overlay_.end())
            for (std::uint32_t n : it->second) visit(n);
    }
    [[nodiscard]] bool linked(std::uint32_t a, std::uint32_t b) const;
    [[nodiscard]] double mean_degree() const;
    // Memory held by the adjacency (offsets and neighbour ids), in bytes; the overlay's
    // links only (its hash table's own overhead is not counted).
    [[nodiscard]] std::size_t bytes() const {
        return offsets_.capacity() * sizeof(std::uint64_t) +
               neighbours_.capacity() * sizeof(std::uint32_t) +
               2 * added_edges_ * sizeof(std::uint32_t);
    }

    // A household made during the run (moved in, founded): the next id, with no links yet.
    std::uint32_t add_household() { return frozen() + added_++; }
    // Links a and b (both ids below households()); a self-loop or a repeat is ignored, as at
    // construction. Returns whether a link was made. O(degree).
    bool link(std::uint32_t a, std::uint32_t b);

private:
    [[nodiscard]] std::uint32_t frozen() const {
        return static_cast<std::uint32_t>(offsets_.size() - 1);
    }
    [[nodiscard]] std::uint32_t overlay_degree(std::uint32_t h) const {
        const auto it = overlay_.find(h);
        return it == overlay_.end() ? 0u : static_cast<std::uint32_t>(it->second.size());
    }

    std::vector<std::uint64_t> offsets_;     // households + 1: h's run starts at offsets_[h]
    std::vector<std::uint32_t> neighbours_;  // each edge twice, once from each end
    // Links made during the run, by household (both ends), in a small overlay: a run adds
    // few next to the millions built, and the compact rows are never rebuilt.
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> overlay_;
    std::uint32_t added_ = 0;          // households added after the graph was built
    std::uint64_t added_edges_ = 0;
};

// Watts & Strogatz (1998) through Boost.Graph's small_world_iterator: a ring where each
// household links to its k/2 nearest on each side (k even), each link rewired with probability
// `rewire` to a household chosen uniformly outside the neighbourhood.
[[nodiscard]] SocialGraph watts_strogatz(std::uint32_t households, std::uint32_t k, double rewire,
                                         random::Engine& engine);

// G(n, p) with p = mean_degree / (n - 1), through Boost.Graph's sorted_erdos_renyi_iterator
// (geometric skips over the pairs: O(n + edges), not O(n^2)).
[[nodiscard]] SocialGraph erdos_renyi(std::uint32_t households, double mean_degree,
                                      random::Engine& engine);

// Palmer & Steffan's (2000) power-law out-degree (PLOD) graph through Boost.Graph's
// plod_iterator: each household gets a degree credit floor(beta * x^-alpha), x uniform in
// [0, n), and credits are paired at random. beta is solved for so that the expected credit is
// `mean_degree`; the degree's tail is then P(D >= d) ~ d^(-1/alpha).
[[nodiscard]] SocialGraph power_law(std::uint32_t households, double mean_degree, double alpha,
                                    random::Engine& engine);
// The beta of power_law for `households`, `mean_degree` and `alpha` (exposed for tests).
[[nodiscard]] double plod_beta(std::uint32_t households, double mean_degree, double alpha);

// Where households live: coordinates (km) and the index of their town, one entry each.
struct Placement {
    std::span<const float> x, y;
    std::span<const std::uint32_t> town;
};

// Every pair of households in the same town within `radius_km` of each other. A grid of
// cells of side radius_km, sorted by (town, cell), so each household is compared only with
// those of its own and the neighbouring cells: O(n log n + pairs), never O(n^2). Deterministic.
[[nodiscard]] SocialGraph spatial(const Placement& where, double radius_km);

// The graph of the scenario's edge-list file (`spec.edges`, relative to `scenario_dir`);
// a file that cannot be read or is malformed raises config::ConfigError at `social.edges`.
[[nodiscard]] SocialGraph read_social_graph(const config::SocialGraphSpec& spec,
                                            std::uint32_t households,
                                            const std::filesystem::path& scenario_dir);

// The graph a scenario's [social] section asks for. `scenario_dir` resolves a relative
// `edges` path (the only file a scenario can make the engine read). An edge list that cannot
// be read or is malformed raises config::ConfigError at `social.edges`, naming the file and
// the line; the generators draw from `engine` (the run's "social" stream).
[[nodiscard]] SocialGraph build_social_graph(const config::SocialGraphSpec& spec,
                                             const Placement& where,
                                             const std::filesystem::path& scenario_dir,
                                             random::Engine& engine);

}  // namespace journeysim::model
