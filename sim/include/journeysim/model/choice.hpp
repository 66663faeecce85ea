#pragma once
// Where a household goes with a need (docs/model.md, "Choice"): the stores it considers
// (open now, carrying the category, within reach, not yet tried) and knows of, weighed by a
// multinomial logit over their utilities.
#include <cstdint>
#include <vector>

#include "journeysim/random/visit_draws.hpp"

namespace journeysim::model {

class World;
struct Visit;
struct Hearsay;

// Which of choice's per-store terms some store brings in, worked out once per run and again
// whenever the timeline changes a store, so that a term no store has costs nothing per choice
// (hoisted out of the loop over stores; docs/performance.md, "Paying only for what is used").
struct ChoiceTerms {
    bool awareness = false;  // some store is not known to every household from the start
    bool policies = false;   // some store runs sales, matches prices or finances everyone
    bool online = false;     // some store is online: a relationship there needs a real person
};
[[nodiscard]] ChoiceTerms choice_terms(const World& world);

// Scratch space for choose_store, one slot per store, kept between choices.
struct ChoiceScratch {
    explicit ChoiceScratch(std::size_t stores) : utility(stores), weight(stores), aware(stores) {}
    std::vector<double> utility, weight;
    std::vector<std::uint8_t> aware;  // aware of a sale at the store
};

// Whether goods ordered at `store` on day t come by the need's deadline: at once in a shop,
// `delivery_days` later from an online store.
[[nodiscard]] bool comes_in_time(const World& world, std::uint32_t store, const Visit& v, double t);

// Whether the visit's household would go to the store on day t: open for business (at some
// hour of the day: choose_store also asks for its hours), carrying the category, not tried yet
// and within reach; `km` is how far it is (0 online).
[[nodiscard]] bool considers(const World& world, std::uint32_t store, const Visit& v, double t,
                             double& km);
// Whether h knows the store at all: known from the start, recommended by a friend
// (`heard`: what h heard of it), or visited before.
[[nodiscard]] bool knows(const World& world, std::uint32_t household, std::uint32_t store,
                         const Hearsay& heard);
// The store the visit's household chooses on day t, or kNone when it considers none; the
// logit's uniform and the ads it saw are drawn from `draws` (the visit's own).
[[nodiscard]] std::uint32_t choose_store(const World& world, const Visit& v, double t,
                                         random::VisitDraws& draws, ChoiceScratch& scratch);

}  // namespace journeysim::model
