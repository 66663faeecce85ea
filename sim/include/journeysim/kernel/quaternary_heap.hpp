#pragma once
// Pending-event set: an implicit 4-ary min-heap in one contiguous vector. Four children per
// node halve the depth of a binary heap and keep siblings in one or two cache lines; the
// vector grows geometrically, so steady-state scheduling allocates nothing.
#include <cstddef>
#include <vector>

#include "journeysim/kernel/event.hpp"

namespace journeysim::kernel {

class QuaternaryHeap {
public:
    void reserve(std::size_t n) { heap_.reserve(n); }
    [[nodiscard]] bool empty() const { return heap_.empty(); }
    [[nodiscard]] std::size_t size() const { return heap_.size(); }
    [[nodiscard]] const Event& top() const { return heap_.front(); }
    void clear() { heap_.clear(); }

    void push(const Event& e) {
        std::size_t i = heap_.size();
        heap_.push_back(e);
        while (i > 0) {
            std::size_t parent = (i - 1) / 4;
            if (!before(e, heap_[parent])) break;
            heap_[i] = heap_[parent];
            i = parent;
        }
        heap_[i] = e;
    }

    void pop() {
        Event last = heap_.back();
        heap_.pop_back();
        const std::size_t n = heap_.size();
        if (n == 0) return;
        std::size_t i = 0;
        for (;;) {
            std::size_t first = 4 * i + 1;
            if (first >= n) break;
            std::size_t best = first;
            const std::size_t end = first + 4 < n ? first + 4 : n;
            for (std::size_t c = first + 1; c < end; ++c)
                if (before(heap_[c], heap_[best])) best = c;
            if (!before(heap_[best], last)) break;
            heap_[i] = heap_[best];
            i = best;
        }
        heap_[i] = last;
    }

private:
    std::vector<Event> heap_;
};

}  // namespace journeysim::kernel
