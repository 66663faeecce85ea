#pragma once
// Word of mouth: after an interaction of quality q with store s, household h tells each of
// its neighbours n with probability p = min(1, p_tell * (amplification if h is on social
// media, else 1)); a neighbour told moves its opinion of s toward q,
//
//     omega_ns <- omega_ns + w * (q - omega_ns)        (omega starts at 0: nothing heard)
//
// a convex step, so omega stays in [-1, 1] and after k tellings of the same q it is
// q * (1 - (1 - w)^k). A positive q is a recommendation: it also makes n aware of s.
// O(degree) per interaction; opinions are stored sparsely (a household hears of few stores).
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "journeysim/config/social.hpp"
#include "journeysim/model/interactions.hpp"
#include "journeysim/model/social_graph.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

// What one household has heard of one store.
struct Hearsay {
    float opinion = 0.0f;  // omega in [-1, 1]
    bool aware = false;    // a friend recommended the store
};

// Hearsay keyed by (household, store): an open-addressing hash table with linear probing.
// Memory grows with the pairs actually heard of (16 bytes a slot, at most 70% full), not with
// households x stores; lookups touch one or two cache lines.
class HearsayTable {
public:
    [[nodiscard]] const Hearsay* find(std::uint32_t household, std::uint16_t store) const;
    // The entry for (household, store), created empty when new. Valid until the next insert.
    Hearsay& at(std::uint32_t household, std::uint16_t store);
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] std::size_t bytes() const { return slots_.capacity() * sizeof(Slot); }

private:
    struct Slot {
        std::uint32_t household = kEmpty;
        std::uint16_t store = 0;
        Hearsay heard;
    };
    static constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();

    [[nodiscard]] std::size_t home(std::uint32_t household, std::uint16_t store) const;
    void grow();

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
};

// Listens to the store mechanics' interactions (Simulation::set_interaction_listener).
class WordOfMouth final : public InteractionListener {
public:
    // The graph and the engine must outlive this object; draws come from `engine` only.
    WordOfMouth(const SocialGraph& graph, const config::WordOfMouth& params,
                random::Engine& engine);

    // Who uses social media: one byte per household, nonzero for a user, kept current by the
    // owner as platforms are adopted (the view must stay valid). Empty (the default): nobody.
    void set_social_media_users(std::span<const std::uint8_t> users) { social_media_ = users; }

    // An interaction reported by the store mechanics: its household tells its neighbours,
    // amplified when it uses social media. Store ids must be below 65536.
    void on_interaction(const Interaction& interaction) override;

    // Household `teller` had an interaction of quality `quality` (clamped to [-1, 1]) at
    // `store`; `on_social_media`: it uses social media (amplified telling). Returns how many
    // neighbours it told. With p_tell = 0 it draws nothing and changes nothing.
    std::uint32_t tell(std::uint32_t teller, std::uint16_t store, double quality,
                       bool on_social_media);

    // What h has heard of s, or nullptr when nothing.
    [[nodiscard]] const Hearsay* heard(std::uint32_t household, std::uint16_t store) const {
        return heard_.find(household, store);
    }
    // omega_{h,s}: 0 when h has heard nothing of s.
    [[nodiscard]] float opinion(std::uint32_t household, std::uint16_t store) const {
        const Hearsay* e = heard_.find(household, store);
        return e ? e->opinion : 0.0f;
    }
    [[nodiscard]] bool aware(std::uint32_t household, std::uint16_t store) const {
        const Hearsay* e = heard_.find(household, store);
        return e && e->aware;
    }
    [[nodiscard]] const HearsayTable& hearsay() const { return heard_; }

private:
    const SocialGraph* graph_;
    double p_plain_, p_amplified_;
    float weight_;
    random::Engine* engine_;
    HearsayTable heard_;
    std::span<const std::uint8_t> social_media_;
};

}  // namespace journeysim::model
