#pragma once
// Stock (MODEL.md, "Stock"): a category with an (s, S) policy is on the shelf while units
// are; one without is found with the store's availability times the share of the range it
// carries. Selling the unit that takes stock to the reorder point orders up to S.
#include <cstdint>

#include "journeysim/random/visit_draws.hpp"

namespace journeysim::model {

class World;

// Whether the wanted item is there when the customer asks (a draw from the visit's `draws`
// for a category without a stock policy).
[[nodiscard]] bool in_stock(const World& world, std::uint32_t store, std::uint16_t category,
                            random::VisitDraws& draws);
// A unit leaves the shelf. Returns the stock slot of an order now placed (to arrive after
// the policy's lead time), or kNone.
[[nodiscard]] std::uint32_t take_from_stock(World& world, std::uint32_t store,
                                            std::uint16_t category);
// The order for the slot arrives.
void restock(World& world, std::uint32_t slot);

}  // namespace journeysim::model
