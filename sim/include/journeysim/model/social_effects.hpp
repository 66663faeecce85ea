#pragma once
// What the social fabric does to shopping (docs/model.md, "Social fabric"): platforms a
// household has adopted, the opinion and review terms of its utility, reviews posted after
// a visit, chat and product videos that prevent wrong fits, requests posted about what a
// store lacks, and a listening store learning from them.
#include <cstdint>

#include "journeysim/random/streams.hpp"

namespace journeysim::model {

class World;
struct Visit;
struct Hearsay;

// Household h has adopted platform i: what it carries is now h's to use.
void use_platform(World& world, std::uint32_t household, std::uint32_t platform);
// Word of mouth and reviews: the utility h gets from what others say about the store.
[[nodiscard]] double social_utility(const World& world, std::uint32_t household,
                                    std::uint32_t store, const Hearsay& heard);
// A review reader rates the store after an interaction of this quality, with the scenario's
// review probability: 3 + 2q stars.
void post_review(World& world, std::uint32_t household, std::uint32_t store, double quality,
                 random::Engine& social);
// Chance of a right fit when served on day t at the store with this expertise: friends' chat
// while shopping and the store's product videos each prevent a share of the wrong ones.
[[nodiscard]] double right_fit(const World& world, std::uint32_t household, std::uint32_t store,
                               double expertise, double t);
// Posted requests: h, a platform user whose need of the category the store could not meet,
// may post one. request_elsewhere() posts it to the store h trusts most among those it
// knows that do not carry all of the category (when no store in reach carries it).
void post_request(World& world, std::uint32_t household, std::uint32_t store,
                  std::uint16_t category, random::Engine& social);
void request_elsewhere(World& world, const Visit& v, double t, random::Engine& social);
// Listening: availability and range move toward observed demand (lost sales and requests)
// over the period of `years` that ends on day t.
void learn_from_period(World& world, std::uint32_t store, double years, double t);

}  // namespace journeysim::model
