// The pending-event set against a sorted reference: whatever the mix of pushes and pops,
// ties and priorities, the heap must hand back exactly the reference's sequence.
#include "journeysim/kernel/quaternary_heap.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <vector>

#include "journeysim/kernel/event.hpp"

namespace {

using journeysim::kernel::Event;
using journeysim::kernel::make_order;
using journeysim::kernel::QuaternaryHeap;

// The reference order, written out independently of kernel::before.
struct ByTimeThenOrder {
    bool operator()(const Event& a, const Event& b) const {
        if (a.time != b.time) return a.time < b.time;
        if (a.priority() != b.priority()) return a.priority() < b.priority();
        return a.sequence() < b.sequence();
    }
};

::testing::AssertionResult same_event(const Event& got, const Event& want) {
    if (got.time == want.time && got.order == want.order && got.kind == want.kind &&
        got.target == want.target && got.stamp == want.stamp)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "heap gave (time " << got.time << ", priority " << int(got.priority())
           << ", sequence " << got.sequence() << ", target " << got.target << "), reference (time "
           << want.time << ", priority " << int(want.priority()) << ", sequence " << want.sequence()
           << ", target " << want.target << ")";
}

class EventSource {
  public:
    explicit EventSource(std::uint64_t seed) : rng_(seed) {}

    // A time at or after `now`: often an exact tie (whole or half days from a small set),
    // sometimes continuous.
    Event next(double now) {
        double t;
        switch (pick_(rng_)) {
            case 0:
                t = now;
                break;  // same instant
            case 1:
                t = now + 0.5 * static_cast<double>(step_(rng_));
                break;  // few values
            default:
                t = now + gap_(rng_);
                break;
        }
        const auto priority = static_cast<std::uint8_t>(priority_(rng_));
        const auto id = static_cast<std::uint32_t>(sequence_);
        return Event{t, make_order(priority, sequence_++), id % 7, id, id % 3};
    }

  private:
    std::mt19937_64 rng_;
    std::uniform_int_distribution<int> pick_{0, 3};
    std::uniform_int_distribution<int> step_{0, 8};
    std::uniform_int_distribution<int> priority_{0, 3};
    std::exponential_distribution<double> gap_{0.7};
    std::uint64_t sequence_ = 0;
};

TEST(QuaternaryHeap, RandomPushPopMatchesSortedReference) {
    QuaternaryHeap heap;
    std::multiset<Event, ByTimeThenOrder> reference;
    EventSource source(20240611);
    std::mt19937_64 rng(7);
    // Push with probability p, which drifts so the size swings between empty and thousands.
    std::uniform_real_distribution<double> coin(0.0, 1.0);
    double now = 0.0;
    std::size_t pops = 0, max_size = 0;
    for (int op = 0; op < 100'000; ++op) {
        const double push_probability = (op / 10'000) % 2 == 0 ? 0.7 : 0.35;
        if (reference.empty() || coin(rng) < push_probability) {
            // Not only at or after the current minimum: any time from `now` on, so pushes also
            // land in front of pending events.
            const Event e = source.next(now);
            heap.push(e);
            reference.insert(e);
        } else {
            ASSERT_FALSE(heap.empty());
            ASSERT_TRUE(same_event(heap.top(), *reference.begin())) << "at operation " << op;
            now = heap.top().time;
            heap.pop();
            reference.erase(reference.begin());
            ++pops;
        }
        ASSERT_EQ(heap.size(), reference.size());
        max_size = std::max(max_size, heap.size());
    }
    while (!reference.empty()) {
        ASSERT_TRUE(same_event(heap.top(), *reference.begin()));
        heap.pop();
        reference.erase(reference.begin());
        ++pops;
    }
    EXPECT_TRUE(heap.empty());
    EXPECT_GT(pops, 50'000u);
    EXPECT_GT(max_size, 1'000u) << "the sequence should exercise a deep heap";
}

TEST(QuaternaryHeap, HoldModelMatchesSortedSequence) {
    // The classic hold model: a steady population; each pop schedules one successor.
    // The popped sequence must equal the reference's, element for element.
    QuaternaryHeap heap;
    std::multiset<Event, ByTimeThenOrder> reference;
    EventSource source(99);
    for (int i = 0; i < 4096; ++i) {
        const Event e = source.next(0.0);
        heap.push(e);
        reference.insert(e);
    }
    std::vector<Event> got, want;
    got.reserve(60'000), want.reserve(60'000);
    for (int op = 0; op < 50'000; ++op) {
        got.push_back(heap.top());
        want.push_back(*reference.begin());
        const double now = heap.top().time;
        heap.pop();
        reference.erase(reference.begin());
        const Event e = source.next(now);
        heap.push(e);
        reference.insert(e);
    }
    while (!heap.empty()) {
        got.push_back(heap.top());
        heap.pop();
    }
    for (const auto& e : reference) want.push_back(e);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t k = 0; k < got.size(); ++k)
        ASSERT_TRUE(same_event(got[k], want[k])) << "at position " << k;
}

TEST(QuaternaryHeap, ClearEmpties) {
    QuaternaryHeap heap;
    for (std::uint32_t i = 0; i < 10; ++i) heap.push(Event{double(i), make_order(0, i), 0, i, 0});
    EXPECT_EQ(heap.size(), 10u);
    heap.clear();
    EXPECT_TRUE(heap.empty());
    heap.push(Event{3.0, make_order(0, 11), 0, 5, 0});
    EXPECT_EQ(heap.top().target, 5u);
}

}  // namespace
