// The kernel on the classic hold model (Jones, "An empirical comparison of priority-queue and
// event-set implementations", CACM 29(4), 1986): n events pending; each step pops the earliest
// and pushes one at now + Exp(1). With exponential increments the pending times stay n i.i.d.
// Exp(1) ahead of now (memorylessness), so the set is in steady state from the first step.
//
// For each pending-event set design, two loops do the same pops and pushes with the same
// increments:
//   hold/scheduler/<set>/<n>  through kernel::BasicScheduler<set>::run_until (the engine's path)
//   hold/bare/<set>/<n>       directly on the set, no scheduler
// Their ratio at each n is the kernel's overhead; bench/compare.py prints it.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "journeysim/kernel/scheduler.hpp"
#include "journeysim/random/draws.hpp"
#include "pending_sets/binary_heap.hpp"
#include "pending_sets/bucket_heap.hpp"
#include "pending_sets/calendar_queue.hpp"

namespace {

using journeysim::kernel::BasicScheduler;
using journeysim::kernel::Event;
using journeysim::kernel::QuaternaryHeap;
using journeysim::kernel::Time;

// Exp(1) increments drawn once: the same numbers for every loop, and no RNG in the timing.
// 2^16 of them (512 KiB) cycle; the hold model only needs their distribution.
constexpr std::size_t kIncrements = std::size_t{1} << 16;
const std::vector<double>& increments() {
    static const std::vector<double> table = [] {
        auto engine = journeysim::random::make_engine(20240601);
        std::vector<double> v(kIncrements);
        for (auto& x : v) x = journeysim::random::exponential(engine, 1.0);
        return v;
    }();
    return table;
}

// Roughly this many events per timed iteration: enough to amortise the loop's bookkeeping.
constexpr std::uint64_t kBatch = 1024;

template <class Set>
void hold_scheduler(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const double* inc = increments().data();
    std::size_t next = 0;
    BasicScheduler<Set> clock;
    clock.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        clock.schedule(inc[next++ & (kIncrements - 1)], 0, static_cast<std::uint32_t>(i));
    // n events fire per unit of time in steady state: a window of kBatch / n holds ~kBatch.
    const double window = static_cast<double>(kBatch) / static_cast<double>(n);
    auto hold = [&](const Event& e) {
        clock.schedule(clock.now() + inc[next++ & (kIncrements - 1)], e.kind, e.target);
    };
    std::uint64_t events = 0;
    for (auto _ : state) events += clock.run_until(clock.now() + window, hold);
    if (clock.pending() != n) state.SkipWithError("pending-event count drifted");
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
}

template <class Set>
void hold_bare(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const double* inc = increments().data();
    std::size_t next = 0;
    std::uint64_t sequence = 0;
    Set set;
    set.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
        set.push(Event{inc[next++ & (kIncrements - 1)], sequence++, 0, static_cast<std::uint32_t>(i), 0});
    std::uint64_t events = 0;
    for (auto _ : state) {
        for (std::uint64_t k = 0; k < kBatch; ++k) {
            const Event e = set.top();
            set.pop();
            set.push(Event{e.time + inc[next++ & (kIncrements - 1)], sequence++, e.kind, e.target, 0});
        }
        events += kBatch;
    }
    benchmark::DoNotOptimize(set.top());
    state.SetItemsProcessed(static_cast<std::int64_t>(events));
}

// A benchmark of a wrong queue is meaningless: before timing, each design must pop the very
// same (time, order) sequence as the engine's heap over a hold run with ties and bursts,
// starting from `initial` pending events (large enough, it reaches a design's big-set regime).
template <class Set>
bool pops_like_quaternary_heap(const char* name, int initial = 5000) {
    QuaternaryHeap reference;
    Set candidate;
    auto engine = journeysim::random::make_engine(7);
    std::uint64_t sequence = 0;
    auto push_both = [&](Time t) {
        const Event e{t, sequence++, 0, 0, 0};
        reference.push(e);
        candidate.push(e);
    };
    for (int i = 0; i < initial; ++i) push_both(journeysim::random::exponential(engine, 1.0));
    Time now = 0.0;
    for (int step = 0; step < 200000; ++step) {
        if (reference.empty()) push_both(now + 1000.0);  // a long quiet spell
        if (reference.size() != candidate.size() || reference.top().time != candidate.top().time ||
            reference.top().order != candidate.top().order) {
            std::fprintf(stderr, "kernel_bench: %s pops out of order at step %d\n", name, step);
            return false;
        }
        now = reference.top().time;
        reference.pop();
        candidate.pop();
        // Mostly holds; sometimes an exact tie, a burst (the set grows) or a gap (it shrinks).
        const auto r = journeysim::random::uniform_index(engine, 100);
        if (r < 3) {
            push_both(now);
            push_both(now);
        } else if (r < 5 || (step > 150000 && r < 60)) {
            continue;  // shrink
        } else if (r < 8) {
            for (int k = 0; k < 50; ++k) push_both(now + journeysim::random::exponential(engine, 0.1));
        } else {
            push_both(now + journeysim::random::exponential(engine, 1.0));
        }
    }
    return true;
}

template <class Set>
void register_design(const std::string& name) {
    for (auto* b : {benchmark::RegisterBenchmark(("hold/scheduler/" + name).c_str(), hold_scheduler<Set>),
                    benchmark::RegisterBenchmark(("hold/bare/" + name).c_str(), hold_bare<Set>)})
        b->RangeMultiplier(10)->Range(1'000, 1'000'000);
}

}  // namespace

int main(int argc, char** argv) {
    if (!pops_like_quaternary_heap<journeysim::bench::BinaryHeap>("binary_heap") ||
        !pops_like_quaternary_heap<journeysim::bench::CalendarQueue>("calendar_queue") ||
        !pops_like_quaternary_heap<journeysim::bench::BucketHeap>("bucket_heap") ||
        !pops_like_quaternary_heap<journeysim::bench::BucketHeap>("bucket_heap", 300000))
        return 1;
    register_design<QuaternaryHeap>("quaternary_heap");
    register_design<journeysim::bench::BinaryHeap>("binary_heap");
    register_design<journeysim::bench::CalendarQueue>("calendar_queue");
    register_design<journeysim::bench::BucketHeap>("bucket_heap");
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
