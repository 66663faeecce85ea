#pragma once
// Adoption of one social-media platform over the social graph, as a Bass (1969) process on a
// network: a household in the platform's audience that has not adopted adopts at hazard
//
//     lambda_h(t) = p + q * A_h(t) / d_h          (A_h: adopted neighbours, d_h: degree)
//
// Event-driven, O(degree) per adoption, never a sweep over households. The hazard only ever
// grows, by q/d_h each time a neighbour adopts, so it is the sum of independent exponential
// clocks: one of rate p (innovation) and one of rate q/d_h started by each adopting neighbour
// (memorylessness). A household adopts when its first clock rings. So:
//   - innovation: the clocks of all households superpose into one Poisson stream of rate p*N
//     that picks a household uniformly; one that is not a waiting audience member ignores it
//     (thinning), which leaves rate p for each one that is;
//   - imitation: when h adopts, each waiting neighbour j draws a clock T = now + Exp(q/d_j)
//     and schedules it only if it beats j's earliest clock so far (a later one could never
//     ring first). Clocks of a household that has adopted are stale and ignored when they pop.
// No event is ever cancelled, so no stamps are needed; the heap holds at most one live clock
// per waiting household plus stale ones.
//
// In a living population, households added after the launch (add_household) get their own
// clock for innovation and for the neighbours already adopted, of rate p + q A_h / d_h (the
// superposed stream keeps the launch's households, so its rate never changes); a household
// that moves away leaves the audience (remove_household) and its clocks are ignored.
#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "journeysim/kernel/event.hpp"
#include "journeysim/kernel/scheduler.hpp"
#include "journeysim/model/social_graph.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

class BassAdoption {
public:
    static constexpr std::uint32_t kNobody = std::numeric_limits<std::uint32_t>::max();

    // p and q per day; events go to the scheduler with kind `event_kind`, which must be
    // this platform's alone; draws come from `engine`, which must outlive this object.
    BassAdoption(const SocialGraph& graph, double innovation_per_day, double imitation_per_day,
                 std::uint32_t event_kind, random::Engine& engine);

    // Opens the platform at `day` (>= clock.now()) to the households h with audience[h] != 0
    // (one entry per household). Call once. A platform that opened before the run starts
    // opens with each audience member adopted already with probability `adopted_share`
    // (drawn only when it is above 0); their neighbours' imitation clocks start at `day`.
    void launch(kernel::Scheduler& clock, double day, std::span<const std::uint8_t> audience,
                double adopted_share = 0.0);

    // Household h, new in the graph (its links made), joins a launched platform: in the
    // audience or not. Its clock starts at the launch day at the earliest. Before launch()
    // is called, nothing to do (launch takes every household).
    void add_household(std::uint32_t h, bool in_audience, kernel::Scheduler& clock);
    // Household h has moved away: out of the audience, and of the adopters if it adopted.
    void remove_household(std::uint32_t h);

    [[nodiscard]] bool owns(const kernel::Event& e) const { return e.kind == kind_; }
    // Handles one of this platform's events; returns the household that adopted, or kNobody.
    std::uint32_t handle(const kernel::Event& e, kernel::Scheduler& clock);

    [[nodiscard]] bool adopted(std::uint32_t h) const { return state_[h] == kAdopted; }
    // Adopters and audience among the households living there.
    [[nodiscard]] std::uint32_t adopters() const { return adopters_; }
    [[nodiscard]] std::uint32_t audience() const { return audience_; }
    // Bytes of per-household state (flags and earliest clocks).
    [[nodiscard]] std::size_t bytes() const {
        return state_.capacity() * sizeof(std::uint8_t) + next_.capacity() * sizeof(double);
    }

private:
    enum State : std::uint8_t { kOutside = 0, kWaiting = 1, kAdopted = 2 };
    static constexpr std::uint32_t kInnovation = kNobody;  // target of the superposed stream

    void adopt(std::uint32_t h, kernel::Scheduler& clock);
    void schedule_innovation(kernel::Scheduler& clock, double from);

    const SocialGraph* graph_;
    double innovation_, imitation_;
    std::uint32_t kind_;
    random::Engine* engine_;
    std::vector<std::uint8_t> state_;
    std::vector<double> next_;  // earliest imitation clock scheduled per household
    std::uint32_t adopters_ = 0, audience_ = 0;
    std::uint32_t launched_ = 0;  // households at the launch: those the superposed stream picks
    double launch_day_ = 0.0;
};

// The audience of a platform: household h is in it with probability share[band[h]] (the
// Bass market potential of h's age band), drawn once from `engine`.
[[nodiscard]] std::vector<std::uint8_t> draw_audience(std::span<const std::uint8_t> band,
                                                      const std::array<double, 4>& share,
                                                      random::Engine& engine);

// The Bass (1969) cumulative adoption F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}) of
// a fully mixed population, t in the units of p and q.
[[nodiscard]] double bass_fraction(double p, double q, double t);

}  // namespace journeysim::model
