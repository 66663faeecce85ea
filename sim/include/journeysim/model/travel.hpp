#pragma once
// Travel time (docs/model.md, "Travel"): with a travel speed, a trip to a store takes its
// distance over the speed: from home for a need's first store, from the store that turned
// the customer away (or referred her) for the next. An online store is reached at once.
// Without a speed, travel takes no time and every trip arrives at once, as before.
#include <cstdint>

namespace journeysim::model {

class World;
struct Visit;

// Days the visit's household takes to reach `store`: from home when the visit has tried no
// store yet, else from the store it was last at (v.store). 0 without a travel speed.
[[nodiscard]] double travel_days(const World& world, const Visit& v, std::uint32_t store);

}  // namespace journeysim::model
