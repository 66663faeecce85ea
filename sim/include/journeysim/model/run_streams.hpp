#pragma once
// A replication's random streams, one per purpose (docs/architecture.md, "random/"), so that
// adding draws to one mechanism never shifts another's numbers. Their seeds are recorded in
// the replication's output.
#include <cstdint>
#include <vector>

#include "journeysim/random/streams.hpp"
#include "journeysim/records/records.hpp"

namespace journeysim::model {

struct RunStreams {
    // Seeds every stream from (seed, replication, its name) and appends the seeds to `seeds`,
    // in the order of the members below.
    RunStreams(std::uint64_t seed, std::int32_t replication,
               std::vector<records::StreamSeed>& seeds);

    random::Engine households, needs, campaigns, staff, population, social, platforms;
    // Not streams: the seed of each need's own draws (random/visit_draws.hpp), recorded as
    // "visits"; and the key of the fixed draw that says which stores a household knew of
    // from the start (model/choice.hpp, knows()).
    std::uint64_t visits_salt, awareness_salt;
};

}  // namespace journeysim::model
