#include "journeysim/model/social_graph.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/erdos_renyi_generator.hpp>
#include <boost/graph/plod_generator.hpp>
#include <boost/graph/small_world_generator.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>

#include "journeysim/config/config_error.hpp"
#include "journeysim/model/edge_list.hpp"

namespace journeysim::model {

namespace {

// Boost's generators take the graph type only for its traits (vertex counts, directedness).
using UndirectedTraits = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

// small_world_iterator copies its engine into a uniform_01 and back on every edge; an
// mt19937_64 is 2.5 kB, so it gets this 8-byte handle instead. The numbers are the engine's.
struct EngineRef {
    using result_type = random::Engine::result_type;
    random::Engine* engine;
    static result_type min() { return random::Engine::min(); }
    static result_type max() { return random::Engine::max(); }
    result_type operator()() { return (*engine)(); }
};

template <class Iterator>
std::vector<HouseholdPair> collect(Iterator first, Iterator last, std::size_t expected) {
    std::vector<HouseholdPair> edges;
    edges.reserve(expected);
    for (; first != last; ++first)
        edges.emplace_back(static_cast<std::uint32_t>(first->first),
                           static_cast<std::uint32_t>(first->second));
    return edges;
}

}  // namespace

SocialGraph SocialGraph::from_edges(std::uint32_t households, std::vector<HouseholdPair> edges) {
    SocialGraph g;
    g.offsets_.assign(std::size_t{households} + 1, 0);
    // Counting sort by endpoint: degrees, prefix sums, then each edge placed from both ends.
    for (const auto& [a, b] : edges) {
        if (a >= households || b >= households)
            throw std::invalid_argument("social graph: household id " +
                                        std::to_string(std::max(a, b)) + " >= " +
                                        std::to_string(households) + " households");
        if (a == b) continue;
        ++g.offsets_[a + 1];
        ++g.offsets_[b + 1];
    }
    for (std::size_t h = 0; h < households; ++h) g.offsets_[h + 1] += g.offsets_[h];
    std::vector<std::uint64_t> fill(g.offsets_.begin(), g.offsets_.end() - 1);
    g.neighbours_.resize(g.offsets_.back());
    for (const auto& [a, b] : edges) {
        if (a == b) continue;
        g.neighbours_[fill[a]++] = b;
        g.neighbours_[fill[b]++] = a;
    }
    edges.clear();
    edges.shrink_to_fit();
    // Sort each run and drop repeats, compacting in place (runs only move left).
    std::uint64_t write = 0;
    for (std::size_t h = 0; h < households; ++h) {
        const auto begin = g.neighbours_.begin() + static_cast<std::ptrdiff_t>(g.offsets_[h]);
        const auto end = g.neighbours_.begin() + static_cast<std::ptrdiff_t>(g.offsets_[h + 1]);
        std::sort(begin, end);
        const auto unique_end = std::unique(begin, end);
        g.offsets_[h] = write;
        for (auto it = begin; it != unique_end; ++it) g.neighbours_[write++] = *it;
    }
    g.offsets_[households] = write;
    g.neighbours_.resize(write);
    g.neighbours_.shrink_to_fit();
    return g;
}

bool SocialGraph::linked(std::uint32_t a, std::uint32_t b) const {
    const auto run = neighbours(a);
    if (std::binary_search(run.begin(), run.end(), b)) return true;
    const auto it = overlay_.find(a);
    return it != overlay_.end() &&
           std::find(it->second.begin(), it->second.end(), b) != it->second.end();
}

bool SocialGraph::link(std::uint32_t a, std::uint32_t b) {
    if (a >= households() || b >= households())
        throw std::invalid_argument("social graph: household id " + std::to_string(std::max(a, b)) +
                                    " >= " + std::to_string(households()) + " households");
    if (a == b || linked(a, b)) return false;
    overlay_[a].push_back(b);
    overlay_[b].push_back(a);
    ++added_edges_;
    return true;
}

double SocialGraph::mean_degree() const {
    return households() == 0 ? 0.0 : 2.0 * static_cast<double>(edges()) / households();
}

SocialGraph watts_strogatz(std::uint32_t households, std::uint32_t k, double rewire,
                           random::Engine& engine) {
    if (k % 2 != 0 || k == 0 || k >= households)
        throw std::invalid_argument("watts_strogatz: k must be even, >= 2 and < households");
    EngineRef ref{&engine};
    using Iterator = boost::small_world_iterator<EngineRef, UndirectedTraits>;
    return SocialGraph::from_edges(
        households, collect(Iterator(ref, households, k, rewire), Iterator(),
                            std::size_t{households} * (k / 2)));
}

SocialGraph erdos_renyi(std::uint32_t households, double mean_degree, random::Engine& engine) {
    const double p = households > 1 ? mean_degree / (households - 1.0) : 0.0;
    if (!(p > 0.0 && p < 1.0))
        throw std::invalid_argument("erdos_renyi: mean_degree must be in (0, households - 1)");
    using Iterator = boost::sorted_erdos_renyi_iterator<random::Engine, UndirectedTraits>;
    return SocialGraph::from_edges(
        households,
        collect(Iterator(engine, households, p), Iterator(),
                static_cast<std::size_t>(1.1 * mean_degree * households / 2.0) + 16));
}

namespace {

// The expected degree credit plod_iterator gives a household for a given beta: x is uniform
// on {0..n-1}; x = 0 and credits below 1 become 1, credits above n - 1 become n - 1.
double plod_mean_credit(const std::vector<double>& x_power, double beta, std::uint32_t n) {
    double sum = 1.0;  // x = 0
    const double cap = n - 1.0;
    for (double xp : x_power) sum += std::clamp(std::floor(beta * xp), 1.0, cap);
    return sum / n;
}

}  // namespace

double plod_beta(std::uint32_t households, double mean_degree, double alpha) {
    if (households < 2 || !(mean_degree >= 1.0 && mean_degree <= households - 1.0) ||
        !(alpha > 0.0))
        throw std::invalid_argument(
            "power_law: needs mean_degree in [1, households - 1] and alpha > 0");
    std::vector<double> x_power(households - 1);
    for (std::uint32_t x = 1; x < households; ++x) x_power[x - 1] = std::pow(x, -alpha);
    // The mean credit grows with beta (in steps): bisect to a relative width of 1e-6.
    double lo = 0.0, hi = 1.0;
    while (plod_mean_credit(x_power, hi, households) < mean_degree && hi < 1e300) hi *= 2.0;
    while (hi - lo > 1e-6 * hi) {
        const double mid = 0.5 * (lo + hi);
        (plod_mean_credit(x_power, mid, households) < mean_degree ? lo : hi) = mid;
    }
    return hi;
}

SocialGraph power_law(std::uint32_t households, double mean_degree, double alpha,
                      random::Engine& engine) {
    const double beta = plod_beta(households, mean_degree, alpha);
    using Iterator = boost::plod_iterator<random::Engine, UndirectedTraits>;
    return SocialGraph::from_edges(
        households, collect(Iterator(engine, households, alpha, beta, false), Iterator(),
                            static_cast<std::size_t>(mean_degree * households / 2.0) + 16));
}

SocialGraph spatial(const Placement& where, double radius_km) {
    const std::size_t n = where.x.size();
    if (where.y.size() != n || where.town.size() != n)
        throw std::invalid_argument("spatial: x, y and town must have one entry per household");
    if (!(radius_km > 0.0)) throw std::invalid_argument("spatial: radius_km must be > 0");
    struct Cell {
        std::uint32_t town;
        std::int64_t cx, cy;
        std::uint32_t household;
        [[nodiscard]] auto key() const { return std::tie(town, cx, cy); }
    };
    // Cell indices are clamped to +-2^60 so that far coordinates or a tiny radius cannot
    // overflow the conversion; clamping is monotone and never widens a gap between
    // neighbouring cells, so close pairs still land in the same or adjacent cells.
    auto cell = [radius_km](float v) {
        const double c = std::floor(static_cast<double>(v) / radius_km);
        if (std::isnan(c)) throw std::invalid_argument("spatial: a coordinate is not a number");
        return static_cast<std::int64_t>(std::clamp(c, -0x1p60, 0x1p60));
    };
    std::vector<Cell> cells(n);
    for (std::size_t i = 0; i < n; ++i)
        cells[i] = {where.town[i], cell(where.x[i]), cell(where.y[i]),
                    static_cast<std::uint32_t>(i)};
    std::sort(cells.begin(), cells.end(), [](const Cell& a, const Cell& b) {
        return std::tie(a.town, a.cx, a.cy, a.household) <
               std::tie(b.town, b.cx, b.cy, b.household);
    });
    const double r2 = radius_km * radius_km;
    std::vector<HouseholdPair> edges;
    auto close = [&](std::uint32_t a, std::uint32_t b) {
        const double dx = static_cast<double>(where.x[a]) - where.x[b];
        const double dy = static_cast<double>(where.y[a]) - where.y[b];
        return dx * dx + dy * dy <= r2;
    };
    // Each cell is compared with itself and with the four neighbouring cells that sort after
    // it by (cx, cy): (0, +1), (+1, -1), (+1, 0), (+1, +1). So each pair of cells is seen once.
    static constexpr std::array<std::pair<int, int>, 4> kForward = {
        std::pair{0, 1}, std::pair{1, -1}, std::pair{1, 0}, std::pair{1, 1}};
    using Key = std::tuple<std::uint32_t, std::int64_t, std::int64_t>;
    auto by_key = [](const Cell& c, const Key& k) { return c.key() < k; };
    for (std::size_t begin = 0; begin < n;) {
        std::size_t end = begin;
        while (end < n && cells[end].key() == cells[begin].key()) ++end;
        for (std::size_t i = begin; i < end; ++i)
            for (std::size_t j = i + 1; j < end; ++j)
                if (close(cells[i].household, cells[j].household))
                    edges.emplace_back(cells[i].household, cells[j].household);
        for (const auto& [dx, dy] : kForward) {
            const Key other{cells[begin].town, cells[begin].cx + dx, cells[begin].cy + dy};
            auto it = std::lower_bound(cells.begin() + static_cast<std::ptrdiff_t>(end),
                                       cells.end(), other, by_key);
            for (; it != cells.end() && it->key() == other; ++it)
                for (std::size_t i = begin; i < end; ++i)
                    if (close(cells[i].household, it->household))
                        edges.emplace_back(cells[i].household, it->household);
        }
        begin = end;
    }
    return SocialGraph::from_edges(static_cast<std::uint32_t>(n), std::move(edges));
}

SocialGraph read_social_graph(const config::SocialGraphSpec& spec, std::uint32_t households,
                              const std::filesystem::path& scenario_dir) {
    std::filesystem::path file(spec.edges);
    if (file.is_relative()) file = scenario_dir / file;
    try {
        return SocialGraph::from_edges(households, read_edge_list(file, households));
    } catch (const EdgeListError& e) {
        throw config::ConfigError(std::vector<config::Issue>{{"social.edges", e.what()}});
    }
}

SocialGraph build_social_graph(const config::SocialGraphSpec& spec, const Placement& where,
                               const std::filesystem::path& scenario_dir,
                               random::Engine& engine) {
    const auto n = static_cast<std::uint32_t>(where.x.size());
    switch (spec.kind) {
        case config::GraphKind::none:
            return SocialGraph::from_edges(n, {});
        case config::GraphKind::watts_strogatz:
            return watts_strogatz(n, static_cast<std::uint32_t>(spec.mean_degree), spec.rewire,
                                  engine);
        case config::GraphKind::erdos_renyi:
            return erdos_renyi(n, spec.mean_degree, engine);
        case config::GraphKind::power_law:
            return power_law(n, spec.mean_degree, spec.exponent, engine);
        case config::GraphKind::spatial:
            return spatial(where, spec.radius_km);
        case config::GraphKind::edge_list:
            return read_social_graph(spec, n, scenario_dir);
    }
    throw std::logic_error("build_social_graph: unknown graph kind");
}

}  // namespace journeysim::model
