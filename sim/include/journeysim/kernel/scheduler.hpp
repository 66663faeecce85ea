#pragma once
// The scheduler owns simulated time and the pending-event set. run_until dispatches each
// event to a handler passed by template parameter, so the call is resolved (and usually
// inlined) at compile time.
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "journeysim/kernel/event.hpp"
#include "journeysim/kernel/quaternary_heap.hpp"

namespace journeysim::kernel {

template <class PendingSet = QuaternaryHeap>
class BasicScheduler {
public:
    [[nodiscard]] Time now() const { return now_; }
    [[nodiscard]] std::size_t pending() const { return pending_.size(); }
    [[nodiscard]] std::uint64_t processed() const { return processed_; }
    void reserve(std::size_t n) { pending_.reserve(n); }

    // Schedules an event at absolute time `at` (never in the past).
    void schedule(Time at, std::uint32_t kind, std::uint32_t target, std::uint32_t stamp = 0,
                  std::uint8_t priority = 0) {
        if (!(at >= now_)) throw std::logic_error("kernel: event scheduled in the past");
        pending_.push(Event{at, make_order(priority, next_sequence_++), kind, target, stamp});
    }

    // Dispatches, in (time, priority, sequence) order, every event with time <= end, then
    // sets the clock to `end`. The handler is called as handler(const Event&) and may
    // schedule further events. Returns the number of events dispatched.
    template <class Handler>
    std::uint64_t run_until(Time end, Handler&& handler) {
        std::uint64_t count = 0;
        while (!pending_.empty() && pending_.top().time <= end) {
            const Event e = pending_.top();
            pending_.pop();
            now_ = e.time;
            handler(e);
            ++count;
        }
        if (end > now_) now_ = end;
        processed_ += count;
        return count;
    }

private:
    PendingSet pending_;
    Time now_ = 0.0;
    std::uint64_t next_sequence_ = 0;
    std::uint64_t processed_ = 0;
};

using Scheduler = BasicScheduler<>;

}  // namespace journeysim::kernel
