#pragma once
// A store's active customers (bought within the last 365 days) and the sum of their trust,
// kept exact in O(1) per purchase, with no sweep over households.
//
// Purchases are bucketed by day in a 365-slot ring; entering a new day expires the bucket of
// purchases made 365 days earlier. Trust decays as tau0*exp(-d*(t - t0)), so a customer's
// trust at any later T is exp(-d*(T - E)) * tau0*exp(d*(t0 - E)) for an epoch E: the second
// factor is constant between visits, so its sum over customers (kept per bucket) gives the
// mean trust at any T. The epoch moves forward each period to keep the exponents small.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace journeysim::model {

class ActiveCustomers {
public:
    static constexpr std::int32_t kWindowDays = 365;

    explicit ActiveCustomers(double decay_per_day = 0.0) : decay_(decay_per_day) {}

    // Moves the window to `day`, expiring purchases made `kWindowDays` or more days before.
    void advance(std::int32_t day) {
        if (day - day_ >= kWindowDays) {
            count_.fill(0), mass_.fill(0.0);
            active_ = 0, total_mass_ = 0.0;
        } else {
            for (std::int32_t d = day_ + 1; d <= day; ++d) expire(slot(d));
        }
        if (day > day_) day_ = day;
    }

    [[nodiscard]] bool is_active(std::int32_t purchase_day, std::int32_t today) const {
        return today - purchase_day < kWindowDays;  // callers pass purchase_day <= today
    }

    void add(std::int32_t purchase_day, double trust, double trust_time) {
        const double m = contribution(trust, trust_time);
        ++count_[slot(purchase_day)], mass_[slot(purchase_day)] += m;
        ++active_, total_mass_ += m;
    }

    void remove(std::int32_t purchase_day, double trust, double trust_time) {
        const std::size_t s = slot(purchase_day);
        const double m = contribution(trust, trust_time);
        --count_[s], mass_[s] -= m;
        --active_, total_mass_ -= m;
        if (count_[s] == 0) mass_[s] = 0.0;  // drop rounding residue
        if (active_ == 0) total_mass_ = 0.0;
    }

    [[nodiscard]] std::int64_t count() const { return active_; }

    // Mean trust of active customers at time `t` (NaN when there are none).
    [[nodiscard]] double mean_trust(double t) const {
        if (active_ == 0) return std::nan("");
        // The running sum adds and removes terms, so rounding can leave a hair below 0 (or
        // above 1) when every active customer's trust is 0 (or 1): clamp to where trust lives.
        const double mean = total_mass_ * std::exp(-decay_ * (t - epoch_)) / static_cast<double>(active_);
        return std::clamp(mean, 0.0, 1.0);
    }

    // Re-expresses the sums relative to a later epoch (keeps exp() arguments bounded).
    void rebase(double epoch) {
        const double factor = std::exp(-decay_ * (epoch - epoch_));
        for (auto& m : mass_) m *= factor;
        total_mass_ *= factor;
        epoch_ = epoch;
    }

private:
    [[nodiscard]] static std::size_t slot(std::int32_t day) {
        return static_cast<std::size_t>(((day % kWindowDays) + kWindowDays) % kWindowDays);
    }
    [[nodiscard]] double contribution(double trust, double trust_time) const {
        return trust * std::exp(decay_ * (trust_time - epoch_));
    }
    void expire(std::size_t s) {
        active_ -= count_[s], total_mass_ -= mass_[s];
        count_[s] = 0, mass_[s] = 0.0;
        if (active_ == 0) total_mass_ = 0.0;
    }

    std::array<std::int64_t, kWindowDays> count_{};
    std::array<double, kWindowDays> mass_{};
    std::int64_t active_ = 0;
    double total_mass_ = 0.0;
    std::int32_t day_ = 0;
    double epoch_ = 0.0;
    double decay_;
};

}  // namespace journeysim::model
