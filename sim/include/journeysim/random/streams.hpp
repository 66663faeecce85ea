#pragma once
// Named random streams. Every purpose in a run (household creation, needs, choice, service)
// draws from its own engine, seeded from (root seed, replication, stream name), so adding a
// draw to one mechanism never shifts the numbers another mechanism sees.
//
// Derivation (documented in docs/architecture.md):
//   seed = mix(mix(mix(root) ^ (replication + 1) * G) ^ fnv1a64(name))
// where mix is the SplitMix64 finaliser (Steele, Lea & Flood 2014), G = 0x9E3779B97F4A7C15
// and fnv1a64 is the 64-bit FNV-1a hash of the stream name's bytes.
#include <boost/random/mersenne_twister.hpp>
#include <cstdint>
#include <string_view>

namespace journeysim::random {

using Engine = boost::random::mt19937_64;

// SplitMix64's output function: a bijective 64-bit mixer.
[[nodiscard]] constexpr std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

[[nodiscard]] constexpr std::uint64_t fnv1a64(std::string_view s) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ULL;
    return h;
}

[[nodiscard]] constexpr std::uint64_t stream_seed(std::uint64_t root, std::uint64_t replication,
                                                  std::string_view stream) {
    const std::uint64_t per_replication =
        mix(mix(root) ^ ((replication + 1) * 0x9E3779B97F4A7C15ULL));
    return mix(per_replication ^ fnv1a64(stream));
}

[[nodiscard]] inline Engine make_engine(std::uint64_t seed) { return Engine(seed); }

}  // namespace journeysim::random
