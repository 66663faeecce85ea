#include "social_config.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace journeysim::config {

namespace {

// More friends than this per household would be a typo, and would cost gigabytes at scale.
constexpr double kMaxDegree = 1000.0;

struct KindUse {
    std::string_view key;
    std::initializer_list<GraphKind> kinds;
    std::string_view kinds_text;
};

// Which parameters each generator reads; any other given with it is an error, so a scenario
// never carries a knob that silently does nothing.
const std::array<KindUse, 4> kParameterUse = {{
    {"mean_degree",
     {GraphKind::watts_strogatz, GraphKind::erdos_renyi, GraphKind::power_law},
     "watts_strogatz, erdos_renyi or power_law"},
    {"rewire", {GraphKind::watts_strogatz}, "watts_strogatz"},
    {"exponent", {GraphKind::power_law}, "power_law"},
    {"radius_km", {GraphKind::spatial}, "spatial"},
}};

SocialGraphSpec read_graph(TableReader& t, const Scenario& sc) {
    SocialGraphSpec g;
    const auto edges = t.text("edges");
    const bool named = t.has("graph");
    // A misspelt kind is reported by choice(): then which parameters belong to it is unknown,
    // and they are not reported again.
    const auto kind = t.choice<GraphKind>("graph", kGeneratedGraphNames);
    const bool misspelt = named && !kind;
    g.kind = kind.value_or(GraphKind::none);
    if (edges) {
        if (named) t.error("edges", "give either graph or edges, not both");
        if (edges->empty() || edges->find('\0') != std::string::npos)
            t.error("edges", "must name a file (a path relative to the scenario's directory)");
        g.kind = GraphKind::edge_list;
        g.edges = *edges;
    }
    const std::string graph_is =
        g.kind == GraphKind::edge_list
            ? "an edge list"
            : "\"" + std::string(kGeneratedGraphNames[static_cast<std::size_t>(g.kind)]) + "\"";
    for (const auto& use : kParameterUse) {
        if (!t.has(use.key) || misspelt) continue;
        if (std::find(use.kinds.begin(), use.kinds.end(), g.kind) == use.kinds.end())
            t.error(use.key, "only used with graph = " + std::string(use.kinds_text) +
                                 " (graph is " + graph_is + ")");
    }
    const double households = static_cast<double>(sc.households.count);
    g.mean_degree = t.number("mean_degree", g.mean_degree, Range::at_least(1.0, kMaxDegree));
    const bool uses_degree = g.kind == GraphKind::watts_strogatz ||
                             g.kind == GraphKind::erdos_renyi || g.kind == GraphKind::power_law;
    if (uses_degree && g.mean_degree >= households - 1.0)
        t.error("mean_degree", "must be < households.count - 1 (" +
                                   format_number(households - 1.0) + ") (got " +
                                   format_number(g.mean_degree) + ")");
    if (g.kind == GraphKind::watts_strogatz &&
        (g.mean_degree < 2.0 || std::fmod(g.mean_degree, 2.0) != 0.0))
        t.error("mean_degree", "must be an even whole number >= 2 for watts_strogatz (k/2 "
                               "neighbours on each side) (got " +
                                   format_number(g.mean_degree) + ")");
    g.rewire = t.number("rewire", g.rewire, Range::unit());
    g.exponent = t.number("exponent", g.exponent, Range::above(0.0, 1.0));
    g.radius_km = t.number("radius_km", g.radius_km, Range::above(0.0));
    if (g.kind == GraphKind::spatial) {
        for (const auto& town : sc.towns) {
            const double degree = spatial_degree(sc, town, g.radius_km);
            if (degree > kMaxDegree) {
                t.error("radius_km", "links about " + format_number(std::round(degree)) +
                                         " neighbours per household in town '" + town.name +
                                         "' (at most " + format_number(kMaxDegree) +
                                         "): choose a smaller radius");
                break;
            }
        }
    }
    return g;
}

WordOfMouth read_word_of_mouth(TableReader& t) {
    WordOfMouth w;
    w.p_tell = t.number("p_tell", w.p_tell, Range::unit());
    w.amplification = t.number("amplification", w.amplification, Range::at_least(0.0, 100.0));
    w.opinion_weight = t.number("opinion_weight", w.opinion_weight, Range::unit());
    return w;
}

// `carries = ["reviews", ...]`: a list of known words; a repeat is harmless and kept once.
unsigned read_carries(TableReader& t) {
    static const std::vector<std::string> kWords(kCarriesNames.begin(), kCarriesNames.end());
    unsigned carries = 0;
    for (int index : t.names("carries", kWords).value_or(std::vector<int>{}))
        carries |= 1u << index;
    return carries;
}

std::vector<Platform> read_platforms(TableReader& root, int start_year) {
    std::vector<Platform> platforms;
    for (auto& [name, t] : root.entries("platforms")) {
        Platform p{name};
        p.launch_day = t.day("launch", start_year).value_or(0.0);
        p.innovation = t.number("innovation", p.innovation, Range::at_least(0.0, 10.0));
        p.imitation = t.number("imitation", p.imitation, Range::at_least(0.0, 100.0));
        TableReader audience = t.table("audience");
        for (std::size_t band = 0; band < kAgeBandNames.size(); ++band)
            p.audience[band] = audience.number(kAgeBandNames[band], 1.0, Range::unit());
        audience.finish();
        p.carries = read_carries(t);
        platforms.push_back(std::move(p));
    }
    return platforms;
}

}  // namespace

double spatial_degree(const Scenario& sc, const Town& town, double r) {
    const double in_town = static_cast<double>(sc.households.count) * town.share;
    const double area = town.radius_km * town.radius_km;
    const double covered = area <= 0.0 ? 1.0 : std::min(1.0, r * r / area);
    return in_town * covered;
}

Social read_social(TableReader& root, const Scenario& sc) {
    Social s;
    {
        TableReader t = root.table("social");
        s.graph = read_graph(t, sc);
        s.word_of_mouth = read_word_of_mouth(t);
        s.review_probability = t.number("review_probability", s.review_probability, Range::unit());
        s.chat_fit = t.number("chat_fit", s.chat_fit, Range::unit());
        s.video_fit = t.number("video_fit", s.video_fit, Range::unit());
        s.request_probability =
            t.number("request_probability", s.request_probability, Range::unit());
    }
    s.platforms = read_platforms(root, sc.simulation.start_year);
    return s;
}

}  // namespace journeysim::config
