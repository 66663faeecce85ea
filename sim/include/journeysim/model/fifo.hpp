#pragma once
// A first-in first-out queue on a ring buffer that only grows: after warm-up, queueing and
// serving customers allocates nothing.
#include <cstddef>
#include <vector>

namespace journeysim::model {

template <class T>
class Fifo {
public:
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] std::size_t size() const { return size_; }

    void push(const T& value) {
        if (size_ == ring_.size()) grow();
        ring_[(head_ + size_) & (ring_.size() - 1)] = value;
        ++size_;
    }

    T pop() {
        T value = ring_[head_];
        head_ = (head_ + 1) & (ring_.size() - 1);
        --size_;
        return value;
    }

private:
    void grow() {
        std::vector<T> bigger(ring_.empty() ? 16 : ring_.size() * 2);
        for (std::size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
        ring_.swap(bigger);
        head_ = 0;
    }

    std::vector<T> ring_;  // capacity is a power of two
    std::size_t head_ = 0, size_ = 0;
};

}  // namespace journeysim::model
