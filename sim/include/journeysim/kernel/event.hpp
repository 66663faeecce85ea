#pragma once
// An event is a small plain record: the kernel orders events and hands them back, it never
// interprets kind, target or stamp (no virtual calls, no closures, no allocation per event).
#include <cstdint>

namespace journeysim::kernel {

using Time = double;  // simulated days

struct Event {
    Time time = 0.0;
    // Priority in the top 8 bits, insertion sequence in the low 56: one integer comparison
    // breaks ties deterministically by (priority, sequence) after time.
    std::uint64_t order = 0;
    std::uint32_t kind = 0;    // what happens; meaning belongs to the model
    std::uint32_t target = 0;  // whom it happens to (an index into the model's arrays)
    std::uint32_t stamp = 0;   // lazy invalidation, see stamps.hpp

    [[nodiscard]] std::uint8_t priority() const { return static_cast<std::uint8_t>(order >> 56); }
    [[nodiscard]] std::uint64_t sequence() const { return order & ((std::uint64_t{1} << 56) - 1); }
};

// Strict "happens before": (time, priority, sequence).
[[nodiscard]] inline bool before(const Event& a, const Event& b) {
    return a.time < b.time || (a.time == b.time && a.order < b.order);
}

[[nodiscard]] inline std::uint64_t make_order(std::uint8_t priority, std::uint64_t sequence) {
    return (std::uint64_t{priority} << 56) | sequence;
}

}  // namespace journeysim::kernel
