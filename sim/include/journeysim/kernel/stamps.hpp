#pragma once
// Lazy invalidation: instead of removing an event from the heap, the model bumps the stamp of
// its target; an event whose stamp no longer matches is stale and is skipped when it pops.
// Cancelling is O(1) and the heap stays a plain heap.
#include <cstdint>
#include <vector>

#include "journeysim/kernel/event.hpp"

namespace journeysim::kernel {

class Stamps {
public:
    explicit Stamps(std::size_t targets = 0) : stamps_(targets, 0) {}
    void resize(std::size_t targets) { stamps_.resize(targets, 0); }
    [[nodiscard]] std::uint32_t current(std::uint32_t target) const { return stamps_[target]; }
    // Invalidates every pending event of `target`; returns the stamp for new events.
    std::uint32_t cancel_all(std::uint32_t target) { return ++stamps_[target]; }
    [[nodiscard]] bool is_current(const Event& e) const { return stamps_[e.target] == e.stamp; }

private:
    std::vector<std::uint32_t> stamps_;
};

}  // namespace journeysim::kernel
