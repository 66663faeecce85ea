#pragma once
// Who lives in town now: households moving in and out, children born, ageing, and leaving
// home at 18 to found households of their own (MODEL.md "Households"; docs/model.md).
//
// Event-driven, never a sweep over households:
//   - moving out, moving in and birth candidates are one superposed Poisson stream of rate
//     (move_out + births) N + move_in N0 (N living households, N0 the initial count); an event
//     is a move-out of a uniformly drawn household, a move-in, or a birth candidate for a
//     uniformly drawn household, kept when its adult is under birth_age_max (thinning). The
//     stream is redrawn from now whenever N changes (memorylessness; stale events are
//     recognised by their stamp).
//   - each child comes of age at a known day: the days wait in a private heap, and only the
//     earliest is on the scheduler.
// Living households and children at home under 18 are kept in dense lists with O(1) swap
// removal, so a need's household is drawn uniformly from them (NeedArrivals).
#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/kernel/event.hpp"
#include "journeysim/kernel/scheduler.hpp"
#include "journeysim/kernel/stamps.hpp"
#include "journeysim/model/households.hpp"
#include "journeysim/model/relations.hpp"
#include "journeysim/model/social_graph.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

// Population events since the counts were last reset (one metrics period).
struct PopulationCounts {
    std::int64_t moved_in = 0, moved_out = 0, born = 0, came_of_age = 0, founded = 0;
};

// What one population event did, for the owner to follow up (relations, graph, needs).
struct PopulationChange {
    enum Kind : std::uint8_t { kNothing, kMovedOut, kMovedIn, kBorn, kCameOfAge, kFounded };
    Kind kind = kNothing;
    std::uint32_t household = 0;  // who moved, had a child, or was founded
    std::uint32_t parent = 0;     // kFounded: the household the founder grew up in
};

// Ids present now, in a dense list with each id's place in it: add, remove (the last member
// takes the removed one's place) and the i-th member in O(1). Until the first removal the
// list is 0, 1, 2...: at(i) then skips a memory load (a need's draw).
class PresentIds {
public:
    void reserve(std::size_t n) { members_.reserve(n); }
    void add(std::uint32_t id) {
        if (id >= place_.size()) place_.resize(std::size_t{id} + 1, kAbsent);
        in_order_ = in_order_ && id == members_.size();
        place_[id] = size();
        members_.push_back(id);
    }
    void remove(std::uint32_t id) {
        const std::uint32_t i = place_[id];
        in_order_ = false;
        members_[i] = members_.back();
        place_[members_[i]] = i;
        members_.pop_back();
        place_[id] = kAbsent;
    }
    [[nodiscard]] bool contains(std::uint32_t id) const {
        return id < place_.size() && place_[id] != kAbsent;
    }
    [[nodiscard]] std::uint32_t size() const { return static_cast<std::uint32_t>(members_.size()); }
    [[nodiscard]] std::uint32_t at(std::uint32_t i) const { return in_order_ ? i : members_[i]; }

private:
    static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();
    bool in_order_ = true;               // members_[i] == i
    std::vector<std::uint32_t> members_;
    std::vector<std::uint32_t> place_;   // per id: index in members_, or kAbsent
};

class Population {
public:

    // Gives each of the households' initial children an age, drawn from `engine` (which must
    // outlive this object and is the only one it draws from).
    Population(const config::Scenario& scenario, Households& households, random::Engine& engine);

    // Schedules the first events with kind `event_kind` (this object's alone); nothing when
    // the scenario's population does not live.
    void start(kernel::Scheduler& clock, std::uint32_t event_kind);
    [[nodiscard]] bool owns(const kernel::Event& e) const { return e.kind == kind_; }
    PopulationChange handle(const kernel::Event& e, kernel::Scheduler& clock);

    // Living households, and children at home under 18, in an order that changes as they come
    // and go (deterministically).
    [[nodiscard]] std::uint32_t households() const { return alive_.size(); }
    [[nodiscard]] std::uint32_t household(std::uint32_t i) const { return alive_.at(i); }
    [[nodiscard]] std::uint32_t minors() const { return minors_.size(); }
    [[nodiscard]] std::uint32_t home_of_minor(std::uint32_t i) const {
        return child_home_[minors_.at(i)];
    }
    [[nodiscard]] bool present(std::uint32_t h) const { return alive_.contains(h); }

    // Whom a household new in town (a kMovedIn or kFounded change) befriends in `graph`: a
    // founder, its parent and up to founder_friends of the parent's friends (drawn without
    // replacement); a household moving in, up to newcomer_friends living households of its
    // town (drawn uniformly, by rejection: a town too small to find one in 32 tries gets
    // fewer). Draws from this object's engine; O(parent's degree + friends).
    [[nodiscard]] std::vector<std::uint32_t> first_friends(const PopulationChange& change,
                                                           const SocialGraph& graph);

    [[nodiscard]] const PopulationCounts& counts() const { return counts_; }
    void reset_counts() { counts_ = {}; }

private:
    enum Target : std::uint32_t { kStream = 0, kComingOfAge = 1 };
    static constexpr std::uint32_t kNoChild = std::numeric_limits<std::uint32_t>::max();

    std::uint32_t add_child(std::uint32_t home, double born);
    void remove_minor(std::uint32_t child);
    void move_out(std::uint32_t h);
    std::uint32_t move_in(double t);
    PopulationChange on_stream(double t);
    PopulationChange on_coming_of_age(double t);
    std::uint32_t found(std::uint32_t parent, double t);
    void track(std::uint32_t h);
    void schedule_stream(kernel::Scheduler& clock);
    void schedule_coming_of_age(kernel::Scheduler& clock);

    const config::Scenario& sc_;
    const config::Population& p_;
    Households& hh_;
    random::Engine* engine_;
    std::uint32_t kind_ = 0;
    kernel::Stamps stamps_{2};
    double rate_per_day_ = 0.0;  // of the superposed stream, for the N it was drawn with

    PresentIds alive_;                        // living households
    std::vector<std::uint32_t> first_child_;  // per household: a child at home under 18

    // Per child ever: its home, birth day and the next child of the same household at home.
    std::vector<std::uint32_t> child_home_, next_sibling_;
    std::vector<double> child_born_;
    PresentIds minors_;  // children at home under 18
    using Due = std::pair<double, std::uint32_t>;  // (day of 18th birthday, child)
    std::priority_queue<Due, std::vector<Due>, std::greater<>> coming_of_age_;
    double scheduled_due_ = std::numeric_limits<double>::infinity();

    PopulationCounts counts_;
};

// A household founded at day t by a child of `parent` starts with `share` of the parent's
// trust in each store the parent knows (trust_of(relation): the parent's trust at t), never
// below `initial`: trust in the store, not in the person (no salesperson), and no card or
// purchase of its own. Share 0 creates nothing.
template <class TrustOf>
void inherit_relations(Relations& relations, std::uint32_t founder, std::uint32_t parent,
                       double share, double t, float initial, TrustOf&& trust_of) {
    if (share <= 0.0) return;
    struct Held {
        std::uint16_t store;
        double trust;
    };
    // Copied first: creating the founder's relations may move the parent's blocks.
    std::vector<Held> held;
    relations.for_each(parent, [&](const Relation& r) { held.push_back({r.store, trust_of(r)}); });
    for (const Held& h : held) {
        Relation& r = relations.get(founder, h.store, initial, t);
        r.trust = std::max(initial, static_cast<float>(share * h.trust));
    }
}

}  // namespace journeysim::model
