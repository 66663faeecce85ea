#include "journeysim/run/memory_estimate.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string_view>
#include <vector>

namespace journeysim::run {

namespace {

// Sizes of what the model and the output keep (sim/include/journeysim/model/*.hpp,
// records/records.hpp, run/result_set.cpp); the calibration against measured peak RSS is
// in docs/reliability.md.
// Six float traits, children, relation head, town, adult's birth day, and the population's
// place in the list of the living and first child.
constexpr double kHouseholdTraitBytes = 6 * 4 + 1 + 4 + 4 + 4 + 4 + 4 + 4;
// Home, birth day, place in the list of children at home, next sibling, and that list's
// entry; in a living population also an 18th birthday waiting in a heap.
constexpr double kChildBytes = 4 + 8 + 4 + 4 + 4;
constexpr double kChildBirthdayBytes = 16;
constexpr double kRelationBlockBytes = 64;          // a cache line holds three relations
constexpr double kRelationsPerBlock = 3;
constexpr double kRelationChunkBytes = 2 << 20;     // older blocks are kept in chunks this size
constexpr double kStoreStateBytes = 365 * 16 + 512;  // active-customer window, queue, accumulators
constexpr double kServerBytes = 24;
// A growing vector may hold its old and its new buffer at once while it moves.
constexpr double kGrowth = 2.0;
// A per-period row lives as a record (growing), then as 8-byte columns built by push_back
// and copied into the result table, then once more as the caller's arrays (numpy):
// 2 * record + 3 * columns at the worst moment. A store-period record is 144 bytes (20
// columns), a category-period record 32 (6 columns); referrals are stores^2 counts.
constexpr double kStorePeriodRowBytes = 2 * 144 + 3 * 20 * 8;
constexpr double kCategoryPeriodRowBytes = 2 * 32 + 3 * 6 * 8;
constexpr double kStoreCategoryRowBytes = 2 * 40 + 3 * 7 * 8;  // per store and category
constexpr double kPopulationRowBytes = 2 * 64 + 3 * 9 * 8;  // one per period (9 columns)
// store_hours: 168 rows per store and replication (a 48-byte record, 8 columns), from a
// 40-byte tally per store and hour of the week kept through the run.
constexpr double kHoursPerWeek = 168.0;
constexpr double kStoreHourRowBytes = 2 * 48 + 3 * 8 * 8;
constexpr double kStoreHourTallyBytes = 40;
constexpr double kReferralBytes = 3 * 8;
constexpr double kWaitBytes = 8;  // one double per visit of a period, for the exact p95
// A waiting customer holds an 8-byte ticket in a ring that doubles and is zero-filled when
// it grows (up to three times the live entries resident while it moves), and a 40-byte
// visit with its stamp and free-list slot in a pool that doubles.
constexpr double kWaitingBytes = 3 * 8 + 2 * (40 + 4 + 4);
constexpr double kMinutesPerDay = 1440;
constexpr double kOffsetBytes = 8, kNeighbourBytes = 4, kPairBytes = 8;
constexpr double kHearsayBytes = 2;  // per household and store
// A platform's flag and earliest clock per household, and its pending clocks (32-byte
// events): about two per waiting household, one live and one stale.
constexpr double kPlatformBytes = 9 + 2 * 32;

std::uint64_t bytes(double b) {
    // Saturate rather than overflow: an absurd scenario must still be refused.
    constexpr double kMax = 1.8e19;
    return static_cast<std::uint64_t>(std::clamp(std::ceil(b), 0.0, kMax));
}

// A size such as "512M", "8G", "1.5GiB" or "1073741824"; nullopt when unreadable.
std::optional<std::uint64_t> parse_size(std::string_view text) {
    std::string s(text);
    std::istringstream in(s);
    double value = 0.0;
    if (!(in >> value) || !std::isfinite(value) || value < 0) return std::nullopt;
    std::string unit;
    in >> unit;
    std::string rest;
    if (in >> rest) return std::nullopt;
    for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (unit.size() > 1 && unit.back() == 'B') unit.pop_back();  // "GB", "GIB" -> "G", "GI"
    if (unit.size() == 2 && unit.back() == 'I') unit.pop_back();
    static constexpr std::string_view kUnits = "KMGT";
    double scale = 1.0;
    if (!unit.empty() && unit != "B") {
        const auto at = kUnits.find(unit);
        if (unit.size() != 1 || at == std::string_view::npos) return std::nullopt;
        scale = std::pow(1024.0, static_cast<double>(at + 1));
    }
    return bytes(value * scale);
}

std::optional<std::uint64_t> mem_available() {
    std::ifstream meminfo("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (meminfo >> key >> kib) {
        std::getline(meminfo, unit);
        if (key == "MemAvailable:") return kib * 1024;
    }
    return std::nullopt;
}

// Needs per household per year over all categories, children and seasons included (a
// season adds boost * width * sqrt(2 pi) / 365 of the base rate on average over a year).
double needs_per_year(const config::Scenario& sc) {
    double rate = 0.0;
    for (const auto& c : sc.categories) {
        double seasonal = 1.0;
        for (const int s : c.seasons) {
            const auto& season = sc.seasons[static_cast<std::size_t>(s)];
            seasonal += season.boost * season.width_days * std::sqrt(2.0 * std::numbers::pi) /
                        config::kDaysPerYear;
        }
        rate += c.rate_per_year * (1.0 + c.per_child * sc.households.children_mean) * seasonal;
    }
    return rate;
}

// Households made by the horizon: the initial ones, those moving in, and those founded by
// children leaving home (a share years/18 of the children there turn 18 in the run). Births
// make it a branching process: a household's adult has children at births_per_year from 18
// to birth_age_max, who found households of their own at 18, so each generation (18 years
// at the shortest) multiplies the founders by up to R = births x (birth_age_max - 18) x
// leave_home_probability. Generous rates grow the town exponentially, and this says so.
double households_made(const config::Scenario& sc) {
    const double initial = static_cast<double>(sc.households.count);
    const auto& p = sc.population;
    if (!p.living) return initial;
    const double years = sc.simulation.years;
    const double arrived = initial * (1.0 + p.move_in_per_year * years);
    const double founded = arrived * sc.households.children_mean * p.leave_home_probability *
                           std::min(1.0, years / config::kAdultAge);
    const double r = p.births_per_year * std::max(0.0, p.birth_age_max - config::kAdultAge) *
                     p.leave_home_probability;
    double growth = 1.0, generation = 1.0;
    for (double y = config::kAdultAge; y <= years; y += config::kAdultAge)
        growth += (generation *= r);
    return (arrived + founded) * growth;
}

// Customers left waiting at the horizon. A store whose arrivals exceed what its staff can
// serve (staff * minutes a day / service minutes; an online store's chat agents) builds a
// queue that grows by the excess every day. Arrivals are split by a multinomial logit of the
// average household at each town's centre (MODEL.md's utility), with the store in question at
// full trust and the others at none: trust concentrates demand on a few stores as the run
// goes on, and which ones is not known in advance. The total is capped by the needs of the
// whole run.
double waiting_customers(const config::Scenario& sc) {
    const auto& h = sc.households;
    const double arrivals_per_day =
        static_cast<double>(h.count) * needs_per_year(sc) / config::kDaysPerYear;
    const double horizon = sc.simulation.horizon_days();
    const std::size_t n = sc.stores.size();
    std::vector<double> utility(n), weight(n);
    double waiting = 0.0;
    for (std::size_t favoured = 0; favoured < n; ++favoured) {
        double share = 0.0;
        for (const auto& town : sc.towns) {
            double top = -config::kNever;
            for (std::size_t s = 0; s < n; ++s) {
                const auto& store = sc.stores[s];
                const double km = store.type == config::StoreType::online
                                      ? 0.0
                                      : std::hypot(store.x - town.x, store.y - town.y);
                utility[s] = km > h.max_travel_km
                                 ? -config::kNever
                                 : sc.choice.asc[static_cast<int>(store.type)] -
                                       h.price_sensitivity.mean * std::log(store.price_index) -
                                       h.distance_sensitivity.mean * km +
                                       (s == favoured ? h.relationship_orientation.mean : 0.0);
                top = std::max(top, utility[s]);
            }
            if (top == -config::kNever) continue;  // nobody there reaches a store
            double sum = 0.0;
            for (std::size_t s = 0; s < n; ++s) sum += (weight[s] = std::exp(utility[s] - top));
            share += town.share * weight[favoured] / sum;
        }
        const auto& store = sc.stores[favoured];
        const double served_per_day = store.staff * kMinutesPerDay / store.service_minutes;
        const double open_days =
            std::min(store.closes_day, horizon) - std::max(store.opens_day, 0.0);
        // An online store queues only the orders that chat first.
        if (store.type == config::StoreType::online) share *= store.chat_share;
        double queue = std::max(0.0, arrivals_per_day * share - served_per_day) *
                       std::max(open_days, 0.0);
        // Customers who find queue_tolerance waiting leave instead (balk).
        if (h.queue_tolerance >= 0) queue = std::min(queue, static_cast<double>(h.queue_tolerance));
        waiting += queue;
    }
    return std::min(waiting, arrivals_per_day * horizon);
}

// The mean degree of the scenario's graph. An edge list is not read here: its size bounds it
// (a friendship takes at least 4 bytes, "0 1\n"); an unreadable one is refused later.
double mean_degree(const config::Scenario& sc, double households) {
    const auto& g = sc.social.graph;
    switch (g.kind) {
        case config::GraphKind::none: return 0.0;
        case config::GraphKind::spatial: {
            double degree = 0.0;
            for (const auto& town : sc.towns)
                degree += town.share * config::spatial_degree(sc, town, g.radius_km);
            return degree;
        }
        case config::GraphKind::edge_list: {
            std::error_code error;
            const auto size = std::filesystem::file_size(g.edges, error);
            return error ? 0.0 : 2.0 * static_cast<double>(size) / 4.0 / std::max(households, 1.0);
        }
        default: return g.mean_degree;
    }
}

// The social fabric, when something uses it (word of mouth or platforms): the adjacency (an
// 8-byte offset per household, two 4-byte ids per friendship, and the 8-byte pairs it is
// built from), the hearsay (2 bytes per household and store, grown by a quarter as
// households join), and per platform a household's state, its pending clocks and its byte of
// what it uses.
double social_bytes(const config::Scenario& sc, double households) {
    const auto& social = sc.social;
    const bool wom =
        social.graph.kind != config::GraphKind::none && social.word_of_mouth.p_tell > 0.0;
    if (!wom && social.platforms.empty()) return 0.0;
    const double degree = mean_degree(sc, households);
    const double graph = households * (kOffsetBytes + degree * (kNeighbourBytes + kPairBytes / 2));
    const double hearsay =
        wom ? 1.25 * households * static_cast<double>(sc.stores.size()) * kHearsayBytes : 0.0;
    const double platforms =
        households * (1.0 + static_cast<double>(social.platforms.size()) * kPlatformBytes);
    return graph + hearsay + platforms;
}

}  // namespace

MemoryEstimate estimate_memory(const config::Scenario& sc, int replications, int threads) {
    const double households = households_made(sc);
    const double stores = static_cast<double>(sc.stores.size());
    const double reps = std::max(replications, 1);
    const auto& bounds = sc.simulation.period_bounds;
    const double periods = bounds.empty() ? 0.0 : static_cast<double>(bounds.size() - 1);
    double longest_period = 0.0;
    for (std::size_t i = 1; i < bounds.size(); ++i)
        longest_period = std::max(longest_period, bounds[i] - bounds[i - 1]);
    double staff = 0.0;
    for (const auto& s : sc.stores) staff += s.staff;

    MemoryEstimate e;
    e.simulations_at_once = std::clamp(threads, 1, std::max(replications, 1));
    // Children ever made: those drawn, and those born (at most births x years each).
    const auto& living = sc.population;
    const double children = sc.households.children_mean +
                            (living.living ? living.births_per_year * sc.simulation.years : 0.0);
    const double child_bytes = kChildBytes + (living.living ? kChildBirthdayBytes : 0.0);
    e.households = bytes(households * (kHouseholdTraitBytes + child_bytes * children));

    // A household holds a relation with each store it has visited: at most one per visit
    // and one per store. Visits are Poisson(rate * years), so a share 1 - exp(-visits) of
    // households hold any; a household's k relations take ceil(k / 3) blocks. Every
    // household has its first block from the start (a vector that grows as households join,
    // when the population lives); older blocks sit in 2 MiB chunks that never move.
    const double rate = needs_per_year(sc);
    const double visits = rate * sc.simulation.years;
    const double known = std::min(stores, visits);
    const double visited = 1.0 - std::exp(-visits);
    const double blocks =
        households * (1.0 + visited * (std::ceil(std::max(known, 1.0) / kRelationsPerBlock) - 1.0));
    const double heads = (living.living ? kGrowth : 1.0) * households;
    e.relations = bytes((heads + blocks - households) * kRelationBlockBytes + kRelationChunkBytes);

    // The exact p95 keeps every wait of the current period: at worst all visits of the
    // longest period at one store.
    const double waits = households * rate * longest_period / config::kDaysPerYear;
    e.stores = bytes(stores * (kStoreStateBytes + kHoursPerWeek * kStoreHourTallyBytes) +
                     staff * kServerBytes + kGrowth * waits * kWaitBytes);

    e.queues = bytes(kWaitingBytes * waiting_customers(sc));
    e.social = bytes(social_bytes(sc, households));

    const double categories = static_cast<double>(sc.categories.size());
    e.result_rows = bytes(reps * (periods * (stores * kStorePeriodRowBytes +
                                             categories * kCategoryPeriodRowBytes +
                                             stores * categories * kStoreCategoryRowBytes +
                                             kPopulationRowBytes) +
                                  stores * stores * kReferralBytes +
                                  stores * kHoursPerWeek * kStoreHourRowBytes));
    return e;
}

std::optional<std::uint64_t> memory_limit() {
    if (const char* given = std::getenv("JOURNEYSIM_MEMORY_LIMIT"); given && *given) {
        std::string text(given);
        for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (text == "none") return std::nullopt;
        if (auto limit = parse_size(text)) return limit;
        throw std::invalid_argument(
            std::string("JOURNEYSIM_MEMORY_LIMIT: expected a size such as 8G, 512M or none ") +
            "(got '" +
            given + "')");
    }
    return mem_available();
}

std::string format_bytes(std::uint64_t b) {
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = static_cast<double>(b);
    int unit = 0;
    while (value >= 1024.0 && unit < 6) value /= 1024.0, ++unit;
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
    return text;
}

void check_memory(const config::Scenario& sc, int replications, int threads,
                  std::optional<std::uint64_t> limit) {
    if (!limit) limit = memory_limit();
    if (!limit) return;
    const MemoryEstimate e = estimate_memory(sc, replications, threads);
    if (e.total() <= *limit) return;
    const auto at_once = static_cast<std::uint64_t>(e.simulations_at_once);
    std::string message = "memory: this run needs about " + format_bytes(e.total()) +
                          " (households " + format_bytes(at_once * e.households) +
                          ", relations " + format_bytes(at_once * e.relations) + ", stores " +
                          format_bytes(at_once * e.stores) + ", queues " +
                          format_bytes(at_once * e.queues) + ", social " +
                          format_bytes(at_once * e.social) + ", result rows " +
                          format_bytes(e.result_rows) + "; " + std::to_string(at_once) +
                          " replication(s) at once), more than the " + format_bytes(*limit) +
                          (std::getenv("JOURNEYSIM_MEMORY_LIMIT")
                               ? " JOURNEYSIM_MEMORY_LIMIT allows"
                               : " this machine has available") +
                          "; reduce households.count, simulation.years, the number of periods, "
                          "replications or threads (or add staff where queues grow), or set "
                          "JOURNEYSIM_MEMORY_LIMIT";
    throw MemoryLimitExceeded(message);
}

}  // namespace journeysim::run
