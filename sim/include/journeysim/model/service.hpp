#pragma once
// Service at a store's counter, or at an online store's chat (docs/model.md, "Queues"): a
// customer who knows a salesperson here asks for her; otherwise any idle one serves; else the
// customer queues, or balks when the queue is past her tolerance. When a salesperson comes
// free she serves those waiting for her first, then the store's queue. These functions move
// the World's queues; the Simulation schedules what follows (service ends, reneging).
#include <cstdint>

#include "journeysim/random/visit_draws.hpp"

namespace journeysim::model {

class World;
struct ServiceTime;

// Whether a customer arriving at the store goes to a counter: always at a shop; at an online
// store (no counter: the order is placed at once) only one who talks to a chat agent first,
// a share `chat_share` of the orders (drawn from `draws` only when the store has chat).
[[nodiscard]] bool at_counter(const World& world, std::uint32_t store, random::VisitDraws& draws);

// A service's length in days, drawn from the store's distribution with the visit's `draws`.
[[nodiscard]] double service_days(const ServiceTime& time, random::VisitDraws& draws);

// The position the household asks for at the store: that of the salesperson who served it
// there last, if she still works there (and households ask); -1: anyone.
[[nodiscard]] std::int32_t wanted_position(const World& world, std::uint32_t household,
                                           std::uint32_t store);

struct Admission {
    enum Kind : std::uint8_t { kServe, kQueue, kBalk } kind;
    std::uint32_t position = 0;  // kServe: who serves
};
// A customer wanting `wanted` (-1: anyone) arrives at the store on day t: takes the position
// she is served by off the idle ones, or joins the count of those waiting (the caller queues
// her), or balks.
[[nodiscard]] Admission admit(World& world, std::uint32_t store, std::int32_t wanted, double t);

// An idle position of the store, taken off the idle ones; kNone when all are busy.
[[nodiscard]] std::uint32_t take_idle(World& world, std::uint32_t store);

// The visit the position serves next on day t (its own waiting customers first, then the
// store's queue), off the queue; kNone when nobody waits, and the position goes idle (or,
// off duty, neither serves nor waits).
[[nodiscard]] std::uint32_t next_customer(World& world, std::uint32_t position, double t);

}  // namespace journeysim::model
