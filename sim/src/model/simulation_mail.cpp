// Direct mail: campaigns to card holders and the visits they bring.
#include "journeysim/model/simulation.hpp"
#include "journeysim/random/draws.hpp"

namespace journeysim::model {

void Simulation::on_mail(std::uint32_t store) {
    // A campaign to every card holder: each comes in with a coupon with the response
    // probability, for a category drawn by base rate.
    const double t = clock_.now();
    auto& st = stores_[store];
    const auto& mail = sc_.stores[store].mail;
    clock_.schedule(t + mail.every_days, kMail, store);
    if (!is_open(store, t)) return;
    st.period.counts.mail_pieces += static_cast<std::int64_t>(st.holders.size());
    st.period.money.marketing_cost += mail.cost_per_piece * static_cast<double>(st.holders.size());
    for (std::size_t k = 0; k < st.holders.size(); ++k) {
        if (!random::bernoulli(outcome_rng_, mail.response)) continue;
        const auto category = static_cast<std::uint16_t>(random_category());
        if (!sc_.stores[store].carries[category]) continue;
        ++st.period.counts.mail_responses;
        ++category_period_[category].needs;
        Visit v;
        v.household = st.holders[k];
        v.category = category;
        v.arrival = t;
        v.deadline = t + sc_.categories[category].deadline_days;
        v.coupon = mail.coupon_discount > 0.0;
        v.store = store;
        const std::uint32_t id = visits_.add(v);
        visit_stamps_.resize(visits_.capacity());
        // Responses spread over the days until the next campaign, not all at the door at once.
        clock_.schedule(t + random::uniform01(outcome_rng_) * mail.every_days, kMailVisit, id);
    }
}

void Simulation::on_mail_visit(std::uint32_t visit) {
    const Visit& v = visits_[visit];
    if (!is_open(v.store, clock_.now())) {
        need_ended(v.category, false);
        visits_.remove(visit);
        return;
    }
    arrive(visit, v.store);
}

std::size_t Simulation::random_category() {
    if (sc_.categories.size() == 1) return 0;
    double total = 0.0;
    for (const auto& c : sc_.categories) total += c.rate_per_year;
    double pick = random::uniform01(outcome_rng_) * total;
    std::size_t c = 0;
    while (c + 1 < sc_.categories.size() && pick >= sc_.categories[c].rate_per_year)
        pick -= sc_.categories[c++].rate_per_year;
    return c;
}

}  // namespace journeysim::model
