#pragma once
// Markets: groups of stores that compete with each other (twin towns, regions). With
// markets, a store's share is its share of its own market's purchases.
#include <string>
#include <vector>

namespace journeysim::config {

struct Market {
    std::string name;
    std::vector<int> stores;  // indices into Scenario::stores
};

}  // namespace journeysim::config
