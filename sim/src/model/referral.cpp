#include "journeysim/model/referral.hpp"

#include "journeysim/model/choice.hpp"
#include "journeysim/model/pricing.hpp"
#include "journeysim/model/world.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

std::int32_t referral_target(const World& world, const Visit& v, double t, bool better_only) {
    const auto& sc = world.sc;
    const auto likely = [&](std::uint32_t s) {
        if (sc.stores[s].stock[v.category])
            return world.stock[world.stock_slot(s, v.category)] > 0 ? 1.0 : 0.0;
        return world.stores[s].availability * world.stores[s].range[v.category];
    };
    const double own_price = list_price(world, v.store, v.category);
    const double own_likely = likely(v.store);
    const double threshold = sc.stores[v.store].refer_better_threshold;
    // Whether the household would go to s, s may have it, and (refer_better) s is better.
    const auto qualifies = [&](std::uint32_t s, double& km, double& p) {
        if (s == v.store || !considers(world, s, v, t, km) || !comes_in_time(world, s, v, t))
            return false;
        p = likely(s);
        if (p <= 0.0) return false;
        return !better_only ||
               (list_price(world, s, v.category) < own_price * (1.0 - threshold) &&
                p >= own_likely);
    };
    double km, p;
    for (const int partner : sc.stores[v.store].refer_to)
        if (qualifies(static_cast<std::uint32_t>(partner), km, p)) return partner;
    std::int32_t best = -1;
    double best_likely = 0.0, best_km = 0.0;
    for (std::uint32_t s = 0; s < world.store_count(); ++s) {
        if (!qualifies(s, km, p)) continue;
        if (best < 0 || p > best_likely || (p == best_likely && km < best_km))
            best = static_cast<std::int32_t>(s), best_likely = p, best_km = km;
    }
    return best;
}

AfterService after_service(const World& world, const Visit& v, bool available, double t,
                           random::VisitDraws& draws) {
    const auto policy = world.stores[v.store].referral;  // a timeline event may change it
    const auto& spec = world.sc.stores[v.store];
    std::int32_t target = -1;
    const bool refers =
        policy == config::Referral::refer || policy == config::Referral::refer_better;
    if (!available && refers)
        target = referral_target(world, v, t, false);
    else if (available && policy == config::Referral::refer_better)
        target = referral_target(world, v, t, true);  // sent on even though it could sell
    if (available && target < 0) return {AfterService::kSell};
    if (target >= 0) return {AfterService::kRefer, target};
    if (policy == config::Referral::special_order && t + spec.special_order_days <= v.deadline)
        return {AfterService::kSpecialOrder};
    if (policy == config::Referral::push_substitute &&
        random::bernoulli(draws, spec.substitute_sale_probability))
        return {AfterService::kSubstitute};
    return {AfterService::kLost};
}

}  // namespace journeysim::model
