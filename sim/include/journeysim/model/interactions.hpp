#pragma once
// Every interaction that moves a household's trust in a store (a visit, a referral, a
// return) is reported here with its quality q in [-1, 1]. Word of mouth listens: a household
// tells its neighbours what it thought of the store.
#include <cstdint>

namespace journeysim::model {

struct Interaction {
    double time = 0.0;
    std::uint32_t household = 0;
    std::uint32_t store = 0;
    double quality = 0.0;
};

class InteractionListener {
public:
    virtual ~InteractionListener() = default;
    virtual void on_interaction(const Interaction& interaction) = 0;
};

}  // namespace journeysim::model
