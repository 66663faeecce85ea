#pragma once
// Staff as people. Each store has a fixed number of positions (servers); a person holds a
// position until they leave (turnover) or retire, and the position passes to a new hire with
// a new id, so relationships with the person who left end. Expertise (the probability of a
// right fit) rises with tenure: e(t) = e_max - (e_max - e_new) exp(-(t - hired) / learning).
#include <cmath>
#include <cstdint>
#include <vector>

#include "journeysim/config/scenario.hpp"

namespace journeysim::model {

class Staff {
public:
    explicit Staff(const config::Scenario& scenario);

    [[nodiscard]] std::uint32_t positions() const { return static_cast<std::uint32_t>(holder_.size()); }
    [[nodiscard]] std::uint32_t first_position(std::uint32_t store) const { return first_[store]; }
    [[nodiscard]] std::uint32_t store_of(std::uint32_t position) const { return store_[position]; }
    [[nodiscard]] std::int32_t holder(std::uint32_t position) const { return holder_[position]; }
    // The position a person holds, or -1 once they have left.
    [[nodiscard]] std::int32_t position_of(std::int32_t person) const {
        return people_[static_cast<std::size_t>(person)].position;
    }
    [[nodiscard]] bool works_at(std::int32_t person, std::uint32_t store) const {
        if (person < 0) return false;
        const std::int32_t p = position_of(person);
        return p >= 0 && store_[static_cast<std::uint32_t>(p)] == store;
    }
    [[nodiscard]] bool is_named(std::int32_t person) const {
        return people_[static_cast<std::size_t>(person)].named >= 0;
    }
    // The salesperson index within the store's list for a named person, else -1.
    [[nodiscard]] int named_index(std::int32_t person) const {
        return people_[static_cast<std::size_t>(person)].named;
    }
    [[nodiscard]] double expertise(std::int32_t person, double t) const {
        const Person& p = people_[static_cast<std::size_t>(person)];
        return p.expertise - p.gap * std::exp(-(t - p.hired) * p.learning_rate);
    }
    // Whether it is the person's day off on weekday `weekday` (Monday = 0).
    [[nodiscard]] bool day_off(std::int32_t person, int weekday) const {
        return (people_[static_cast<std::size_t>(person)].days_off >> weekday & 1u) != 0;
    }
    // The person in `position` leaves; a new hire takes the position from day t. Returns
    // the new person's id.
    std::int32_t replace(std::uint32_t position, double t);
    // A person moves to a new position at another store (the store grows by one), and a new
    // hire takes her old position from day t. Returns the new position.
    std::uint32_t transfer(std::int32_t person, std::uint32_t store, double t);
    [[nodiscard]] std::size_t people() const { return people_.size(); }

private:
    struct Person {
        std::int32_t position = -1;
        std::int32_t named = -1;   // index in the store's salespeople, -1 for a hire
        std::uint8_t days_off = 0; // bit d: off on weekday d (named salespeople)
        float expertise = 0.0f;    // e_max
        float gap = 0.0f;          // e_max - e_new (0 for a named salesperson)
        float learning_rate = 0.0f;  // 1 / learning time, per day
        double hired = 0.0;
    };
    std::int32_t hire(std::uint32_t position, double t);

    const config::Scenario& sc_;
    std::vector<Person> people_;
    std::vector<std::int32_t> holder_;      // per position
    std::vector<std::uint32_t> store_;      // per position
    std::vector<std::uint32_t> first_;      // per store
};

}  // namespace journeysim::model
