#pragma once
// Referral policies (MODEL.md, "Referral policies"): what a store does when a service ends
// and it cannot sell the wanted item (or, under refer_better, when a competitor would serve
// the customer better): send the customer to a competitor, special-order the item, push a
// substitute, or let the sale go. Adding a policy: a config::Referral value, its branch in
// after_service, its reader entry in config/store_config.cpp, a test in
// tests/cpp/model/referral_test.cpp, docs/model.md.
#include <cstdint>

#include "journeysim/random/visit_draws.hpp"

namespace journeysim::model {

class World;
struct Visit;

// The store the visit's store refers it to on day t: its first partner (`refer_to`) that the
// household would consider and that may have the item, else the competitor most likely to
// have it (then the nearest); with `better_only`, only one cheaper by more than the store's
// threshold and at least as likely to have it. -1: none.
[[nodiscard]] std::int32_t referral_target(const World& world, const Visit& v, double t,
                                           bool better_only);

struct AfterService {
    enum Kind : std::uint8_t { kSell, kRefer, kSpecialOrder, kSubstitute, kLost } kind;
    std::int32_t target = -1;  // kRefer: the store referred to
};
// What the visit's store does on day t when its service ends, the item `available` or not.
// A substitute sale is drawn from the visit's `draws`.
[[nodiscard]] AfterService after_service(const World& world, const Visit& v, bool available,
                                          double t, random::VisitDraws& draws);

}  // namespace journeysim::model
