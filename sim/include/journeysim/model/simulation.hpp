#pragma once
// One replication of a scenario: households, stores, staff and their queues driven by the
// event kernel. Single-threaded and deterministic given (scenario, seed, replication).
#include <cstdint>
#include <optional>
#include <vector>

#include "journeysim/config/scenario.hpp"
#include "journeysim/kernel/scheduler.hpp"
#include "journeysim/kernel/stamps.hpp"
#include "journeysim/model/active_customers.hpp"
#include "journeysim/model/adoption.hpp"
#include "journeysim/model/fifo.hpp"
#include "journeysim/model/households.hpp"
#include "journeysim/model/interactions.hpp"
#include "journeysim/model/need_arrivals.hpp"
#include "journeysim/model/pool.hpp"
#include "journeysim/model/population.hpp"
#include "journeysim/model/relations.hpp"
#include "journeysim/model/social_graph.hpp"
#include "journeysim/model/social_presence.hpp"
#include "journeysim/model/staff.hpp"
#include "journeysim/model/storefront.hpp"
#include "journeysim/model/word_of_mouth.hpp"
#include "journeysim/records/period_accumulator.hpp"
#include "journeysim/records/records.hpp"
#include "journeysim/records/transactions.hpp"
#include "journeysim/random/draws.hpp"
#include "journeysim/random/streams.hpp"

namespace journeysim::model {

class Simulation {
public:
    // `transactions` (optional) receives every purchase; it is told when the run finishes.
    // `graph` (optional, must outlive the simulation): the social graph to use instead of
    // the scenario's, which is generated, or read from its edge list relative to the working
    // directory. A run reads an edge list once and hands it to every replication.
    Simulation(const config::Scenario& scenario, std::uint64_t seed, std::int32_t replication,
               records::TransactionSink* transactions = nullptr,
               const SocialGraph* graph = nullptr);
    // Word of mouth and adoption hold references into the simulation: it stays where it is.
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // Runs every event up to day `t` (capped at the horizon).
    void advance_to(double t);
    [[nodiscard]] double now() const { return clock_.now(); }
    [[nodiscard]] double horizon() const { return horizon_; }
    [[nodiscard]] bool finished() const { return clock_.now() >= horizon_; }
    // The replication's output; complete once finished().
    [[nodiscard]] const records::ReplicationRecord& record() const { return record_; }
    // Who else hears of each interaction (besides the scenario's word of mouth); nullptr: nobody.
    void set_interaction_listener(InteractionListener* listener) { listener_ = listener; }
    [[nodiscard]] const SocialGraph& social_graph() const { return *graph_; }

private:
    enum EventKind : std::uint32_t {
        kNeed, kServiceEnd, kPeriodEnd, kRenege, kTurnover, kRetire, kRestock, kReturn,
        kDelivery, kTimeline, kCampaign, kCampaignVisit, kMove, kPopulation,
        kPlatform  // platform i's adoption events have kind kPlatform + i
    };
    // What the platforms a household has adopted let it do (bits of media_).
    enum MediaUse : std::uint8_t {
        kOnPlatform = 1, kReadsReviews = 2, kRealPerson = 4, kShoppingChat = 8,
        kFollowsProfiles = 16, kWatchesVideos = 32
    };
    static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
    // A campaign event's target: the store in the low 16 bits, the campaign above.
    static std::uint32_t campaign_target(std::uint32_t store, std::uint32_t campaign) {
        return campaign << 16 | store;
    }
    enum Leaving : std::uint8_t { kStaying, kLeaving, kMoving };  // per position

    // A need on its way through stores: from the choice to a purchase or to giving up.
    struct Visit {
        double arrival = 0.0;        // at the current store
        double deadline = 0.0;
        std::uint64_t excluded = 0;  // stores (index < 64) that already turned it away
        std::uint32_t household = 0;
        std::uint32_t store = 0;
        std::int32_t wanted = -1;    // the position it waits for, -1: anyone
        std::uint16_t category = 0;
        float coupon = 0.0f;         // a campaign's coupon (its discount), good at `store`
    };
    struct Ticket {  // a place in a queue; stale once the visit's stamp moves on
        std::uint32_t visit;
        std::uint32_t stamp;
    };
    struct PendingSale {  // a wrong fit on its way back, or a special order on its way in
        std::uint32_t household;
        std::uint32_t store;
        std::int32_t salesperson;
        std::uint16_t category;
        double price;
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
        std::int64_t waiting = 0;         // in any of the store's queues
        ActiveCustomers active;
        records::PeriodAccumulator period;
    };

    void handle(const kernel::Event& e);
    // Needs and choice.
    void on_need();
    // The next need candidate after `from`, at the current candidate rate, and its need.
    void schedule_need(double from);
    void seek(std::uint32_t visit);
    [[nodiscard]] std::uint32_t choose(const Visit& v, double t);
    [[nodiscard]] bool considers(std::uint32_t store, const Visit& v, double t, double& km) const;
    [[nodiscard]] bool is_open(std::uint32_t store, double t) const;
    // Social fabric (simulation_social.cpp).
    void start_social(const SocialGraph* given, std::uint64_t seed, std::int32_t replication);
    void on_platform(const kernel::Event& e);
    // h has adopted platform i: what it carries is now h's to use.
    void use_platform(std::uint32_t household, std::uint32_t platform);
    // Whether h knows the store at all: known from the start, recommended by a friend
    // (`heard`: what h heard of it), or visited before.
    [[nodiscard]] bool knows(std::uint32_t household, std::uint32_t store,
                             const Hearsay& heard) const;
    // Word of mouth and reviews: the utility h gets from what others say about the store.
    [[nodiscard]] double social_utility(std::uint32_t household, std::uint32_t store,
                                        const Hearsay& heard) const;
    void post_review(std::uint32_t household, std::uint32_t store, double quality);
    // Whether h follows salespeople's profiles (so it follows the one who served it when
    // she moves to another store).
    [[nodiscard]] bool follows_profiles(std::uint32_t household) const {
        return !media_.empty() && (media_[household] & kFollowsProfiles);
    }
    // Chance of a right fit when served at the store with this expertise: friends' chat
    // while shopping and the store's product videos each prevent a share of the wrong ones.
    [[nodiscard]] double right_fit(std::uint32_t household, std::uint32_t store,
                                   double expertise) const;
    // The store's trust clock on day t: time runs slower once it engages on social media.
    [[nodiscard]] double trust_clock(std::uint32_t store, double t) const;
    [[nodiscard]] double trust_now(const Relation& r, double t) const;
    // Whether h's trust in the store counts at choice: always, except at an online store,
    // where only a real person on social media makes a relationship.
    [[nodiscard]] bool has_relationship(std::uint32_t household, std::uint32_t store, double t) const;
    // Posted requests: h, a platform user whose need of the category the store could not
    // meet, may post one; request_elsewhere() posts it to the store h trusts most among
    // those it knows that do not carry all of the category (nobody in reach carries it).
    void post_request(std::uint32_t household, std::uint32_t store, std::uint16_t category);
    [[nodiscard]] bool posts_requests(std::uint32_t household) const;  // a platform user, p > 0
    void request_elsewhere(const Visit& v);
    // Listening: availability and range move toward observed demand (lost sales and
    // requests) over the period just ended.
    void learn_from_period(std::uint32_t store, double years);
    // Queues and service.
    void arrive(std::uint32_t visit, std::uint32_t store);
    void enqueue(std::uint32_t visit, std::int32_t position);
    void start_service(std::uint32_t position, std::uint32_t visit);
    void on_service_end(std::uint32_t position);
    void serve_next(std::uint32_t position);
    void on_renege(const kernel::Event& e);
    [[nodiscard]] double service_days(std::uint32_t store);
    // Outcomes.
    [[nodiscard]] bool in_stock(std::uint32_t store, std::uint16_t category);
    [[nodiscard]] std::int32_t referral_target(const Visit& v, bool better_only);
    [[nodiscard]] double price(std::uint32_t store, std::uint16_t category) const;
    [[nodiscard]] bool on_sale(std::uint32_t store, double t) const;
    [[nodiscard]] double shelf_price(std::uint32_t store, std::uint16_t category, double t) const;
    [[nodiscard]] double lowest_known_price(const Visit& v, double t) const;
    void on_campaign(std::uint32_t target);
    void on_campaign_visit(std::uint32_t visit);
    [[nodiscard]] std::size_t random_category();
    void sell(std::uint32_t visit, std::uint32_t store, std::int32_t person,
              records::DiscountKind kind, double quality);
    void take_from_stock(std::uint32_t store, std::uint16_t category);
    void turned_away(std::uint32_t visit);
    void need_ended(std::uint16_t category, bool met);
    // Moves trust by an interaction of this quality; served_by (or kNobody) becomes the
    // household's salesperson there.
    void interact(std::uint32_t household, std::uint32_t store, double quality,
                  std::int32_t served_by, bool bought);
    // Staff and stock over time.
    void on_turnover(std::uint32_t position);
    void on_move(std::uint32_t person);
    void finish_move(std::uint32_t from);
    void schedule_turnover(std::uint32_t position, double t);
    void release_waiting(std::uint32_t position);
    void replace_when_free(std::uint32_t position);
    void on_restock(std::uint32_t slot);
    void on_return(std::uint32_t pending);
    void on_delivery(std::uint32_t pending);
    void on_timeline(std::uint32_t index);
    void on_period_end(std::uint32_t bound);
    void accrue_fixed_costs(std::uint32_t store, double from, double to);
    // The living population (simulation_population.cpp).
    void on_population(const kernel::Event& e);
    void welcome(const PopulationChange& change);  // a household moved in or was founded
    void farewell(std::uint32_t household);
    [[nodiscard]] records::PopulationPeriod population_row() const;

    const config::Scenario& sc_;
    records::ReplicationRecord record_;  // before the engines: seeding records their seeds here
    double horizon_;
    double decay_per_day_;
    random::Engine households_rng_, needs_rng_, choice_rng_, service_rng_, outcome_rng_,
        staff_rng_, population_rng_;
    kernel::Scheduler clock_;
    Households households_;
    Population population_;
    NeedArrivals arrivals_;
    std::uint32_t need_stamp_ = 0;  // a need candidate with another stamp was drawn at an old rate
    std::optional<NeedDraw> next_need_;  // the pending candidate's need (none: thinned out)
    Relations relations_;
    Staff staff_;
    std::vector<StoreState> stores_;
    std::vector<Storefront> fronts_;     // what choice reads of each store
    // Per store: the service time's distribution in minutes, its parameters worked out once.
    struct ServiceTime {
        bool exponential;
        double rate;  // per minute, when exponential
        random::LognormalMeanSd lognormal;
    };
    std::vector<ServiceTime> service_times_;
    // Per position: the visit being served (kNone when idle), a person waiting to leave, and
    // the customers waiting for that person.
    std::vector<std::uint32_t> serving_;
    std::vector<std::uint8_t> leaving_;
    std::vector<Fifo<Ticket>> personal_;
    Pool<Visit> visits_;
    kernel::Stamps visit_stamps_;
    Pool<PendingSale> pending_;
    std::vector<std::int32_t> stock_, on_order_;  // [store * categories + category]
    std::vector<double> utility_, weight_;  // scratch for choice, one slot per store
    std::vector<std::uint8_t> aware_;       // scratch: aware of a sale at the store
    double price_sensitivity_ = 1.0;        // economic shock factor
    std::int32_t period_ = -1;              // -1 until the warm-up ends
    std::vector<records::CategoryPeriod> category_period_;
    InteractionListener* listener_ = nullptr;
    // Social fabric: built by start_social() in the constructor.
    random::Engine social_rng_, platforms_rng_;
    SocialGraph own_graph_;                      // generated for this run...
    const SocialGraph* graph_ = &own_graph_;     // ...or given
    std::optional<WordOfMouth> word_of_mouth_;
    std::vector<BassAdoption> platforms_;
    std::vector<std::uint8_t> media_;  // per household: MediaUse bits (empty: no platforms)
    std::uint64_t awareness_salt_ = 0;
    double rating_stars_ = 0.0;        // over all stores, for the mean rating
    std::int64_t ratings_ = 0;
    records::TransactionBuffer transactions_;
};

}  // namespace journeysim::model
