// ActiveCustomers (O(1) ring of purchase days with lazily decayed trust mass) against a
// brute-force reference that keeps every household and decays each trust when read.
#include "journeysim/model/active_customers.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <ostream>
#include <random>
#include <vector>

namespace {

using journeysim::model::ActiveCustomers;

struct Customer {
    std::int32_t purchase_day;
    double trust;
    double trust_time;
};

// The definition, computed directly: a household is active when it bought in the last 365
// days; its trust at t is trust * exp(-decay * (t - trust_time)).
class Reference {
  public:
    Reference(double decay, std::size_t households) : customers(households), decay_(decay) {}
    std::vector<std::optional<Customer>> customers;  // by household; empty: never bought

    [[nodiscard]] bool is_active(const Customer& c, std::int32_t today) const {
        return today - c.purchase_day < ActiveCustomers::kWindowDays;
    }
    [[nodiscard]] std::int64_t count(std::int32_t today) const {
        std::int64_t n = 0;
        for (const auto& c : customers) n += c && is_active(*c, today);
        return n;
    }
    [[nodiscard]] double mean_trust(std::int32_t today, double t) const {
        double sum = 0;
        std::int64_t n = 0;
        for (const auto& c : customers)
            if (c && is_active(*c, today))
                sum += c->trust * std::exp(-decay_ * (t - c->trust_time)), ++n;
        return n ? sum / static_cast<double>(n) : std::nan("");
    }

  private:
    double decay_;
};

void expect_same(const ActiveCustomers& ac, const Reference& ref, std::int32_t today, double t,
                 int op) {
    ASSERT_EQ(ac.count(), ref.count(today)) << "at operation " << op << ", day " << today;
    const double want = ref.mean_trust(today, t);
    const double got = ac.mean_trust(t);
    if (std::isnan(want)) {
        ASSERT_TRUE(std::isnan(got)) << "no active customers: mean trust is NaN, got " << got;
        return;
    }
    ASSERT_NEAR(got, want, 1e-9 * std::abs(want)) << "at operation " << op << ", t " << t;
}

struct RandomRun {
    double decay_per_day;
    double rebase_every_days;
    std::uint64_t seed;
};
void PrintTo(const RandomRun& r, std::ostream* out) {
    *out << "{decay " << r.decay_per_day << "/day, rebase every " << r.rebase_every_days
         << " days, seed " << r.seed << "}";
}

class ActiveCustomersVsReference : public ::testing::TestWithParam<RandomRun> {};

TEST_P(ActiveCustomersVsReference, CountAndMeanTrustMatch) {
    const RandomRun run = GetParam();
    ActiveCustomers ac(run.decay_per_day);
    constexpr std::uint32_t kHouseholds = 300;
    Reference ref(run.decay_per_day, kHouseholds);
    std::mt19937_64 rng(run.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<std::uint32_t> household(0, kHouseholds - 1);
    std::exponential_distribution<double> gap(8.0);  // ~8 events a day

    double t = 0.0, last_rebase = 0.0;
    std::int32_t today = 0;
    std::size_t jumps = 0, expiries_seen = 0;
    for (int op = 0; op < 40'000; ++op) {
        // Time moves on; now and then by more than the window, which empties it at once.
        const double r = unit(rng);
        if (r < 0.0005) {
            t += 365.0 + 400.0 * unit(rng);
            ++jumps;
        } else if (r < 0.01) {
            t += 60.0 * unit(rng);
        } else {
            t += gap(rng);
        }
        const auto day = static_cast<std::int32_t>(std::floor(t));
        if (day != today) {
            const auto before = ac.count();
            ac.advance(day);
            today = day;
            if (ac.count() < before) ++expiries_seen;
        }
        if (t - last_rebase >= run.rebase_every_days) {
            ac.rebase(t);
            last_rebase = t;
        }

        // A visit by a household: a purchase (60%) or a lost sale; trust moves either way.
        const std::uint32_t h = household(rng);
        const bool purchased = unit(rng) < 0.6;
        const double trust = unit(rng);
        std::optional<Customer>& c = ref.customers[h];
        const bool was_active = c && ref.is_active(*c, today);
        if (was_active) ac.remove(c->purchase_day, c->trust, c->trust_time);
        if (purchased) {
            c = Customer{today, trust, t};
            ac.add(today, trust, t);
        } else if (c) {
            c->trust = trust, c->trust_time = t;
            if (was_active) ac.add(c->purchase_day, trust, t);
        }

        expect_same(ac, ref, today, t, op);
        // Mean trust read at a later time within the day (as at a period end) too.
        if (op % 97 == 0) expect_same(ac, ref, today, std::floor(t) + 0.999, op);
        if (HasFatalFailure()) return;  // the first divergence is the informative one
    }
    EXPECT_GT(jumps, 5u) << "the sequence should exercise the whole-window expiry";
    EXPECT_GT(expiries_seen, 100u) << "the sequence should exercise day-by-day expiry";
}

INSTANTIATE_TEST_SUITE_P(DecayAndRebase, ActiveCustomersVsReference,
                         ::testing::Values(RandomRun{0.2 / 365.0, 30.0, 1},
                                           RandomRun{0.01, 30.0, 2}, RandomRun{0.05, 7.0, 3},
                                           RandomRun{0.002, 365.0, 4}));

TEST(ActiveCustomers, WindowIsThe365DaysBeforeToday) {
    ActiveCustomers ac(0.0);
    ac.advance(10);
    ac.add(10, 0.5, 10.2);
    EXPECT_EQ(ac.count(), 1);
    EXPECT_TRUE(ac.is_active(10, 374));
    EXPECT_FALSE(ac.is_active(10, 375));
    ac.advance(374);
    EXPECT_EQ(ac.count(), 1) << "bought 364 days ago: still active";
    EXPECT_DOUBLE_EQ(ac.mean_trust(374.5), 0.5);  // no decay
    ac.advance(375);
    EXPECT_EQ(ac.count(), 0) << "bought 365 days ago: no longer active";
    EXPECT_TRUE(std::isnan(ac.mean_trust(375.0)));
}

TEST(ActiveCustomers, MeanTrustDecaysExponentially) {
    const double d = 0.01;
    ActiveCustomers ac(d);
    ac.add(0, 0.8, 0.0);
    ac.add(0, 0.4, 0.0);
    ac.advance(20);
    ac.add(20, 1.0, 20.0);
    const double t = 50.0;
    const double want =
        (0.8 * std::exp(-d * t) + 0.4 * std::exp(-d * t) + 1.0 * std::exp(-d * (t - 20.0))) / 3.0;
    EXPECT_NEAR(ac.mean_trust(t), want, 1e-12);
    ac.rebase(40.0);  // re-expressing the sums changes nothing observable
    EXPECT_NEAR(ac.mean_trust(t), want, 1e-12);
    ac.remove(0, 0.4, 0.0);
    EXPECT_EQ(ac.count(), 2);
    EXPECT_NEAR(ac.mean_trust(t), (0.8 * std::exp(-d * t) + std::exp(-d * (t - 20.0))) / 2.0,
                1e-12);
}

}  // namespace
