#include "journeysim/model/run_streams.hpp"

namespace journeysim::model {

namespace {
random::Engine seeded(std::vector<records::StreamSeed>& seeds, std::uint64_t seed,
                      std::int32_t replication, const char* stream) {
    const std::uint64_t s =
        random::stream_seed(seed, static_cast<std::uint64_t>(replication), stream);
    seeds.push_back({stream, s});
    return random::make_engine(s);
}
}  // namespace

RunStreams::RunStreams(std::uint64_t seed, std::int32_t replication,
                       std::vector<records::StreamSeed>& seeds)
    : households(seeded(seeds, seed, replication, "households")),
      needs(seeded(seeds, seed, replication, "needs")),
      campaigns(seeded(seeds, seed, replication, "campaigns")),
      staff(seeded(seeds, seed, replication, "staff")),
      population(seeded(seeds, seed, replication, "population")),
      social(seeded(seeds, seed, replication, "social")),
      platforms(seeded(seeds, seed, replication, "platforms")),
      visits_salt(random::stream_seed(seed, static_cast<std::uint64_t>(replication), "visits")),
      awareness_salt(
          random::stream_seed(seed, static_cast<std::uint64_t>(replication), "awareness")) {
    seeds.push_back({"visits", visits_salt});
}

}  // namespace journeysim::model
