#include "journeysim/model/staff.hpp"

namespace journeysim::model {

Staff::Staff(const config::Scenario& sc) : sc_(sc) {
    for (std::uint32_t s = 0; s < sc.stores.size(); ++s) {
        const auto& spec = sc.stores[s];
        first_.push_back(positions());
        for (int k = 0; k < spec.staff; ++k) {
            const auto position = positions();
            holder_.push_back(-1);
            store_.push_back(s);
            if (k < static_cast<int>(spec.salespeople.size())) {
                Person p;
                p.position = static_cast<std::int32_t>(position);
                p.named = k;
                const auto& named = spec.salespeople[static_cast<std::size_t>(k)];
                p.expertise = static_cast<float>(named.expertise);
                for (std::size_t d = 0; d < named.days_off.size(); ++d)
                    p.days_off |= static_cast<std::uint8_t>(named.days_off[d] ? 1u << d : 0u);
                p.hired = spec.opens_day;
                holder_[position] = static_cast<std::int32_t>(people_.size());
                people_.push_back(p);
            } else {
                // The staff a store opens with are experienced: hired three learning times
                // earlier (95% of the way from a new hire's expertise to e_max).
                hire(position, spec.opens_day - 3.0 * spec.learning_years * config::kDaysPerYear);
            }
        }
    }
}

std::int32_t Staff::hire(std::uint32_t position, double t) {
    const auto& spec = sc_.stores[store_[position]];
    Person p;
    p.position = static_cast<std::int32_t>(position);
    p.expertise = static_cast<float>(spec.expertise);
    p.gap = static_cast<float>(spec.expertise - spec.new_hire_expertise);
    p.learning_rate = static_cast<float>(1.0 / (spec.learning_years * config::kDaysPerYear));
    p.hired = t;
    holder_[position] = static_cast<std::int32_t>(people_.size());
    people_.push_back(p);
    return holder_[position];
}

std::int32_t Staff::replace(std::uint32_t position, double t) {
    people_[static_cast<std::size_t>(holder_[position])].position = -1;
    return hire(position, t);
}

std::uint32_t Staff::transfer(std::int32_t person, std::uint32_t store, double t) {
    Person& p = people_[static_cast<std::size_t>(person)];
    const auto from = static_cast<std::uint32_t>(p.position);
    const std::uint32_t to = positions();
    holder_.push_back(person);
    store_.push_back(store);
    p.position = static_cast<std::int32_t>(to);
    hire(from, t);
    return to;
}

}  // namespace journeysim::model
