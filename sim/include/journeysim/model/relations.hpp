#pragma once
// What a household knows of a store: trust, when trust was last set, the day it last bought
// there, who served it last. Sparse: a household holds relations only with stores it has
// visited, so memory grows with visits, not with households x stores.
//
// Relations live in cache-line blocks of three, chained per household (newest block
// first): reading all of a household's relations, which every choice does, costs one cache
// miss for most households instead of one per store. Each household's newest block sits at
// its own index (heads_[h]), so that miss needs no index lookup before it and can be started
// early (prefetch); older blocks are chained from it.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "journeysim/model/huge_page_allocator.hpp"

namespace journeysim::model {

struct Relation {
    float trust = 0.0f;
    float trust_time = 0.0f;  // day at which `trust` was current (decay runs from here)
    std::int32_t purchase_day = kNoPurchase;
    std::int32_t salesperson = kNobody;  // the member of staff who served it last
    std::uint16_t store = kNoStore;
    std::uint8_t flags = 0;              // kCardHolder
    std::int8_t opinion = 0;             // reserved: word of mouth, in 1/127ths

    static constexpr std::int32_t kNoPurchase = std::numeric_limits<std::int32_t>::min();
    static constexpr std::int32_t kNobody = -1;
    static constexpr std::uint16_t kNoStore = std::numeric_limits<std::uint16_t>::max();
    static constexpr std::uint8_t kCardHolder = 1;

    // Times are stored as float (a quarter of an hour of resolution after 500 years), rounded
    // down so that trust never appears to have been set in the future: decay never grows it.
    [[nodiscard]] static float stored_time(double t) {
        const auto f = static_cast<float>(t);
        return static_cast<double>(f) > t ? std::nextafter(f, -std::numeric_limits<float>::infinity())
                                          : f;
    }
};

class Relations {
public:
    explicit Relations(std::size_t households) : heads_(households) {}
    // Room for households up to `households` (ids made during the run), with no relations.
    void grow(std::size_t households) { heads_.resize(std::max(heads_.size(), households)); }

    // Starts loading a household's newest block, for a choice about to read it.
    // (Forced inline: see Households::prefetch.)
    [[gnu::always_inline]] void prefetch(std::uint32_t household) const {
        __builtin_prefetch(&heads_[household]);
    }
    // Starts loading the block after the newest, which a household that knows more than three
    // stores reads next. The newest holds the link: call it once that has arrived.
    [[gnu::always_inline]] void prefetch_older(std::uint32_t household) const {
        if (const Block* b = older(heads_[household])) __builtin_prefetch(b);
    }

    template <class Visit>
    void for_each(std::uint32_t household, Visit&& visit) const {
        for (const Block* b = &heads_[household]; b; b = older(*b))
            for (const Relation& r : b->slots) {
                if (r.store == Relation::kNoStore) break;
                visit(r);
            }
    }

    [[nodiscard]] const Relation* find(std::uint32_t household, std::uint16_t store) const {
        for (const Block* b = &heads_[household]; b; b = older(*b))
            for (const Relation& r : b->slots)
                if (r.store == store) return &r;
        return nullptr;
    }

    // The relation of `household` with `store`, created with `initial_trust` at `now` when
    // new. The reference is valid until the next call that creates a relation.
    Relation& get(std::uint32_t household, std::uint16_t store, float initial_trust, double now) {
        if (const Relation* r = find(household, store)) return const_cast<Relation&>(*r);
        Block& head = heads_[household];
        if (head.slots[kSlots - 1].store != Relation::kNoStore) {
            // The newest block is full: its relations move to an older block, and it starts
            // over empty (so the newest still come first).
            head = Block{.slots = {}, .next = older_.push_back(head)};
        }
        Relation* slot = head.slots.data();
        while (slot->store != Relation::kNoStore) ++slot;
        *slot = Relation{};
        slot->trust = initial_trust;
        slot->trust_time = Relation::stored_time(now);
        slot->store = store;
        return *slot;
    }

private:
    static constexpr std::uint32_t kEnd = std::numeric_limits<std::uint32_t>::max();
    static constexpr std::uint32_t kSlots = 3;
    // Three 20-byte relations and a link: one cache line. An empty slot has store kNoStore;
    // slots fill in order.
    struct alignas(64) Block {
        std::array<Relation, kSlots> slots{};
        std::uint32_t next = kEnd;  // index in older_
    };
    static_assert(sizeof(Relation) == 20 && sizeof(Block) == 64);

    // Blocks that filled up, in chunks of 2 MiB that never move: a vector of blocks would
    // hold its old and new buffers at once each time it doubled, the largest transient of a
    // long run (hundreds of megabytes at a million households).
    class OlderBlocks {
    public:
        std::uint32_t push_back(const Block& b) {
            if (size_ % kPerChunk == 0) chunks_.emplace_back(kPerChunk);
            chunks_.back()[size_ % kPerChunk] = b;
            return size_++;
        }
        const Block& operator[](std::uint32_t i) const {
            return chunks_[i / kPerChunk][i % kPerChunk];
        }

    private:
        static constexpr std::uint32_t kPerChunk =
            HugePageAllocator<Block>::kHugePage / sizeof(Block);
        std::vector<std::vector<Block, HugePageAllocator<Block>>> chunks_;
        std::uint32_t size_ = 0;
    };

    [[nodiscard]] const Block* older(const Block& b) const {
        return b.next == kEnd ? nullptr : &older_[b.next];
    }

    std::vector<Block, HugePageAllocator<Block>> heads_;  // [household]: its newest relations
    OlderBlocks older_;                                   // each chained from a newer block
};

}  // namespace journeysim::model
