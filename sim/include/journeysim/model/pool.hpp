#pragma once
// A slab of records addressed by a stable index (what an event's target names), with a free
// list: records come and go without allocation once the pool has grown.
#include <cstdint>
#include <vector>

namespace journeysim::model {

template <class T>
class Pool {
public:
    std::uint32_t add(const T& item) {
        if (free_.empty()) {
            items_.push_back(item);
            return static_cast<std::uint32_t>(items_.size() - 1);
        }
        const std::uint32_t i = free_.back();
        free_.pop_back();
        items_[i] = item;
        return i;
    }
    void remove(std::uint32_t i) { free_.push_back(i); }
    T& operator[](std::uint32_t i) { return items_[i]; }
    const T& operator[](std::uint32_t i) const { return items_[i]; }
    // Indices ever handed out: the size a per-record side table needs.
    [[nodiscard]] std::size_t capacity() const { return items_.size(); }

private:
    std::vector<T> items_;
    std::vector<std::uint32_t> free_;
};

}  // namespace journeysim::model
