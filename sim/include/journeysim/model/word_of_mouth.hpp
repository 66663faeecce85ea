#pragma once
// Word of mouth: after an interaction of quality q with store s, household h tells each of
// its neighbours n with probability p = min(1, p_tell * (amplification if h is on social
// media, else 1)); a neighbour told moves its opinion of s toward q,
//
//     omega_ns <- omega_ns + w * (q - omega_ns)        (omega starts at 0: nothing heard)
//
// a convex step, so omega stays in [-1, 1] and after k tellings of the same q it is
// q * (1 - (1 - w)^k). A positive q is a recommendation: it also makes n aware of s.
// O(degree) per interaction.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "journeysim/config/social.hpp"
#include "journeysim/model/huge_page_allocator.hpp"
#include "journeysim/model/interactions.hpp"
#include "journeysim/model/social_graph.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

// What one household has heard of one store.
struct Hearsay {
    float opinion = 0.0f;  // omega in [-1, 1]
    bool aware = false;    // a friend recommended the store
};

// Hearsay for every (household, store): a row of 2-byte entries per household, so a choice
// reads one household's opinions of all stores from one or two cache lines, and telling a
// neighbour touches one entry. An entry keeps the opinion in 15 bits (steps of 1/16383) and
// awareness in the lowest bit; 0 is "nothing heard". Memory is households x stores x 2 bytes
// (40 MB for a million households and 20 stores): in long runs most households hear of most
// stores, where a hash of the pairs heard of took 16 bytes a pair and doubled as it grew.
// Rows are added as households are (a living population); ids are never reused.
class HearsayTable {
public:
    HearsayTable(std::uint32_t stores, std::size_t households);

    [[nodiscard]] Hearsay get(std::uint32_t household, std::uint32_t store) const {
        const std::size_t i = std::size_t{household} * stores_ + store;
        return i < codes_.size() ? decode(codes_[i]) : Hearsay{};
    }
    void set(std::uint32_t household, std::uint32_t store, Hearsay heard);
    // Starts loading h's row (for a choice), or its entry for one store (for a telling).
    void prefetch(std::uint32_t household, std::uint32_t store = 0) const {
        const std::size_t i = std::size_t{household} * stores_ + store;
        if (i < codes_.size()) __builtin_prefetch(codes_.data() + i);
    }
    [[nodiscard]] std::uint32_t stores() const { return stores_; }
    // Pairs with something heard (a scan of the table: for tests and benchmarks).
    [[nodiscard]] std::size_t entries() const;
    [[nodiscard]] std::size_t bytes() const { return codes_.capacity() * sizeof(std::int16_t); }

    static constexpr float kSteps = 16383.0f;  // opinion resolution: 1 / kSteps

private:
    static Hearsay decode(std::int16_t code) {
        return {static_cast<float>(code >> 1) / kSteps, (code & 1) != 0};
    }
    static std::int16_t encode(Hearsay heard);

    std::uint32_t stores_;
    std::vector<std::int16_t, HugePageAllocator<std::int16_t>> codes_;
};

// Listens to the store mechanics' interactions (Simulation::set_interaction_listener).
class WordOfMouth final : public InteractionListener {
public:
    // Hearsay of `stores` stores; the graph and the engine must outlive this object; draws
    // come from `engine` only.
    WordOfMouth(const SocialGraph& graph, const config::WordOfMouth& params, std::uint32_t stores,
                random::Engine& engine);

    // Who uses social media: one byte per household, nonzero for a user, kept current by the
    // owner as platforms are adopted (the view must stay valid). Empty (the default): nobody.
    void set_social_media_users(std::span<const std::uint8_t> users) { social_media_ = users; }

    // An interaction reported by the store mechanics: its household tells its neighbours,
    // amplified when it uses social media. Store ids must be below the number of stores.
    void on_interaction(const Interaction& interaction) override;

    // Household `teller` had an interaction of quality `quality` (clamped to [-1, 1]) at
    // `store`; `on_social_media`: it uses social media (amplified telling). Returns how many
    // neighbours it told. With p_tell = 0 it draws nothing and changes nothing.
    std::uint32_t tell(std::uint32_t teller, std::uint32_t store, double quality,
                       bool on_social_media);

    // What h has heard of s (nothing: opinion 0, not aware).
    [[nodiscard]] Hearsay heard(std::uint32_t household, std::uint32_t store) const {
        return heard_.get(household, store);
    }
    // omega_{h,s}: 0 when h has heard nothing of s.
    [[nodiscard]] float opinion(std::uint32_t household, std::uint32_t store) const {
        return heard_.get(household, store).opinion;
    }
    [[nodiscard]] bool aware(std::uint32_t household, std::uint32_t store) const {
        return heard_.get(household, store).aware;
    }
    void prefetch(std::uint32_t household) const { heard_.prefetch(household); }
    [[nodiscard]] const HearsayTable& hearsay() const { return heard_; }

private:
    const SocialGraph* graph_;
    double p_plain_, p_amplified_;
    float weight_;
    random::Engine* engine_;
    HearsayTable heard_;
    std::span<const std::uint8_t> social_media_;
    std::vector<std::uint32_t> told_;  // the neighbours told by the current telling
};

}  // namespace journeysim::model
