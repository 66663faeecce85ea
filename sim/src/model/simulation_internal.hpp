#pragma once
// Constants the simulation_*.cpp files share.
#include <cstdint>

namespace journeysim::model::detail {

inline constexpr double kMinutesPerDay = 1440.0;
// A need gives up after this many stores, whatever the retry probability: referrals between
// stores beyond the 64 tracked in Visit::excluded could otherwise go round in a circle.
inline constexpr int kMaxStores = 8;

// A store's bit in Visit::excluded (stores past 64 are not tracked).
inline std::uint64_t bit(std::uint32_t store) {
    return store < 64 ? std::uint64_t{1} << store : 0;
}

}  // namespace journeysim::model::detail
