#pragma once
// What one replication produces: plain rows, filled by the model (records/ sits below it),
// turned into tables by run/result_set and written by output/hdf5_writer.
#include <cstdint>
#include <array>
#include <string>
#include <utility>
#include <vector>

namespace journeysim::records {

// What happened at one store in one period, counted. kFields names each count once, for
// the result tables and the Python layer alike (docs/output.md defines them).
struct StoreCounts {
    std::int64_t visits = 0;       // customers served (a visit ends with a service)
    std::int64_t purchases = 0;    // sales, including special orders delivered and substitutes
    std::int64_t lost_sales = 0;   // visits that ended without a sale
    std::int64_t stockouts = 0;    // visits where the wanted item was not there
    std::int64_t balks = 0;        // arrivals that left at the sight of the queue
    std::int64_t reneges = 0;      // customers who gave up waiting
    std::int64_t returns = 0;      // wrong fits brought back
    std::int64_t referrals_given = 0, referrals_received = 0;
    std::int64_t special_orders = 0;  // ordered for a customer (delivered or not)
    std::int64_t substitutes = 0;     // something else sold under pressure
    std::int64_t units = 0;           // items sold: purchases plus second items (BOGO)
    std::int64_t sale_purchases = 0;  // purchases at a sale price
    std::int64_t coupons = 0;         // coupons redeemed
    std::int64_t cards_issued = 0;    // store cards accepted at checkout
    std::int64_t contacts = 0;        // direct mail sent and outreach contacts made
    std::int64_t responses = 0;       // visits they brought in
    std::int64_t cross_sells = 0;     // purchases with extra spend (department stores)
    std::int64_t financed = 0;        // purchases paid over time
    std::int64_t reviews = 0;         // ratings posted on social media
    std::int64_t requests = 0;        // requests posted on social media about the store

    using Field = std::int64_t StoreCounts::*;
    static constexpr std::array<std::pair<const char*, Field>, 21> kFields = {{
        {"visits", &StoreCounts::visits},
        {"purchases", &StoreCounts::purchases},
        {"lost_sales", &StoreCounts::lost_sales},
        {"stockouts", &StoreCounts::stockouts},
        {"balks", &StoreCounts::balks},
        {"reneges", &StoreCounts::reneges},
        {"returns", &StoreCounts::returns},
        {"referrals_given", &StoreCounts::referrals_given},
        {"referrals_received", &StoreCounts::referrals_received},
        {"special_orders", &StoreCounts::special_orders},
        {"substitutes", &StoreCounts::substitutes},
        {"units", &StoreCounts::units},
        {"sale_purchases", &StoreCounts::sale_purchases},
        {"coupons", &StoreCounts::coupons},
        {"cards_issued", &StoreCounts::cards_issued},
        {"contacts", &StoreCounts::contacts},
        {"responses", &StoreCounts::responses},
        {"cross_sells", &StoreCounts::cross_sells},
        {"financed", &StoreCounts::financed},
        {"reviews", &StoreCounts::reviews},
        {"requests", &StoreCounts::requests},
    }};
};

// Money in one store and period (currency units); margin and profit follow from these.
struct StoreMoney {
    double revenue = 0.0;         // prices paid, less refunds for returns
    double cost_of_goods = 0.0;   // unit costs of what was sold and kept
    double staff_cost = 0.0;
    double marketing_cost = 0.0;  // advertising and direct mail
    double financing_cost = 0.0;  // what paying over time costs the store

    using Field = double StoreMoney::*;
    static constexpr std::array<std::pair<const char*, Field>, 5> kFields = {{
        {"revenue", &StoreMoney::revenue},
        {"cost_of_goods", &StoreMoney::cost_of_goods},
        {"staff_cost", &StoreMoney::staff_cost},
        {"marketing_cost", &StoreMoney::marketing_cost},
        {"financing_cost", &StoreMoney::financing_cost},
    }};
};

struct StorePeriod {
    std::int32_t period = 0;
    std::int32_t store = 0;
    StoreCounts counts;
    StoreMoney money;
    std::int64_t active_customers = 0;
    std::int64_t card_holders = 0;  // at the period's end
    double share = 0.0, mean_wait_min = 0.0, p95_wait_min = 0.0, mean_trust = 0.0;
    double rating = 0.0;        // mean stars of all ratings posted so far (NaN: none yet)
    double availability = 0.0;  // at the period's end (listening moves it)
    double assortment = 0.0;    // breadth at the period's end (listening widens it)
};

// Adoption of one platform at the end of one period.
struct PlatformPeriod {
    std::int32_t period = 0;
    std::int32_t platform = 0;
    std::int64_t audience = 0, adopters = 0;
};

// Needs of one category in one period: open at its start (carried in), arisen, met by a
// purchase, ended unmet (no store, turned away, gave up, or past the deadline), and open at
// its end. carried_in + needs = met + unmet + open.
struct CategoryPeriod {
    std::int32_t period = 0;
    std::int32_t category = 0;
    std::int64_t carried_in = 0, needs = 0, met = 0, unmet = 0, open = 0;
};

// Who lives there in one period: households and children at home under 18 at its end, and
// the population events during it (docs/output.md).
struct PopulationPeriod {
    std::int32_t period = 0;
    std::int64_t households = 0, children = 0;
    std::int64_t moved_in = 0, moved_out = 0, born = 0, came_of_age = 0, founded = 0;
};

struct StreamSeed {
    std::string stream;
    std::uint64_t seed = 0;
};

struct ReplicationRecord {
    std::int32_t replication = 0;
    std::vector<StreamSeed> seeds;
    std::vector<StorePeriod> store_periods;  // period-major, store-minor
    std::vector<CategoryPeriod> category_periods;  // period-major, category-minor
    std::vector<PlatformPeriod> platform_periods;  // period-major, platform-minor
    std::vector<PopulationPeriod> population_periods;  // one per period
    // referrals[from * stores + to]: customers sent from one store to another over the
    // measured periods.
    std::vector<std::int64_t> referrals;
    std::uint64_t events = 0;
};

}  // namespace journeysim::records
