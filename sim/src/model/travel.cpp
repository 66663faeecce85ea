#include "journeysim/model/travel.hpp"

#include <cmath>

#include "journeysim/model/world.hpp"

namespace journeysim::model {

double travel_days(const World& world, const Visit& v, std::uint32_t store) {
    const double speed = world.travel_speed(v.household);
    const Storefront& to = world.fronts[store];
    if (speed <= 0.0 || to.online) return 0.0;
    double x, y;
    if (v.excluded == 0) {
        const Traits& home = world.households[v.household];
        x = home.x, y = home.y;
    } else {
        const Storefront& from = world.fronts[v.store];
        x = from.x, y = from.y;
    }
    const double km = std::sqrt((to.x - x) * (to.x - x) + (to.y - y) * (to.y - y));
    return km / speed / 24.0;
}

}  // namespace journeysim::model
