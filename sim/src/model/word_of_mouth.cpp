#include "journeysim/model/word_of_mouth.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "journeysim/random/draws.hpp"

namespace journeysim::model {

std::size_t HearsayTable::home(std::uint32_t household, std::uint16_t store) const {
    // A household's stores sit side by side from a place hashed from the household alone: a
    // choice looks up every store for one household, and this way touches one or two cache
    // lines instead of one per store.
    return static_cast<std::size_t>(random::mix(household) + store) & (slots_.size() - 1);
}

const Hearsay* HearsayTable::find(std::uint32_t household, std::uint16_t store) const {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = home(household, store);; i = (i + 1) & mask) {
        const Slot& s = slots_[i];
        if (s.household == kEmpty) return nullptr;
        if (s.household == household && s.store == store) return &s.heard;
    }
}

Hearsay& HearsayTable::at(std::uint32_t household, std::uint16_t store) {
    if (household == kEmpty) throw std::out_of_range("HearsayTable: household id reserved");
    // Grow before the table is 70% full, so probe runs stay short (Knuth's analysis of
    // linear probing: ~1.5 probes for a hit at that load).
    if (10 * (size_ + 1) > 7 * slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = home(household, store);; i = (i + 1) & mask) {
        Slot& s = slots_[i];
        if (s.household == household && s.store == store) return s.heard;
        if (s.household == kEmpty) {
            s.household = household;
            s.store = store;
            ++size_;
            return s.heard;
        }
    }
}

void HearsayTable::grow() {
    std::vector<Slot> old = std::exchange(
        slots_, std::vector<Slot>(std::max<std::size_t>(16, 2 * slots_.size())));
    const std::size_t mask = slots_.size() - 1;
    // Re-inserted in the old table's slot order: deterministic, like every insert.
    for (const Slot& s : old) {
        if (s.household == kEmpty) continue;
        std::size_t i = home(s.household, s.store);
        while (slots_[i].household != kEmpty) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

WordOfMouth::WordOfMouth(const SocialGraph& graph, const config::WordOfMouth& params,
                         random::Engine& engine)
    : graph_(&graph),
      p_plain_(std::clamp(params.p_tell, 0.0, 1.0)),
      p_amplified_(std::clamp(params.p_tell * params.amplification, 0.0, 1.0)),
      weight_(static_cast<float>(std::clamp(params.opinion_weight, 0.0, 1.0))),
      engine_(&engine) {}

void WordOfMouth::on_interaction(const Interaction& i) {
    if (i.store > std::numeric_limits<std::uint16_t>::max())
        throw std::out_of_range("WordOfMouth: store id " + std::to_string(i.store) +
                                " does not fit the hearsay table");
    const bool user = i.household < social_media_.size() && social_media_[i.household] != 0;
    tell(i.household, static_cast<std::uint16_t>(i.store), i.quality, user);
}

std::uint32_t WordOfMouth::tell(std::uint32_t teller, std::uint16_t store, double quality,
                                bool on_social_media) {
    const double p = on_social_media ? p_amplified_ : p_plain_;
    if (p <= 0.0) return 0;
    const auto q = static_cast<float>(std::clamp(quality, -1.0, 1.0));
    // Each neighbour is told with probability p, independently, so the runs of neighbours
    // passed over between two told are geometric: one draw per neighbour told (and one
    // more) instead of one per neighbour. P(gap = k) = (1 - p)^k p.
    const double log_miss = std::log1p(-p);  // -inf when p = 1: every gap is 0
    const auto gap = [&]() -> std::uint64_t {
        if (p >= 1.0) return 0;
        const double k = std::floor(std::log1p(-random::uniform01(*engine_)) / log_miss);
        return k < 1e18 ? static_cast<std::uint64_t>(k) : std::numeric_limits<std::uint64_t>::max();
    };
    std::uint64_t pass = gap();
    std::uint32_t told = 0;
    graph_->for_each_neighbour(teller, [&](std::uint32_t n) {
        if (pass > 0) {
            --pass;
            return;
        }
        pass = gap();
        Hearsay& h = heard_.at(n, store);
        // A convex combination of two values in [-1, 1]; the clamp only guards rounding.
        h.opinion = std::clamp(h.opinion + weight_ * (q - h.opinion), -1.0f, 1.0f);
        if (q > 0.0f) h.aware = true;
        ++told;
    });
    return told;
}

}  // namespace journeysim::model
