// [markets.<name>]: `stores`, a list of store names. Given any market, every store belongs to
// exactly one, so that every share has a market to be a share of.
#include <algorithm>

#include "readers.hpp"

namespace journeysim::config {

std::vector<Market> read_markets(TableReader& root, const Scenario& sc) {
    std::vector<Market> markets;
    const std::vector<std::string> store_names = names_of(sc.stores);
    std::vector<std::string> market_of(sc.stores.size());
    for (auto& [name, t] : root.entries("markets")) {
        Market m{name, {}};
        if (auto stores = t.names("stores", store_names)) {
            for (const int s : *stores) {
                auto& owner = market_of[static_cast<std::size_t>(s)];
                if (!owner.empty()) {
                    t.error("stores", "store '" + store_names[static_cast<std::size_t>(s)] +
                                          "' is already in market '" + owner + "'");
                    continue;
                }
                owner = name;
                m.stores.push_back(s);
            }
        } else {
            t.error("stores", "missing: the market's stores, a list of store names");
        }
        markets.push_back(std::move(m));
    }
    if (markets.empty()) return markets;
    for (std::size_t s = 0; s < sc.stores.size(); ++s)
        if (market_of[s].empty())
            root.error("markets", "store '" + store_names[s] +
                                      "' is in no market (with markets, every store is in one)");
    return markets;
}

}  // namespace journeysim::config
