#include "journeysim/model/stock.hpp"

#include "journeysim/model/world.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

bool in_stock(const World& world, std::uint32_t store, std::uint16_t category,
              random::VisitDraws& draws) {
    if (world.sc.stores[store].stock[category])
        return world.stock[world.stock_slot(store, category)] > 0;
    // The wanted item is in the store's range, and then on the shelf.
    const auto& st = world.stores[store];
    return random::bernoulli(draws, st.availability * st.range[category]);
}

std::uint32_t take_from_stock(World& world, std::uint32_t store, std::uint16_t category) {
    const auto& policy = world.sc.stores[store].stock[category];
    if (!policy) return kNone;
    const std::size_t slot = world.stock_slot(store, category);
    --world.stock[slot];
    if (world.stock[slot] > policy->reorder_point || world.on_order[slot] != 0) return kNone;
    world.on_order[slot] = policy->order_up_to - world.stock[slot];
    return static_cast<std::uint32_t>(slot);
}

void restock(World& world, std::uint32_t slot) {
    world.stock[slot] += world.on_order[slot];
    world.on_order[slot] = 0;
}

}  // namespace journeysim::model
