#include "journeysim/model/adoption.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "journeysim/random/draws.hpp"

namespace journeysim::model {

BassAdoption::BassAdoption(const SocialGraph& graph, double innovation_per_day,
                           double imitation_per_day, std::uint32_t event_kind,
                           random::Engine& engine)
    : graph_(&graph),
      innovation_(innovation_per_day),
      imitation_(imitation_per_day),
      kind_(event_kind),
      engine_(&engine) {
    if (!(innovation_ >= 0.0) || !(imitation_ >= 0.0))
        throw std::invalid_argument("BassAdoption: p and q must be >= 0");
}

void BassAdoption::launch(kernel::Scheduler& clock, double day,
                          std::span<const std::uint8_t> audience, double adopted_share) {
    const std::uint32_t n = graph_->households();
    if (audience.size() != n)
        throw std::invalid_argument("BassAdoption::launch: one audience entry per household");
    if (!state_.empty()) throw std::logic_error("BassAdoption::launch: already launched");
    state_.resize(n);
    next_.assign(n, std::numeric_limits<double>::infinity());
    launched_ = n;
    launch_day_ = day;
    for (std::uint32_t h = 0; h < n; ++h) {
        state_[h] = audience[h] ? kWaiting : kOutside;
        audience_ += audience[h] ? 1 : 0;
    }
    if (adopted_share > 0.0) {
        for (std::uint32_t h = 0; h < n; ++h)
            if (state_[h] == kWaiting && random::uniform01(*engine_) < adopted_share)
                adopt(h, clock);
    }
    schedule_innovation(clock, day);
}

void BassAdoption::schedule_innovation(kernel::Scheduler& clock, double from) {
    const double rate = innovation_ * launched_;
    if (rate > 0.0 && adopters_ < audience_)
        clock.schedule(from + random::exponential(*engine_, rate), kind_, kInnovation);
}

std::uint32_t BassAdoption::handle(const kernel::Event& e, kernel::Scheduler& clock) {
    if (e.target == kInnovation) {
        const auto h =
            static_cast<std::uint32_t>(random::uniform_index(*engine_, launched_));
        const bool takes = state_[h] == kWaiting;
        if (takes) adopt(h, clock);
        schedule_innovation(clock, e.time);
        return takes ? h : kNobody;
    }
    if (state_[e.target] != kWaiting) return kNobody;  // a stale clock: it adopted already
    adopt(e.target, clock);
    return e.target;
}

void BassAdoption::adopt(std::uint32_t h, kernel::Scheduler& clock) {
    state_[h] = kAdopted;
    ++adopters_;
    if (imitation_ <= 0.0) return;
    const double now = clock.now();
    graph_->for_each_neighbour(h, [&](std::uint32_t j) {
        if (j >= state_.size() || state_[j] != kWaiting) return;
        const double ring = now + random::exponential(*engine_, imitation_ / graph_->degree(j));
        if (ring < next_[j]) {
            next_[j] = ring;
            clock.schedule(ring, kind_, j);
        }
    });
}

void BassAdoption::add_household(std::uint32_t h, bool in_audience, kernel::Scheduler& clock) {
    if (state_.empty()) return;  // not launched yet: the launch will take it
    if (h < state_.size()) throw std::logic_error("BassAdoption::add_household: id already known");
    state_.resize(std::size_t{h} + 1, kOutside);
    next_.resize(std::size_t{h} + 1, std::numeric_limits<double>::infinity());
    if (!in_audience) return;
    state_[h] = kWaiting;
    ++audience_;
    // Its innovation clock and one per adopted neighbour, superposed: the first rings at
    // rate p + q A/d (memorylessness lets the neighbours' clocks start now).
    std::uint32_t adopted = 0;
    graph_->for_each_neighbour(
        h, [&](std::uint32_t j) { adopted += j < state_.size() && state_[j] == kAdopted; });
    const std::uint32_t d = graph_->degree(h);
    const double rate = innovation_ + (d > 0 ? imitation_ * adopted / d : 0.0);
    if (rate <= 0.0) return;
    next_[h] = std::max(clock.now(), launch_day_) + random::exponential(*engine_, rate);
    clock.schedule(next_[h], kind_, h);
}

void BassAdoption::remove_household(std::uint32_t h) {
    if (h >= state_.size()) return;
    if (state_[h] == kOutside) return;
    if (state_[h] == kAdopted) --adopters_;
    --audience_;
    state_[h] = kOutside;
}

std::vector<std::uint8_t> draw_audience(std::span<const std::uint8_t> band,
                                        const std::array<double, 4>& share,
                                        random::Engine& engine) {
    std::vector<std::uint8_t> in(band.size());
    for (std::size_t h = 0; h < band.size(); ++h) {
        const double s = share.at(band[h]);
        // Shares of 0 and 1 draw nothing, so a full audience leaves the stream untouched.
        in[h] = s >= 1.0 ? 1 : s <= 0.0 ? 0 : random::uniform01(engine) < s;
    }
    return in;
}

double bass_fraction(double p, double q, double t) {
    const double decay = std::exp(-(p + q) * t);
    return (1.0 - decay) / (1.0 + (q / p) * decay);
}

}  // namespace journeysim::model
