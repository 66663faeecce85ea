#pragma once
// The state of one replication: households and their relations, stores and storefronts,
// staff and their queues, stock, needs on their way through stores, the social graph and
// platforms. The Simulation (model/simulation.hpp) owns the clock and the event handlers and
// reads and writes the World; each mechanism (choice, pricing, referral, service, trust,
// social effects) is a set of functions over it in a file of its own, testable on a World
// built from a small scenario with no run.
#include <cstdint>
#include <optional>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/kernel/stamps.hpp"
#include "journeysim/model/active_customers.hpp"
#include "journeysim/model/adoption.hpp"
#include "journeysim/model/choice.hpp"
#include "journeysim/model/fifo.hpp"
#include "journeysim/model/households.hpp"
#include "journeysim/model/level_over_time.hpp"
#include "journeysim/model/need_arrivals.hpp"
#include "journeysim/model/pool.hpp"
#include "journeysim/model/population.hpp"
#include "journeysim/model/relations.hpp"
#include "journeysim/model/roster.hpp"
#include "journeysim/model/shopping_hours.hpp"
#include "journeysim/model/run_streams.hpp"
#include "journeysim/model/social_graph.hpp"
#include "journeysim/model/social_presence.hpp"
#include "journeysim/model/staff.hpp"
#include "journeysim/model/store_hours.hpp"
#include "journeysim/model/storefront.hpp"
#include "journeysim/model/word_of_mouth.hpp"
#include "journeysim/random/draws.hpp"
#include "journeysim/random/visit_draws.hpp"
#include "journeysim/records/period_accumulator.hpp"
#include "journeysim/records/records.hpp"

namespace journeysim::model {

inline constexpr std::uint32_t kNone = 0xFFFFFFFFu;
inline constexpr double kMinutesPerDay = 1440.0;

// A need on its way through stores: from the choice to a purchase or to giving up.
struct Visit {
    double arrival = 0.0;        // at the current store; once served, the wait in days
    double deadline = 0.0;
    std::uint64_t excluded = 0;  // stores (index < 64) that already turned it away
    std::uint32_t household = 0;
    std::uint32_t store = 0;     // where it is (on a trip: where it is going)
    std::int32_t wanted = -1;    // the position it waits for, -1: anyone
    std::uint16_t category = 0;
    float coupon = 0.0f;         // a campaign's coupon (its discount), good at `store`
    random::VisitDraws draws;    // every draw the need makes: its own numbers

    // A store's bit in `excluded` (stores past 64 are not tracked).
    [[nodiscard]] static std::uint64_t bit(std::uint32_t store) {
        return store < 64 ? std::uint64_t{1} << store : 0;
    }
};

struct Ticket {  // a place in a queue; stale once the visit's stamp moves on
    std::uint32_t visit;
    std::uint32_t stamp;
};

// A wrong fit on its way back, a special order on its way in (sold on delivery), or an
// online order on its way in (`paid`: sold when ordered; its delivery only ends the need).
struct PendingSale {
    std::uint32_t household;
    std::uint32_t store;
    std::int32_t salesperson;
    std::uint16_t category;
    bool paid = false;
    double price;
};

// A store's service time in minutes, its distribution's parameters worked out once.
struct ServiceTime {
    bool exponential;
    double rate;  // per minute, when exponential
    random::LognormalMeanSd lognormal;
};

// What changes while the run goes on, per store (besides its Storefront).
struct StoreState {
    double availability = 1.0;
    config::Referral referral = config::Referral::none;
    std::vector<std::uint32_t> holders;    // households holding the store's card
    std::vector<std::uint32_t> customers;  // households that have bought here
    std::int64_t holders_gone = 0;  // of `holders`, households that have moved away
    double assortment = 1.0, log_assortment = 0.0;
    // Per category: the share of its range the store carries (0: none, 1: all, as the
    // scenario's `categories` say), and the requests posted about it this period.
    std::vector<double> range;
    std::vector<std::int32_t> requested;
    // Trust decays on the store's own clock, slowed by social-media engagement.
    SocialPresence social;
    double rating_stars = 0.0;   // sum of posted ratings, 1-5 stars
    std::int64_t ratings = 0;
    std::vector<std::uint32_t> idle;  // idle positions (a stack)
    Fifo<Ticket> queue;               // waiting for anyone
    LevelOverTime waiting;            // in any of the store's queues
    LevelOverTime busy;               // positions serving a customer
    LevelOverTime staffed;            // positions on duty
    ActiveCustomers active;
    records::PeriodAccumulator period;
};

// What the platforms a household has adopted let it do (bits of World::media).
enum MediaUse : std::uint8_t {
    kOnPlatform = 1, kReadsReviews = 2, kRealPerson = 4, kShoppingChat = 8,
    kFollowsProfiles = 16, kWatchesVideos = 32
};

// A position's state besides who holds it (Staff): about to leave, or to move stores.
enum Leaving : std::uint8_t { kStaying, kLeaving, kMoving };

class World {
public:
    // The one factory: the scenario's world at day 0, drawn from the replication's streams
    // (which it keeps using, so they must outlive it). `graph` (optional, must outlive the
    // world): the social graph to use instead of generating the scenario's; with a living
    // population the world takes a copy, which grows.
    World(const config::Scenario& scenario, RunStreams& streams,
          const SocialGraph* graph = nullptr);
    // Parts of it refer to others (the population to the households): it stays where it is.
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    const config::Scenario& sc;
    double decay_per_day;  // trust's, on a store's own clock

    Households households;
    Population population;
    NeedArrivals arrivals;
    Relations relations;
    Staff staff;
    std::vector<StoreState> stores;
    std::vector<Storefront> fronts;  // what choice reads of each store
    std::vector<std::uint32_t> market;  // per store: its market (0 for all without markets)
    ChoiceTerms choice_terms;        // what choice has to weigh, from the fronts (choice.hpp)
    std::vector<ServiceTime> service_times;
    // Per position: the visit being served (kNone when idle), a person waiting to leave, and
    // the customers waiting for that person.
    std::vector<std::uint32_t> serving;
    std::vector<std::uint8_t> leaving;
    std::vector<Fifo<Ticket>> personal;
    std::vector<std::uint8_t> on_duty;  // per position (model/roster.hpp)
    std::vector<Roster> rosters;        // per store
    Pool<Visit> visits;
    kernel::Stamps visit_stamps;
    Pool<PendingSale> pending;
    std::vector<std::int32_t> stock, on_order;  // [stock_slot(store, category)]
    double price_sensitivity = 1.0;             // economic shock factor
    std::vector<records::CategoryPeriod> category_period;
    std::vector<records::StoreCategoryPeriod> store_category;  // [stock_slot(store, category)]
    std::uint64_t visits_salt;  // seeds each need's draws
    // Opening hours and the shopping rhythm (model/shopping_hours.hpp): whether some store or
    // mall keeps hours (else every door is open whenever the store is in business), and the
    // households' shopping clocks (none: needs arise at any hour alike).
    bool keeps_hours = false;
    ShoppingClocks shopping;
    std::vector<double> town_speed;  // per town, when some town has a travel speed of its own
    StoreHours store_hours;  // what each store's hours of the week saw

    // The social fabric: a graph only when word of mouth or platforms use it.
    SocialGraph own_graph;                   // generated for this run...
    const SocialGraph* graph = &own_graph;   // ...or given
    std::optional<WordOfMouth> word_of_mouth;
    std::vector<BassAdoption> platforms;     // launched by the Simulation
    std::vector<std::uint8_t> media;         // per household: MediaUse bits (empty: no platforms)
    std::uint64_t awareness_salt;
    double rating_stars = 0.0;  // over all stores, for the mean rating
    std::int64_t ratings = 0;

    // km/h of a household's trips (0: they take no time): its town's, else the households'.
    [[nodiscard]] double travel_speed(std::uint32_t household) const {
        return town_speed.empty() ? sc.households.travel_speed_kmh
                                  : town_speed[households.town[household]];
    }
    // The clock a household shops by (nullptr: any hour alike).
    [[nodiscard]] const ShoppingClock* shopping_clock(std::uint32_t household) const {
        return shopping.of_town(households.town[household]);
    }
    [[nodiscard]] std::uint32_t store_count() const {
        return static_cast<std::uint32_t>(stores.size());
    }
    [[nodiscard]] std::uint32_t market_count() const {
        return sc.markets.empty() ? 1 : static_cast<std::uint32_t>(sc.markets.size());
    }
    [[nodiscard]] std::size_t stock_slot(std::uint32_t store, std::uint16_t category) const {
        return store * sc.categories.size() + category;
    }
    // Whether household h's platforms let it do `use` (never, without platforms).
    [[nodiscard]] bool uses(std::uint32_t household, MediaUse use) const {
        return !media.empty() && (media[household] & use);
    }
    // A need of the category arises for the household at day t: a new visit, counted open,
    // drawing its numbers by `key` (the same need in another run of the scenario: the same
    // key, so the same numbers).
    std::uint32_t open_need(std::uint32_t household, std::uint16_t category, double t,
                            std::uint64_t key);
    [[nodiscard]] records::StoreCategoryPeriod& sales_of(std::uint32_t store,
                                                          std::uint16_t category) {
        return store_category[stock_slot(store, category)];
    }
    // A need is over: met (bought) or not.
    void end_need(std::uint16_t category, bool met);
};

}  // namespace journeysim::model
