#include "journeysim/model/trust.hpp"

#include "journeysim/model/world.hpp"

namespace journeysim::model {

namespace {

// trust_clock(), inlined where trust is read and set at every choice and visit: as calls, two
// per trust_now, they cost ~2% of a run's instructions on the reduced model (callgrind).
[[gnu::always_inline]] inline double clock_at(const World& world, std::uint32_t store, double t) {
    return world.stores[store].social.clock(t);
}

}  // namespace

double trust_clock(const World& world, std::uint32_t store, double t) {
    return clock_at(world, store, t);
}

double trust_now(const World& world, const Relation& r, double t) {
    const double elapsed = clock_at(world, r.store, t) - clock_at(world, r.store, r.trust_time);
    return decayed_trust(r.trust, elapsed, world.decay_per_day);
}

bool has_relationship(const World& world, std::uint32_t household, std::uint32_t store,
                      double t) {
    if (world.sc.stores[store].type != config::StoreType::online) return true;
    return world.stores[store].social.on(t) && world.uses(household, kRealPerson);
}

void record_interaction(World& world, std::uint32_t household, std::uint32_t store,
                        double quality, std::int32_t served_by, bool bought, double t) {
    const auto& sc = world.sc;
    auto& st = world.stores[store];
    // Trust, and the store's active-customer window, which tracks each active customer's trust.
    const auto today = static_cast<std::int32_t>(std::floor(t));
    st.active.advance(today);
    Relation& r = world.relations.get(household, static_cast<std::uint16_t>(store),
                                      static_cast<float>(sc.trust.initial), t);
    const bool was_active =
        r.purchase_day != Relation::kNoPurchase && st.active.is_active(r.purchase_day, today);
    if (was_active)
        st.active.remove(r.purchase_day, r.trust, clock_at(world, store, r.trust_time));
    const bool recognised = served_by != Relation::kNobody && r.salesperson == served_by;
    const double gain =
        sc.stores[store].trust_gain * (recognised ? 1.0 + sc.trust.recognition_bonus : 1.0);
    double before = trust_now(world, r, t);
    if (r.salesperson != Relation::kNobody && !world.staff.works_at(r.salesperson, store)) {
        // The person this trust was built with has gone: only the store's part remains.
        before *= sc.trust.kappa_lost;
        r.salesperson = Relation::kNobody;
    }
    r.trust =
        static_cast<float>(std::min(1.0, updated_trust(before, quality, gain, sc.trust.loss)));
    r.trust_time = Relation::stored_time(t);
    if (served_by != Relation::kNobody) r.salesperson = served_by;
    if (bought && r.purchase_day == Relation::kNoPurchase) st.customers.push_back(household);
    if (bought) r.purchase_day = today;
    if (bought || was_active)
        st.active.add(r.purchase_day, r.trust, clock_at(world, store, r.trust_time));
}

}  // namespace journeysim::model
