#pragma once
// Staff rosters (docs/model.md, "Staff rosters"). A store's shifts say how many are on duty
// at each moment of the week; who they are is decided here: its named salespeople first,
// unless it is their day off, then the others in the order of their positions. Off duty, a
// member of staff finishes the customer in hand and takes no other; a customer who asks for
// a salesperson on her day off waits for her with the usual patience, then for anyone.
#include <cstdint>
#include <vector>

#include "journeysim/config/store.hpp"

namespace journeysim::model {

class World;

class Roster {
public:
    Roster() = default;
    explicit Roster(const config::Store& spec);

    // Whether the store keeps a roster: shifts, or a named salesperson's days off.
    [[nodiscard]] bool active() const { return !changes_.empty(); }
    // How many the shifts put on duty at day t; -1 without shifts (every position).
    [[nodiscard]] int scheduled(double t) const;
    // The first day after t at which who is on duty may change (active rosters only).
    [[nodiscard]] double next_change(double t) const;

private:
    // Minutes of the week at which the count or the weekday (for days off) changes, in
    // order, and the count from each to the next; the last one's lasts into the next week.
    std::vector<int> changes_;
    std::vector<int> counts_;
    bool shifts_ = false;
};

// The positions of `store` that are on duty at day t, as its roster has it: flag per
// position of the world (only the store's are set).
void positions_on_duty(const World& world, std::uint32_t store, double t,
                       std::vector<std::uint8_t>& due);

}  // namespace journeysim::model
