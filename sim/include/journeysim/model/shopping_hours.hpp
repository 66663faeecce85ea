#pragma once
// Opening hours and the households' shopping rhythm (docs/model.md, "Opening hours and the
// shopping rhythm").
//
// Needs reach the town on the households' shopping clock: the superposed need process is a
// homogeneous Poisson process in "shopping time" u, and a candidate at u comes at clock time
// t = Λ⁻¹(u), where Λ(t) = ∫₀ᵗ ρ is the cumulative rhythm ρ (piecewise constant by hour of the
// week, weekly mean 1). By the time-change theorem the needs then arrive as a non-homogeneous
// Poisson process of intensity ∝ ρ(t), the expected count over whole weeks is unchanged, and
// as Λ is monotone the candidates keep their order.
//
// A need or a visit that meets only closed doors waits for the first to open, and comes during
// that store's next open stretch at a time drawn from its own numbers as the rhythm weighs the
// stretch, rather than all at the opening minute.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "journeysim/config/hours.hpp"
#include "journeysim/config/scenario.hpp"
#include "journeysim/random/visit_draws.hpp"

namespace journeysim::model {

class World;
struct Visit;
struct Storefront;

inline constexpr int kHoursPerWeek = 168;

// The hour of the week day t falls in: weekday x 24 + hour, Monday 00:00-01:00 = 0.
[[nodiscard]] int hour_of_week(double t);

class ShoppingClock {
public:
    explicit ShoppingClock(const config::Rhythm& rhythm);
    // From a weight per hour of the week (Monday 00:00 first), scaled to a weekly mean of 1.
    explicit ShoppingClock(const std::array<double, kHoursPerWeek>& weights);
    // Λ(t): shopping time at clock time t, both in days.
    [[nodiscard]] double shopping_time(double t) const;
    // Λ⁻¹(u): the clock time at which shopping time reaches u (where shopping resumes, when u
    // falls on a stretch of hours of weight 0).
    [[nodiscard]] double clock_time(double u) const;
    // ρ(t): the rhythm's weight at t relative to its weekly mean.
    [[nodiscard]] double intensity(double t) const { return rate_[hour_of_week(t)]; }

private:
    std::array<double, kHoursPerWeek + 1> cumulative_{};  // Λ at the start of each hour
    std::array<double, kHoursPerWeek> rate_{};
};

// The clocks households shop by: none without a rhythm, the households' one, or, when towns
// keep rhythms of their own, one per town. The superposed need process then runs on their
// upper envelope ρ_env = max_k ρ_k, at ∫ρ_env / week candidates per need, and a candidate of
// town k at t is kept with probability ρ_k(t) / ρ_env(t) (thinning, as for seasons): town k's
// needs come at intensity ∝ ρ_k and in the same number as without rhythms.
class ShoppingClocks {
public:
    explicit ShoppingClocks(const config::Scenario& sc);
    // Whether towns shop by different rhythms (then candidates are thinned by town).
    [[nodiscard]] bool by_town() const { return !keep_.empty(); }
    // The clock households of `town` shop by; nullptr without a rhythm.
    [[nodiscard]] const ShoppingClock* of_town(std::uint32_t town) const {
        return clocks_.empty() ? nullptr : &clocks_[by_town() ? of_town_[town] : 0];
    }
    // The clock the superposed needs come on: the one rhythm, or the towns' envelope.
    [[nodiscard]] const ShoppingClock* needs() const {
        return envelope_ ? &*envelope_ : clocks_.empty() ? nullptr : &clocks_[0];
    }
    // Candidates per need over a week: 1, or the envelope's weekly mean when by town.
    [[nodiscard]] double candidates_per_need() const { return candidates_per_need_; }
    // ρ_town(t) / ρ_env(t): the chance a candidate of `town` at t is kept (by town only).
    [[nodiscard]] double keep(std::uint32_t town, double t) const {
        return keep_[town][static_cast<std::size_t>(hour_of_week(t))];
    }

private:
    std::vector<ShoppingClock> clocks_;    // the households' first, then the towns' own
    std::vector<std::uint32_t> of_town_;   // index into clocks_, per town (by town only)
    std::optional<ShoppingClock> envelope_;
    std::vector<std::array<double, kHoursPerWeek>> keep_;  // per town (by town only)
    double candidates_per_need_ = 1.0;
};

// When a customer who finds the store closed at t walks in: in its next open stretch (from
// opening to closing), at a time drawn from the households' rhythm over it (`clock`; uniform
// without one) with the visit's own draw; kNever when it closes for good before it opens again.
[[nodiscard]] double walk_in_time(const Storefront& front, const ShoppingClock* clock, double t,
                                  random::VisitDraws& draws);

// A need found no store open at t: when it seeks again, as walk_in_time gives for the first of
// the stores it would consider (in reach, carrying it, known, not tried) to open, on its
// household's shopping clock; kNever when none will. Draws only when some store will open.
[[nodiscard]] double seek_again_time(const World& world, const Visit& v, double t,
                                     random::VisitDraws& draws);

}  // namespace journeysim::model
