#include "journeysim/model/shopping_hours.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/model/choice.hpp"
#include "journeysim/model/world.hpp"

namespace journeysim::model {

namespace {
constexpr double kHour = 1.0 / 24.0;  // days
}  // namespace

int hour_of_week(double t) {
    const double in_week = t - std::floor(t / config::kDaysPerWeek) * config::kDaysPerWeek;
    return std::min(kHoursPerWeek - 1, static_cast<int>(in_week * 24.0));
}

namespace {

std::array<double, kHoursPerWeek> weights_of(const config::Rhythm& rhythm) {
    std::array<double, kHoursPerWeek> weights{};
    for (int k = 0; k < kHoursPerWeek; ++k)
        weights[k] = rhythm.weekdays[static_cast<std::size_t>(k / 24)] *
                     rhythm.hours[static_cast<std::size_t>(k % 24)];
    return weights;
}

}  // namespace

ShoppingClock::ShoppingClock(const config::Rhythm& rhythm) : ShoppingClock(weights_of(rhythm)) {}

ShoppingClock::ShoppingClock(const std::array<double, kHoursPerWeek>& weights) {
    double total = 0.0;
    for (int k = 0; k < kHoursPerWeek; ++k) total += rate_[k] = weights[k];
    // Weekly mean 1: a week of clock time is a week of shopping time.
    for (int k = 0; k < kHoursPerWeek; ++k) {
        rate_[k] *= kHoursPerWeek / total;
        cumulative_[k + 1] = cumulative_[k] + rate_[k] * kHour;
    }
    cumulative_[kHoursPerWeek] = config::kDaysPerWeek;  // exactly, whatever the rounding
}

ShoppingClocks::ShoppingClocks(const config::Scenario& sc) {
    if (!sc.households.rhythm) return;  // the scenario gives the households one when any town has its own
    clocks_.emplace_back(*sc.households.rhythm);
    std::vector<std::uint32_t> of_town(sc.towns.size(), 0);
    for (std::size_t k = 0; k < sc.towns.size(); ++k) {
        if (!sc.towns[k].rhythm) continue;
        of_town[k] = static_cast<std::uint32_t>(clocks_.size());
        clocks_.emplace_back(*sc.towns[k].rhythm);
    }
    if (clocks_.size() == 1) return;  // one rhythm for all: no thinning, the same draws as ever
    of_town_ = std::move(of_town);
    // Each town's rhythm by hour of the week (weekly mean 1), then their envelope.
    keep_.resize(of_town_.size());
    std::array<double, kHoursPerWeek> envelope{};
    for (std::size_t town = 0; town < of_town_.size(); ++town)
        for (int h = 0; h < kHoursPerWeek; ++h) {
            keep_[town][h] = clocks_[of_town_[town]].intensity((h + 0.5) * kHour);
            envelope[h] = std::max(envelope[h], keep_[town][h]);
        }
    double total = 0.0;
    for (const double w : envelope) total += w;
    candidates_per_need_ = total / kHoursPerWeek;
    envelope_.emplace(envelope);
    for (auto& keep : keep_)  // the share of the envelope each town's rhythm is
        for (int h = 0; h < kHoursPerWeek; ++h)
            keep[h] = envelope[h] > 0.0 ? keep[h] / envelope[h] : 0.0;
}

double ShoppingClock::shopping_time(double t) const {
    const double week = std::floor(t / config::kDaysPerWeek) * config::kDaysPerWeek;
    const int k = hour_of_week(t);
    return week + cumulative_[k] + rate_[k] * (t - week - k * kHour);
}

double ShoppingClock::clock_time(double u) const {
    const double week = std::floor(u / config::kDaysPerWeek) * config::kDaysPerWeek;
    const double in_week = u - week;
    // The last hour starting at or before in_week: its rate is > 0 (an hour of weight 0 adds
    // nothing to Λ, so the next hour starts at the same shopping time and is found instead).
    auto k = static_cast<int>(std::upper_bound(cumulative_.begin(), cumulative_.end(), in_week) -
                              cumulative_.begin()) - 1;
    k = std::clamp(k, 0, kHoursPerWeek - 1);
    while (rate_[k] <= 0.0 && k + 1 < kHoursPerWeek) ++k;  // rounding at a flat stretch
    return week + k * kHour + std::max(0.0, in_week - cumulative_[k]) / rate_[k];
}

double walk_in_time(const Storefront& front, const ShoppingClock* clock, double t,
                    random::VisitDraws& draws) {
    if (!front.hours) return t;
    const auto next = front.hours->next_open(t);
    if (!next || next->first >= front.closes_day) return config::kNever;
    const double from = next->first, to = std::min(next->second, front.closes_day);
    const double share = random::uniform01(draws);
    // As the rhythm says over the open stretch: Λ⁻¹ of a uniform between Λ(from) and Λ(to).
    // (Uniform in the first open hour instead sent every need of the night to the door at
    // once: on hopewell.toml, 20,000 households, that 9 o'clock rush gave Jackson's 24% more
    // balks and the chains 20 to 50 times as many; docs/model.md.)
    const double a = clock ? clock->shopping_time(from) : 0.0;
    const double b = clock ? clock->shopping_time(to) : 0.0;
    if (b <= a) return from + share * (to - from);  // no rhythm there: uniform
    return std::clamp(clock->clock_time(a + share * (b - a)), from, std::nextafter(to, from));
}

double seek_again_time(const World& world, const Visit& v, double t, random::VisitDraws& draws) {
    std::uint32_t first = kNone;
    double opens = config::kNever;
    for (std::uint32_t s = 0; s < world.store_count(); ++s) {
        const Storefront& front = world.fronts[s];
        double km;
        if (!front.hours || front.hours->open_at(t) || !considers(world, s, v, t, km)) continue;
        if (world.choice_terms.awareness &&
            !knows(world, v.household, s,
                   world.word_of_mouth ? world.word_of_mouth->heard(v.household, s) : Hearsay{}))
            continue;
        const auto next = front.hours->next_open(t);
        if (next && next->first < opens && next->first < front.closes_day)
            first = s, opens = next->first;
    }
    if (first == kNone) return config::kNever;
    return walk_in_time(world.fronts[first], world.shopping_clock(v.household), t, draws);
}

}  // namespace journeysim::model
