#pragma once
// What a household knows of a store: trust, when trust was last set, when it last bought
// there. Sparse: a household keeps a short singly linked list of the stores it has visited,
// so memory grows with visits, not with households x stores.
#include <cstdint>
#include <limits>
#include <vector>

namespace journeysim::model {

struct Relation {
    double trust_time = 0.0;  // day at which `trust` was current (decay runs from here)
    std::int32_t purchase_day = kNoPurchase;
    float trust = 0.0f;
    std::uint32_t next = kEnd;
    std::uint16_t store = 0;

    static constexpr std::int32_t kNoPurchase = std::numeric_limits<std::int32_t>::min();
    static constexpr std::uint32_t kEnd = std::numeric_limits<std::uint32_t>::max();
};

class Relations {
public:
    explicit Relations(std::size_t households) : first_(households, Relation::kEnd) {}

    [[nodiscard]] std::uint32_t first(std::uint32_t household) const { return first_[household]; }
    [[nodiscard]] const Relation& at(std::uint32_t index) const { return pool_[index]; }

    // The relation of `household` with `store`, created with `initial_trust` at `now` when new.
    Relation& get(std::uint32_t household, std::uint16_t store, float initial_trust, double now) {
        for (std::uint32_t i = first_[household]; i != Relation::kEnd; i = pool_[i].next)
            if (pool_[i].store == store) return pool_[i];
        Relation r;
        r.trust_time = now;
        r.trust = initial_trust;
        r.next = first_[household];
        r.store = store;
        first_[household] = static_cast<std::uint32_t>(pool_.size());
        pool_.push_back(r);
        return pool_.back();
    }

    [[nodiscard]] std::size_t size() const { return pool_.size(); }

private:
    std::vector<std::uint32_t> first_;
    std::vector<Relation> pool_;
};

}  // namespace journeysim::model
