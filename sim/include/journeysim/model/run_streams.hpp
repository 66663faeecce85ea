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

    random::Engine households, needs, choice, service, outcome, staff, population, social,
        platforms;
    // Not a stream: the key of the fixed draw that says which stores a household knew of
    // from the start (model/choice.hpp, knows()).
    std::uint64_t awareness_salt;
};

}  // namespace journeysim::model
