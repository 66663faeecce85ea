#include "journeysim/model/word_of_mouth.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "journeysim/random/draws.hpp"

namespace journeysim::model {

HearsayTable::HearsayTable(std::uint32_t stores, std::size_t households)
    : stores_(stores), codes_(households * stores, 0) {}

std::int16_t HearsayTable::encode(Hearsay heard) {
    const auto steps =
        static_cast<std::int32_t>(std::lround(std::clamp(heard.opinion, -1.0f, 1.0f) * kSteps));
    return static_cast<std::int16_t>(steps * 2 + (heard.aware ? 1 : 0));
}

void HearsayTable::set(std::uint32_t household, std::uint32_t store, Hearsay heard) {
    if (store >= stores_)
        throw std::out_of_range("HearsayTable: store " + std::to_string(store) + " of " +
                                std::to_string(stores_));
    const std::size_t i = std::size_t{household} * stores_ + store;
    if (i >= codes_.size()) {
        // A household joined: grow by a quarter at least, not by doubling, so a large table
        // never holds twice what it needs.
        const std::size_t rows = std::size_t{household} + 1;
        if (rows * stores_ > codes_.capacity())
            codes_.reserve(std::max(rows * stores_, codes_.capacity() + codes_.capacity() / 4));
        codes_.resize(rows * stores_, 0);
    }
    codes_[i] = encode(heard);
}

std::size_t HearsayTable::entries() const {
    return static_cast<std::size_t>(
        std::count_if(codes_.begin(), codes_.end(), [](std::int16_t c) { return c != 0; }));
}

WordOfMouth::WordOfMouth(const SocialGraph& graph, const config::WordOfMouth& params,
                         std::uint32_t stores, random::Engine& engine)
    : graph_(&graph),
      p_plain_(std::clamp(params.p_tell, 0.0, 1.0)),
      p_amplified_(std::clamp(params.p_tell * params.amplification, 0.0, 1.0)),
      weight_(static_cast<float>(std::clamp(params.opinion_weight, 0.0, 1.0))),
      engine_(&engine),
      heard_(stores, graph.households()) {}

void WordOfMouth::on_interaction(const Interaction& i) {
    if (i.store >= heard_.stores())
        throw std::out_of_range("WordOfMouth: store id " + std::to_string(i.store) + " of " +
                                std::to_string(heard_.stores()));
    const bool user = i.household < social_media_.size() && social_media_[i.household] != 0;
    tell(i.household, i.store, i.quality, user);
}

std::uint32_t WordOfMouth::tell(std::uint32_t teller, std::uint32_t store, double quality,
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
    // Who is told first, with their entries prefetched, then the updates: the entries are
    // random households' rows, so their cache misses overlap instead of following one another.
    told_.clear();
    std::uint64_t pass = gap();
    graph_->for_each_neighbour(teller, [&](std::uint32_t n) {
        if (pass > 0) {
            --pass;
            return;
        }
        pass = gap();
        heard_.prefetch(n, store);
        told_.push_back(n);
    });
    for (const std::uint32_t n : told_) {
        Hearsay h = heard_.get(n, store);
        // A convex combination of two values in [-1, 1]; the clamp only guards rounding.
        h.opinion = std::clamp(h.opinion + weight_ * (q - h.opinion), -1.0f, 1.0f);
        if (q > 0.0f) h.aware = true;
        heard_.set(n, store, h);
    }
    const auto told = static_cast<std::uint32_t>(told_.size());
    return told;
}

}  // namespace journeysim::model
