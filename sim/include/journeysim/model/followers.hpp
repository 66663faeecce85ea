#pragma once
// A salesperson's followers (MODEL.md, "Staff"): when she moves to another store, the
// households who trust her there follow with her `followers` probability, and all who follow
// her profile on a platform carrying salesperson profiles. Their trust in the old store,
// built with her, becomes trust in the new one.
#include <cstdint>

#include "journeysim/random/streams.hpp"

namespace journeysim::model {

class World;

// Moves `person`'s followers from `from_store` to `to_store` on day t, each drawn from
// `staff` with probability `share` (profile followers always follow).
void transfer_followers(World& world, std::int32_t person, std::uint32_t from_store,
                        std::uint32_t to_store, double share, double t, random::Engine& staff);

}  // namespace journeysim::model
