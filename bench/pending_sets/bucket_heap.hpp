#pragma once
// A heap for the near future over unsorted time buckets for the rest (in the spirit of the
// ladder queue of Tang, Goh & Thng, ACM TOMACS 15(3), 2005, with one rung and a heap as its
// bottom). A large heap costs a cache miss per level on every pop; here the heap only holds
// the events of the current bucket (about kPerBucket of them, so it stays in cache), a push
// further ahead is an append to its bucket's tail (a few hundred tails: all in cache), and
// each bucket is heapified once, in one sequential pass, when the clock reaches it.
//
// Events with floor((time - origin) / width) <= current_ are in the heap; bucket k holds
// those with index k; `far_` those past the last bucket, re-bucketed when the buckets run
// out. Equal times share an index, so ties always meet in the heap, which orders them by
// (time, priority, sequence) like the kernel's heap. Small sets (fewer than kSpill events)
// are a plain heap: count_ = 0 sends every push there.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "journeysim/kernel/event.hpp"

namespace journeysim::bench {

class BucketHeap {
public:
    void reserve(std::size_t n) { near_.reserve(std::min(n, kSpill)); }
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] const kernel::Event& top() const { return near_.front(); }

    void push(const kernel::Event& e) {
        ++size_;
        const double x = count_ == 0 ? 0.0 : (e.time - origin_) * inverse_width_;
        if (x < static_cast<double>(current_ + 1)) {
            near_.push_back(e);
            std::push_heap(near_.begin(), near_.end(), later);
            // A burst into the current bucket (or a small set outgrowing the plain heap):
            // spread everything over new buckets.
            if (near_.size() > spill_at_) rebucket_all();
        } else if (x < static_cast<double>(count_)) {
            buckets_[static_cast<std::size_t>(x)].push_back(e);
        } else {
            far_.push_back(e);
        }
    }

    void pop() {
        std::pop_heap(near_.begin(), near_.end(), later);
        near_.pop_back();
        --size_;
        if (near_.empty() && size_ > 0) refill();
    }

    void clear() {
        near_.clear(), far_.clear();
        for (auto& b : buckets_) b.clear();
        count_ = 0, current_ = 0, size_ = 0, spill_at_ = kSpill;
    }

private:
    static constexpr std::size_t kSpill = 4096;      // up to this many: a plain heap
    static constexpr std::size_t kPerBucket = 1024;  // events per bucket aimed at
    static constexpr std::size_t kSample = 255;

    // The heap order is "later first out of the way": std heaps are max-heaps.
    static bool later(const kernel::Event& a, const kernel::Event& b) { return kernel::before(b, a); }

    // The heap ran dry: load the next non-empty bucket, or re-bucket what lies beyond.
    void refill() {
        while (++current_ < count_) {
            auto& bucket = buckets_[static_cast<std::size_t>(current_)];
            if (bucket.empty()) continue;
            near_.swap(bucket);  // the bucket keeps the heap's empty buffer for later
            std::make_heap(near_.begin(), near_.end(), later);
            set_spill();
            return;
        }
        rebucket(far_);
    }

    // Re-bucketing again is worth it once the heap has doubled (many equal times cannot be
    // spread, and must not be re-bucketed on every push).
    void set_spill() { spill_at_ = std::max(count_ == 0 ? kSpill : 4 * kSpill, 2 * near_.size()); }

    void rebucket_all() {
        std::vector<kernel::Event> all;
        all.reserve(size_);
        all.insert(all.end(), near_.begin(), near_.end());
        near_.clear();
        for (auto& b : buckets_) {
            all.insert(all.end(), b.begin(), b.end());
            b.clear();
        }
        all.insert(all.end(), far_.begin(), far_.end());
        far_.clear();
        rebucket(all);
    }

    // Spreads `events` (every pending event; the heap and buckets are empty) over buckets
    // covering the earlier half of their times, as a sample estimates it; the later half
    // waits in far_ for the next round.
    void rebucket(std::vector<kernel::Event>& events) {
        count_ = 0, current_ = 0;
        double first = events.front().time;
        for (const auto& e : events) first = std::min(first, e.time);
        double middle = first;
        if (events.size() >= kSpill) {
            std::vector<double> sample;
            const std::size_t stride = events.size() / kSample;
            for (std::size_t i = 0; i < events.size(); i += stride) sample.push_back(events[i].time);
            std::nth_element(sample.begin(), sample.begin() + sample.size() / 2, sample.end());
            middle = sample[sample.size() / 2];
        }
        const std::size_t count = events.size() / 2 / kPerBucket;
        if (!(middle > first) || count < 2) {  // small, or no spread: one plain heap
            near_.insert(near_.end(), events.begin(), events.end());
            events.clear();
            std::make_heap(near_.begin(), near_.end(), later);
            set_spill();
            return;
        }
        origin_ = first;
        inverse_width_ = static_cast<double>(count) / (middle - first);
        if (buckets_.size() < count) buckets_.resize(count);
        count_ = static_cast<std::int64_t>(count);
        current_ = -1;
        std::vector<kernel::Event> beyond;
        for (const auto& e : events) {
            const double x = (e.time - origin_) * inverse_width_;
            if (x < static_cast<double>(count_)) buckets_[static_cast<std::size_t>(x)].push_back(e);
            else beyond.push_back(e);
        }
        events.clear();
        far_.swap(beyond);
        refill();  // bucket 0 holds the earliest event
    }

    std::vector<kernel::Event> near_;  // a heap: the current bucket's events
    std::vector<std::vector<kernel::Event>> buckets_;
    std::vector<kernel::Event> far_;
    double origin_ = 0.0, inverse_width_ = 0.0;
    std::int64_t count_ = 0;    // buckets in use (0: a plain heap)
    std::int64_t current_ = 0;  // the bucket in the heap
    std::size_t size_ = 0;
    std::size_t spill_at_ = kSpill;  // heap size that triggers re-bucketing everything
};

}  // namespace journeysim::bench
