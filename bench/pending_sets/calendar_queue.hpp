#pragma once
// A calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue implementation
// for the simulation event set problem", CACM 31(10), 1988): time is cut into "days" of
// width w, day k goes to bucket k mod B (a "year" is B days), and the earliest event is found
// by walking the buckets of the current year. Push and pop are O(1) on average when w is
// about 3x the mean gap between the earliest events and B is within 2x of the event count.
//
// Departures from Brown: each bucket is a small vector sorted latest-first (the earliest
// event pops from the back in O(1)); days are integers (k = floor(t / w)), so no floating
// sums drift; ties keep the kernel's (time, priority, sequence) order. w is re-estimated only
// when B is resized, as in Brown's paper; a ladder queue would adapt it continuously.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "journeysim/kernel/event.hpp"

namespace journeysim::bench {

class CalendarQueue {
public:
    CalendarQueue() : buckets_(kMinBuckets) {}

    // The bucket count follows the event count and the width is estimated from the events
    // themselves, so there is nothing useful to do before they arrive.
    void reserve(std::size_t) {}
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] std::size_t size() const { return size_; }

    [[nodiscard]] const kernel::Event& top() const {
        if (!located_) locate();
        return bucket_of(day_).back();
    }

    void push(const kernel::Event& e) {
        const std::int64_t d = day_of(e.time);
        if (d < day_) {  // earlier than the current day: the walk restarts there
            day_ = d;
            located_ = false;
        }
        auto& bucket = bucket_of(d);
        std::size_t i = bucket.size();  // latest first: find the slot from the earliest end
        while (i > 0 && kernel::before(bucket[i - 1], e)) --i;
        work_ += bucket.size() - i;
        bucket.insert(bucket.begin() + static_cast<std::ptrdiff_t>(i), e);
        ++size_;
        if (size_ > 2 * buckets_.size()) rebuild(2 * buckets_.size());
        else count_operation();
    }

    void pop() {
        if (!located_) locate();
        bucket_of(day_).pop_back();
        --size_;
        located_ = false;
        if (size_ < buckets_.size() / 2 && buckets_.size() > kMinBuckets)
            rebuild(buckets_.size() / 2);
        else count_operation();
    }

    void clear() {
        for (auto& b : buckets_) b.clear();
        size_ = 0;
        day_ = 0;
        located_ = false;
    }

private:
    static constexpr std::size_t kMinBuckets = 16;  // a power of two, as every bucket count
    static constexpr std::size_t kWidthSample = 64;
    // Brown re-estimates the width only on resize; a stale width (the event density drifted,
    // or the set was filled in a burst) makes buckets long or years empty. So the queue also
    // counts buckets walked and events shifted, and re-buckets when they average more than
    // kMaxWorkPerOperation per operation over kWorkWindow operations.
    static constexpr std::size_t kWorkWindow = 4096;
    static constexpr std::size_t kMaxWorkPerOperation = 6;

    void count_operation() {
        if (++operations_ < kWorkWindow) return;
        if (work_ > kMaxWorkPerOperation * kWorkWindow && size_ >= 2) rebuild(buckets_.size());
        operations_ = 0;
        work_ = 0;
    }

    [[nodiscard]] std::int64_t day_of(kernel::Time t) const {
        const double d = std::floor(t * inverse_width_);
        return d < 4e18 ? static_cast<std::int64_t>(d) : std::int64_t{4'000'000'000'000'000'000};
    }
    [[nodiscard]] std::vector<kernel::Event>& bucket_of(std::int64_t day) const {
        return buckets_[static_cast<std::size_t>(day) & (buckets_.size() - 1)];
    }

    // Moves day_ to the day of the earliest event. Invariant: no event is earlier than day_.
    void locate() const {
        for (std::size_t i = 0; i < buckets_.size(); ++i, ++day_) {
            ++work_;
            const auto& b = bucket_of(day_);
            if (!b.empty() && day_of(b.back().time) == day_) {
                located_ = true;
                return;
            }
        }
        // A whole year without an event: jump straight to the earliest one (Brown's
        // "direct search").
        const kernel::Event* best = nullptr;
        work_ += buckets_.size();
        for (const auto& b : buckets_)
            if (!b.empty() && (best == nullptr || kernel::before(b.back(), *best))) best = &b.back();
        day_ = day_of(best->time);
        located_ = true;
    }

    // Re-buckets every event into `count` buckets with a width of three mean gaps among the
    // earliest events (Brown's estimate).
    void rebuild(std::size_t count) {
        std::vector<kernel::Event> all;
        all.reserve(size_);
        for (auto& b : buckets_) {
            all.insert(all.end(), b.begin(), b.end());
            b.clear();
        }
        if (all.size() >= 2) {
            const std::size_t m = std::min(all.size(), kWidthSample);
            std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(m - 1),
                             all.end(), kernel::before);
            const auto head = std::max_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(m),
                                               kernel::before);
            const auto first = std::min_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(m),
                                                kernel::before);
            const double gap = (head->time - first->time) / static_cast<double>(m - 1);
            if (gap > 0 && std::isfinite(gap)) inverse_width_ = 1.0 / (3.0 * gap);
        }
        buckets_.assign(count, {});
        operations_ = 0;
        work_ = 0;
        const std::size_t n = all.size();
        size_ = 0;
        day_ = std::numeric_limits<std::int64_t>::max();
        located_ = false;
        for (const auto& e : all) day_ = std::min(day_, day_of(e.time));
        if (n == 0) day_ = 0;
        for (const auto& e : all) {
            auto& bucket = bucket_of(day_of(e.time));
            std::size_t i = bucket.size();
            while (i > 0 && kernel::before(bucket[i - 1], e)) --i;
            bucket.insert(bucket.begin() + static_cast<std::ptrdiff_t>(i), e);
        }
        size_ = n;
    }

    mutable std::vector<std::vector<kernel::Event>> buckets_;
    double inverse_width_ = 1.0;
    std::size_t size_ = 0;
    mutable std::int64_t day_ = 0;  // the day being walked; no event is earlier
    mutable bool located_ = false;  // day_ is the day of the earliest event
    mutable std::size_t work_ = 0;  // buckets walked and events shifted in this window
    std::size_t operations_ = 0;
};

}  // namespace journeysim::bench
