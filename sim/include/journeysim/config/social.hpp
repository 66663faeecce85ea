#pragma once
// The scenario's social fabric: the graph among households and how word of mouth travels on
// it ([social]), and the social-media platforms that spread over it ([platforms.<name>]).
// Fields, units and defaults are documented in docs/scenario.md.
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace journeysim::config {

enum class GraphKind { none, watts_strogatz, erdos_renyi, power_law, spatial, edge_list };
inline constexpr std::array<std::string_view, 5> kGeneratedGraphNames = {
    "none", "watts_strogatz", "erdos_renyi", "power_law", "spatial"};

struct SocialGraphSpec {
    GraphKind kind = GraphKind::none;
    double mean_degree = 10.0;  // Watts–Strogatz: k (an even integer); ER and PLOD: expected
    double rewire = 0.1;        // Watts–Strogatz beta
    double exponent = 0.7;      // PLOD alpha: P(degree >= d) ~ d^(-1/alpha)
    double radius_km = 0.5;     // spatial: households this close, in the same town, are linked
    std::string edges;          // edge-list file as written (relative to the scenario's directory)
};

struct WordOfMouth {
    double p_tell = 0.0;         // chance to tell each neighbour after an interaction
    double amplification = 1.0;  // p_tell multiplier for social-media users (capped at 1)
    double opinion_weight = 0.3; // w: omega <- omega + w (q - omega)
};

// Age bands of a household's adults, for platform audiences.
inline constexpr std::array<std::string_view, 4> kAgeBandNames = {"age_18_29", "age_30_49",
                                                                  "age_50_64", "age_65_up"};
inline constexpr std::array<int, 4> kAgeBandFirstAge = {18, 30, 50, 65};

// What a platform carries, which decides what it does for its users and stores.
enum class Carries : unsigned {
    reviews = 1u << 0,
    real_person = 1u << 1,           // talk to a real person at the store
    salesperson_profiles = 1u << 2,  // salesperson profiles and recommendations
    product_videos = 1u << 3,
    shopping_chat = 1u << 4,         // friends' chat while shopping
};
inline constexpr std::array<std::string_view, 5> kCarriesNames = {
    "reviews", "real_person", "salesperson_profiles", "product_videos", "shopping_chat"};

struct Platform {
    std::string name;
    double launch_day = 0.0;
    // Share of the households of each age band who are in the platform's market (Bass's m).
    std::array<double, 4> audience{1.0, 1.0, 1.0, 1.0};
    double innovation = 0.03;  // Bass p, per year
    double imitation = 0.38;   // Bass q, per year, on the share of adopted neighbours
    unsigned carries = 0;      // a set of Carries bits

    [[nodiscard]] bool has(Carries c) const { return (carries & static_cast<unsigned>(c)) != 0; }
};

struct Social {
    SocialGraphSpec graph;
    WordOfMouth word_of_mouth;
    std::vector<Platform> platforms;
    // Chance that a user of a platform carrying reviews posts a rating after an interaction.
    double review_probability = 0.2;
    // Share of wrong fits that friends' chat while shopping prevents, for its users.
    double chat_fit = 0.3;
    // Share of wrong fits that a store's product videos prevent, for users of a platform
    // carrying them buying at a store on social media.
    double video_fit = 0.3;
    // Chance that a platform user whose need a store could not meet (out of stock, or
    // nobody in reach carries it) posts a request to that store.
    double request_probability = 0.0;
};

}  // namespace journeysim::config
