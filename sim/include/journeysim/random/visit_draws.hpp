#pragma once
// A need's own random numbers, for common random numbers between runs (docs/sweeps.md).
//
// Every draw a need makes on its way through stores (its choices, the ads it saw, the shelf
// it found, its patience, its service time, its purchase's extras, a retry) comes from a
// small generator of its own, seeded from the run's "visits" seed and the need's number. Two
// runs of the same scenario shape and seed that differ in a policy then give need n the same
// numbers in both, however many draws the policy made other needs take: a change of policy
// moves only the needs it touches. A shared engine would shift every later need's numbers.
//
// The generator is SplitMix64 (Steele, Lea & Flood 2014): a Weyl sequence through the mix
// function, 8 bytes of state, a UniformRandomBitGenerator for Boost's distributions.
#include <cstdint>
#include <limits>

#include "journeysim/random/streams.hpp"

namespace journeysim::random {

class VisitDraws {
public:
    using result_type = std::uint64_t;
    VisitDraws() = default;
    // The draws of need `key` in a run whose visits seed is `salt`.
    VisitDraws(std::uint64_t salt, std::uint64_t key) : state_(mix(salt ^ mix(key))) {}
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
    result_type operator()() { return mix(state_ += 0x9E3779B97F4A7C15ULL); }

private:
    std::uint64_t state_ = 0;
};

}  // namespace journeysim::random
