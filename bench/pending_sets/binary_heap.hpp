#pragma once
// The textbook pending-event set: a binary min-heap through std::priority_queue, kept to
// measure what the engine's 4-ary heap (kernel/quaternary_heap.hpp) buys.
#include <cstddef>
#include <queue>
#include <vector>

#include "journeysim/kernel/event.hpp"

namespace journeysim::bench {

class BinaryHeap {
public:
    void reserve(std::size_t n) {
        std::vector<kernel::Event> storage;
        storage.reserve(n);
        heap_ = Queue(Later{}, std::move(storage));
    }
    [[nodiscard]] bool empty() const { return heap_.empty(); }
    [[nodiscard]] std::size_t size() const { return heap_.size(); }
    [[nodiscard]] const kernel::Event& top() const { return heap_.top(); }
    void push(const kernel::Event& e) { heap_.push(e); }
    void pop() { heap_.pop(); }
    void clear() { heap_ = Queue(); }

private:
    // std::priority_queue keeps the greatest on top: "less" must mean "happens later".
    struct Later {
        bool operator()(const kernel::Event& a, const kernel::Event& b) const {
            return kernel::before(b, a);
        }
    };
    using Queue = std::priority_queue<kernel::Event, std::vector<kernel::Event>, Later>;
    Queue heap_;
};

}  // namespace journeysim::bench
