#pragma once
// One replication of a scenario: the clock and the event handlers, driving the World
// (model/world.hpp) through the mechanisms in their own files (choice, pricing, referral,
// service, stock, trust, social effects). Single-threaded and deterministic given
// (scenario, seed, replication).
#include <cstdint>

#include "journeysim/config/scenario.hpp"
#include "journeysim/kernel/scheduler.hpp"
#include "journeysim/model/choice.hpp"
#include "journeysim/model/interactions.hpp"
#include "journeysim/model/run_streams.hpp"
#include "journeysim/model/world.hpp"
#include "journeysim/records/records.hpp"
#include "journeysim/records/transactions.hpp"

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
    // The world's parts hold references to each other and to the streams: it stays put.
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
    [[nodiscard]] const World& world() const { return world_; }
    [[nodiscard]] const SocialGraph& social_graph() const { return *world_.graph; }

private:
    // The events that start a run: staff changes, campaigns, platforms' launches, the
    // timeline, the first need, the first period's end, the population's first change.
    void start();
    void handle(const kernel::Event& e);
    // Needs and their way through stores (simulation.cpp).
    // The next need candidate after `from`, at the current candidate rate, and its need.
    void schedule_need(double from);
    void on_need();
    void seek(std::uint32_t visit);
    // Moves trust by an interaction of this quality; served_by (or Relation::kNobody) becomes
    // the household's salesperson there. Reviews and word of mouth hear of it.
    void interact(std::uint32_t household, std::uint32_t store, double quality,
                  std::int32_t served_by, bool bought);
    void on_timeline(std::uint32_t index);
    void on_period_end(std::uint32_t bound);
    // Queues and service (simulation_service.cpp).
    // The visit sets out for the store: arrives now, or after the trip (model/travel.hpp).
    void travel(std::uint32_t visit, std::uint32_t store);
    void arrive(std::uint32_t visit, std::uint32_t store);
    void enqueue(std::uint32_t visit, std::int32_t position);
    // A customer who waited for one salesperson waits for anyone at `store` now.
    void wait_for_anyone(std::uint32_t visit, std::uint32_t store);
    void start_service(std::uint32_t position, std::uint32_t visit);
    void on_renege(const kernel::Event& e);
    void serve_next(std::uint32_t position);
    void on_service_end(std::uint32_t position);
    // An online order that talks to nobody: placed at once, with no queue and no position.
    void place_order(std::uint32_t visit, std::uint32_t store);
    // The end of a visit's service by `person` (-1: nobody, an online order): in stock or
    // not, and what the store does then (model/referral.hpp).
    void conclude(std::uint32_t visit, std::uint32_t store, std::int32_t person);
    void turned_away(std::uint32_t visit);
    // Sales (simulation_sales.cpp).
    void sell(std::uint32_t visit, std::uint32_t store, std::int32_t person,
              records::DiscountKind kind, double quality);
    void on_delivery(std::uint32_t order);
    void on_return(std::uint32_t pending);
    // Campaigns (simulation_campaigns.cpp).
    void on_campaign(std::uint32_t target);
    void on_campaign_visit(std::uint32_t visit);
    // Staff over time (simulation_staff.cpp).
    void on_turnover(std::uint32_t position);
    void replace_when_free(std::uint32_t position);
    void schedule_turnover(std::uint32_t position, double t);
    void release_waiting(std::uint32_t position);
    void on_move(std::uint32_t person);
    void finish_move(std::uint32_t from);
    // Who is on duty at the store changes as its roster says (model/roster.hpp).
    void on_roster(std::uint32_t store);
    void apply_roster(std::uint32_t store);
    // The living population and platforms (simulation_population.cpp).
    void on_population(const kernel::Event& e);
    void welcome(const PopulationChange& change);  // a household moved in or was founded
    void on_platform(const kernel::Event& e);

    const config::Scenario& sc_;
    records::ReplicationRecord record_;  // before the streams: seeding records their seeds here
    double horizon_;
    RunStreams streams_;
    kernel::Scheduler clock_;
    World world_;
    ChoiceScratch choice_scratch_;
    std::vector<std::uint8_t> duty_scratch_;  // per position: due on duty (apply_roster)
    std::uint32_t need_stamp_ = 0;  // a need candidate with another stamp was drawn at an old rate
    std::optional<NeedDraw> next_need_;  // the pending candidate's need (none: thinned out)
    std::int32_t period_ = -1;           // -1 until the warm-up ends
    // Needs are numbered as they arise, households' own and campaigns' apart (the top bit):
    // a need's number seeds its draws.
    static constexpr std::uint64_t kCampaignNeed = std::uint64_t{1} << 63;
    std::uint64_t needs_opened_ = 0, campaign_needs_ = 0;
    InteractionListener* listener_ = nullptr;
    records::TransactionBuffer transactions_;
};

}  // namespace journeysim::model
