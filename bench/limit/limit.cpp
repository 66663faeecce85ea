// The reduced model written as fast as we know how, with no journeysim code: the floor that
// journeysim's run of the same model is measured against (issue 19, bench/side_by_side.py).
//
// The model is bench/compare_simpy.py's town (the peers' too): households on a disc of 5 km,
// stores on a ring of 3 km with price indices 0.85..1.15, lognormal price, distance and
// relationship weights, needs as one superposed Poisson process (2.5 per household-year), a
// logit over U = -b_price ln(price) - b_dist km + b_rel tau, FIFO M/M/c queues (20 minutes),
// a purchase with probability 0.9, and trust stepped by the visit's quality after service and
// decaying in between. What makes it fast, each a design choice open to journeysim too:
//
// - a household is one 64-byte record, aligned to a cache line: the static part of every
//   store's utility (price and distance never change here), computed once, and its trust;
// - trust is kept as g = tau e^(delta t_set), so tau(t) = g e^(-delta t): one exp per choice
//   for all stores, not one per store;
// - needs are drawn kAhead needs ahead and each household prefetched when drawn, so the one
//   cache miss a need costs is long over when it comes due (one ahead: 200 ns per event at
//   1e6 households; 16 ahead: see bench/README.md); the records sit in 2 MiB pages;
// - a queue is the Kiefer-Wolfowitz recursion: each store keeps its servers' free times in a
//   small heap, and an arrival's wait is known when it arrives (exact for FIFO M/M/c). Only
//   the end of service is an event (trust moves then), in a heap of the ~busy servers;
// - weights by a polynomial exp in float (relative error ~2e-7, far below the noise of a
//   share); a fast generator (xoshiro256+) and Lemire's multiply for a uniform household.
//
//     limit --households 100000 --years 5 --stores 5 --staff 8 --seed 1
//
// prints one JSON object: the seconds (wall and CPU) from building the households to the
// horizon, events (needs + ends of service, as the peers count them) and per store visits,
// purchases and the sum of waits in minutes.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <numbers>
#include <queue>
#include <sys/mman.h>
#include <string>
#include <vector>

namespace {

constexpr double kDaysPerYear = 365.0;
constexpr double kMinutesPerDay = 1440.0;
// The reduced model's parameters (bench/compare_simpy.py's town()).
constexpr double kTownRadiusKm = 5.0;
constexpr double kRingKm = 3.0;
constexpr double kNeedsPerYear = 2.5;
constexpr double kServiceMinutes = 20.0;
constexpr double kAvailability = 0.9;
constexpr double kGain = 0.15, kLoss = 0.3, kDecayPerYear = 0.2;
constexpr double kPurchaseQuality = 0.6, kLostQuality = -0.5, kPenaltyPerHour = 0.5;
struct Trait {
    double mean, sd;
};
constexpr Trait kPriceWeight{2.0, 0.5}, kDistanceWeight{0.3, 0.1}, kTrustWeight{1.0, 0.3};

// xoshiro256+ (Blackman and Vigna 2018): the top 53 bits make a double in [0, 1).
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& word : s_) {  // SplitMix64 fills the state
            seed += 0x9E3779B97F4A7C15ull;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            word = z ^ (z >> 31);
        }
    }
    std::uint64_t next() {
        const std::uint64_t result = s_[0] + s_[3];
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0], s_[3] ^= s_[1], s_[1] ^= s_[2], s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = (s_[3] << 45) | (s_[3] >> 19);
        return result;
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double open_uniform() {  // in (0, 1]: log's argument (libm's log is half log1p's cost)
        return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53;
    }
    double exponential(double mean) { return -mean * std::log(open_uniform()); }
    std::uint32_t below(std::uint32_t n) {  // Lemire: no division, bias < n / 2^64
        return static_cast<std::uint32_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
    }
    double normal() {  // Box-Muller, one of the pair
        const double r = std::sqrt(-2.0 * std::log(open_uniform()));
        return r * std::cos(2.0 * std::numbers::pi * uniform());
    }
    double lognormal(Trait t) {  // with the given mean and sd, as the peers draw traits
        const double s2 = std::log1p(t.sd * t.sd / (t.mean * t.mean));
        return std::exp(std::log(t.mean) - 0.5 * s2 + std::sqrt(s2) * normal());
    }

private:
    std::uint64_t s_[4];
};

// e^x in float for x in [-87, 87]: 2^(x log2 e) as 2^n times a degree-5 polynomial for 2^f,
// f in [-0.5, 0.5] (relative error ~2e-7). Branch-free, so the weights loop vectorises.
inline float fast_exp(float x) {
    const float y = x * 1.44269504f;
    const float n = (y + 0x1.8p23f) - 0x1.8p23f;  // round to nearest; roundf is a libm call
    const float f = y - n;
    float p = 1.3333558e-3f;
    p = p * f + 9.6181291e-3f;
    p = p * f + 5.5504109e-2f;
    p = p * f + 2.4022651e-1f;
    p = p * f + 6.9314718e-1f;
    p = p * f + 1.0f;
    std::int32_t bits;
    std::memcpy(&bits, &p, sizeof bits);
    bits += static_cast<std::int32_t>(n) << 23;
    std::memcpy(&p, &bits, sizeof p);
    return p;
}

template <int S>
struct alignas(64) Household {
    float base[S];   // -b_price ln(price_s) - b_dist km_s: static in this model
    float trust[S];  // tau_s e^(delta t_s), t_s when tau_s was set: tau(t) = trust e^(-delta t)
    float trust_weight;
};

constexpr int kAhead = 16;  // needs drawn ahead of the clock (a power of two)

// Records in transparent huge pages: at 1e6 households (64 MB) a 4 KiB page walk would add
// a second miss to every need.
template <class T>
T* huge_array(std::size_t n) {
    const std::size_t huge = std::size_t{2} << 20;
    const std::size_t bytes = (n * sizeof(T) + huge - 1) / huge * huge;
    void* p = std::aligned_alloc(huge, bytes);
    if (!p) std::abort();
    madvise(p, bytes, MADV_HUGEPAGE);
    return new (p) T[n];
}

struct ServiceEnd {
    double time;
    std::uint32_t household;
    std::uint16_t store;
    bool bought;
    float wait_minutes;
    bool operator>(const ServiceEnd& o) const { return time > o.time; }
};

struct Tally {
    std::int64_t visits = 0, purchases = 0;
    double wait_minutes = 0.0;
};

struct Options {
    std::uint32_t households = 100000;
    double years = 5.0;
    int stores = 5;
    int staff = 1;
    std::uint64_t seed = 1;
};

template <int S>
int run(const Options& o) {
    const auto started = std::chrono::steady_clock::now();
    const std::clock_t cpu_started = std::clock();
    Rng rng(o.seed);
    double sx[S], sy[S], log_price[S];
    for (int s = 0; s < S; ++s) {
        const double angle = 2.0 * std::numbers::pi * s / S;
        sx[s] = kRingKm * std::cos(angle), sy[s] = kRingKm * std::sin(angle);
        log_price[s] = std::log(0.85 + 0.3 * s / (S - 1));
    }
    const std::uint32_t n = o.households;
    Household<S>* people = huge_array<Household<S>>(n);
    for (std::uint32_t h = 0; h < n; ++h) {
        const double r = kTownRadiusKm * std::sqrt(rng.uniform());
        const double a = 2.0 * std::numbers::pi * rng.uniform();
        const double x = r * std::cos(a), y = r * std::sin(a);
        const double b_price = rng.lognormal(kPriceWeight);
        const double b_dist = rng.lognormal(kDistanceWeight);
        Household<S>& p = people[h];
        p.trust_weight = static_cast<float>(rng.lognormal(kTrustWeight));
        for (int s = 0; s < S; ++s) {
            const double dx = sx[s] - x, dy = sy[s] - y;
            const double km = std::sqrt(dx * dx + dy * dy);  // all within the 50 km reach
            p.base[s] = static_cast<float>(-b_price * log_price[s] - b_dist * km);
            p.trust[s] = 0.0f;
        }
    }

    const double horizon = o.years * kDaysPerYear;
    const double decay = kDecayPerYear / kDaysPerYear;
    const double need_gap = kDaysPerYear / (kNeedsPerYear * n);
    const double service_days = kServiceMinutes / kMinutesPerDay;
    using FreeAt = std::priority_queue<double, std::vector<double>, std::greater<>>;
    std::vector<FreeAt> servers(S);
    for (auto& free_at : servers)
        for (int k = 0; k < o.staff; ++k) free_at.push(0.0);
    std::vector<ServiceEnd> reserve;
    reserve.reserve(static_cast<std::size_t>(S) * o.staff * 4 + 64);
    std::priority_queue<ServiceEnd, std::vector<ServiceEnd>, std::greater<>> ends(
        std::greater<>{}, std::move(reserve));
    Tally tally[S];
    std::int64_t events = 0;

    // The next kAhead needs: times and households, a ring; slot i % kAhead is need i.
    double ahead_time[kAhead];
    std::uint32_t ahead_household[kAhead];
    double last = 0.0;
    for (int i = 0; i < kAhead; ++i) {
        ahead_time[i] = last += rng.exponential(need_gap);
        ahead_household[i] = rng.below(n);
        __builtin_prefetch(&people[ahead_household[i]]);
    }
    for (std::uint64_t i = 0;; ++i) {
        const int slot = static_cast<int>(i % kAhead);
        const double t = ahead_time[slot];
        if (t >= horizon) break;
        while (!ends.empty() && ends.top().time <= t) {
            const ServiceEnd e = ends.top();
            ends.pop();
            Tally& k = tally[e.store];
            ++k.visits, k.purchases += e.bought, k.wait_minutes += e.wait_minutes, ++events;
            const double outcome = e.bought ? kPurchaseQuality : kLostQuality;
            const double q =
                std::clamp(outcome - kPenaltyPerHour * e.wait_minutes / 60, -1.0, 1.0);
            float& g = people[e.household].trust[e.store];
            const double grow = std::exp(decay * e.time);
            const double tau = g / grow;
            const double stepped = q > 0 ? tau + kGain * q * (1 - tau) : tau + kLoss * q * tau;
            g = static_cast<float>(std::clamp(stepped, 0.0, 1.0) * grow);
        }
        const std::uint32_t h = ahead_household[slot];
        const double now = t;
        ahead_time[slot] = last += rng.exponential(need_gap);
        ahead_household[slot] = rng.below(n);
        __builtin_prefetch(&people[ahead_household[slot]]);
        ++events;

        const Household<S>& p = people[h];
        const float trust_now = p.trust_weight * static_cast<float>(std::exp(-decay * now));
        float weight[S];
        float total = 0.0f;
        for (int s = 0; s < S; ++s) {
            weight[s] = fast_exp(p.base[s] + trust_now * p.trust[s]);
            total += weight[s];
        }
        float pick = static_cast<float>(rng.uniform()) * total;
        int store = 0;
        while (store < S - 1 && pick >= weight[store]) pick -= weight[store++];

        FreeAt& free_at = servers[store];
        const double start = std::max(now, free_at.top());
        const double end = start + rng.exponential(service_days);
        free_at.pop();
        free_at.push(end);
        if (end < horizon)
            ends.push({end, h, static_cast<std::uint16_t>(store), rng.uniform() < kAvailability,
                       static_cast<float>((start - now) * kMinutesPerDay)});
    }
    while (!ends.empty() && ends.top().time < horizon) {  // the last ones, for the tallies
        const ServiceEnd& e = ends.top();
        Tally& k = tally[e.store];
        ++k.visits, k.purchases += e.bought, k.wait_minutes += e.wait_minutes, ++events;
        ends.pop();
    }
    std::free(people);  // Household is trivially destructible
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const double cpu_seconds = static_cast<double>(std::clock() - cpu_started) / CLOCKS_PER_SEC;

    std::printf("{\"households\": %u, \"years\": %g, \"staff\": %d, \"seconds\": %.6f, "
                "\"cpu_seconds\": %.6f, \"events\": %lld, \"stores\": [",
                n, o.years, o.staff, seconds, cpu_seconds, static_cast<long long>(events));
    for (int s = 0; s < S; ++s)
        std::printf("%s{\"visits\": %lld, \"purchases\": %lld, \"wait_minutes\": %.6f}",
                    s ? ", " : "", static_cast<long long>(tally[s].visits),
                    static_cast<long long>(tally[s].purchases), tally[s].wait_minutes);
    std::printf("]}\n");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const char* value = argv[i + 1];
        if (key == "--households") o.households = static_cast<std::uint32_t>(std::atoll(value));
        else if (key == "--years") o.years = std::atof(value);
        else if (key == "--stores") o.stores = std::atoi(value);
        else if (key == "--staff") o.staff = std::atoi(value);
        else if (key == "--seed") o.seed = std::strtoull(value, nullptr, 10);
        else {
            std::fprintf(stderr, "limit: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (o.households < 1 || o.years <= 0 || o.staff < 1) {
        std::fprintf(stderr, "limit: --households, --years and --staff must be positive\n");
        return 2;
    }
    // The store count is a template parameter so the per-store loops unroll.
    switch (o.stores) {
        case 5: return run<5>(o);
        case 10: return run<10>(o);
        default: std::fprintf(stderr, "limit: --stores must be 5 or 10 (got %d)\n", o.stores);
    }
    return 2;
}
