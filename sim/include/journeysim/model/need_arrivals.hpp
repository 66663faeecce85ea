#pragma once
// Needs of all households as one superposed, thinned Poisson process. Household h needs
// category c at rate r_c (1 + k_c n_h) s_c(t): base rate, children n_h, season. Summed over
// households, category c arrives at r_c (N + k_c K) s_c(t) (K: all children), so one pending
// event serves the whole town: candidates come at the peak rate, each is kept with
// probability s_c(t) / max s_c, and its household is drawn uniformly or, for the children's
// part, through a uniformly drawn child; a life event's candidate is kept only when the
// household's adult is in the category's age window (thinning again: the rate is per
// household in the window). In a living population N and K change: update()
// recomputes the rates, and the owner redraws the pending candidate (memorylessness).
#include <cstdint>
#include <optional>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/model/population.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

struct NeedDraw {
    std::uint32_t household;
    std::uint16_t category;
};

class NeedArrivals {
public:
    // Reads who lives there from `population`, and (for life events) their ages from
    // `households`; both must outlive this object.
    NeedArrivals(const config::Scenario& scenario, const Population& population,
                 const Households& households);

    // Recomputes the rates for the households and children living there now; returns whether
    // the candidate rate changed.
    bool update();

    // Rate of candidates per day: the sum over categories of their peak rates.
    [[nodiscard]] double candidate_rate() const { return candidate_rate_; }
    // Turns a candidate at day t into a need, or nothing (thinned out).
    std::optional<NeedDraw> draw(double t, random::Engine& engine) const;
    // s_c(t): the seasonal factor of a category at day t.
    [[nodiscard]] double season_factor(std::size_t category, double t) const;

private:
    struct Part {
        double cumulative = 0.0;  // cumulative peak rate up to and including this category
        double peak = 1.0;        // max over the year of s_c
        double child_share = 0.0; // k_c K / (N + k_c K)
        bool by_age = false;      // a life event: kept only within its age window
    };
    const config::Scenario& sc_;
    const Population* population_;
    const Households* households_;
    std::vector<Part> parts_;
    double candidate_rate_ = 0.0;
};

}  // namespace journeysim::model
