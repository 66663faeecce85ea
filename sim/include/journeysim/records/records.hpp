#pragma once
// What one replication produces: plain rows, filled by the model (records/ sits below it),
// turned into tables by run/result_set and written by output/hdf5_writer.
#include <cstdint>
#include <array>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "journeysim/records/metric.hpp"

namespace journeysim::records {

// What happened at one store in one period, counted. kMetrics names and describes each count
// once (records/metric.hpp): the result tables, the Python layer and docs/output.md read it.
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
    static constexpr std::array<Metric<Field>, 21> kMetrics = {{
        {"visits", &StoreCounts::visits, "count",
         "customers served in the period (services that ended; online: orders placed)"},
        {"purchases", &StoreCounts::purchases, "count",
         "sales: visits that ended in one (substitutes included) and special orders delivered"},
        {"lost_sales", &StoreCounts::lost_sales, "count",
         "visits that ended with neither a sale nor a special order (referred customers "
         "included)"},
        {"stockouts", &StoreCounts::stockouts, "count",
         "visits where the wanted item was not in stock"},
        {"balks", &StoreCounts::balks, "count", "arrivals who left at the sight of the queue"},
        {"reneges", &StoreCounts::reneges, "count", "customers who gave up waiting"},
        {"returns", &StoreCounts::returns, "count", "wrong fits brought back (and refunded)"},
        {"referrals_given", &StoreCounts::referrals_given, "count",
         "customers this store sent to a competitor"},
        {"referrals_received", &StoreCounts::referrals_received, "count",
         "customers competitors sent here"},
        {"special_orders", &StoreCounts::special_orders, "count",
         "orders placed for a customer (the sale counts when delivered)"},
        {"substitutes", &StoreCounts::substitutes, "count",
         "something else sold under pressure (`push_substitute`)"},
        {"units", &StoreCounts::units, "count",
         "items sold: purchases plus second items bought on BOGO"},
        {"sale_purchases", &StoreCounts::sale_purchases, "count", "purchases at a sale price"},
        {"coupons", &StoreCounts::coupons, "count", "mailed coupons redeemed"},
        {"cards_issued", &StoreCounts::cards_issued, "count",
         "store cards accepted at checkout"},
        {"contacts", &StoreCounts::contacts, "count",
         "direct mail sent and outreach contacts made"},
        {"responses", &StoreCounts::responses, "count",
         "visits that direct mail and outreach brought"},
        {"cross_sells", &StoreCounts::cross_sells, "count",
         "purchases with extra spend (department stores)"},
        {"financed", &StoreCounts::financed, "count", "purchases paid over time"},
        {"reviews", &StoreCounts::reviews, "count",
         "ratings posted on social media about the store"},
        {"requests", &StoreCounts::requests, "count",
         "requests posted on social media about the store: needs it could not meet (out of "
         "stock, or a category nobody in reach carries), `social.request_probability`"},
    }};
    // (name, member) pairs, for code that walks the counts (sums, comparisons).
    static constexpr auto kFields = names_and_reads(kMetrics);
};

// Money in one store and period (currency units); margin and profit follow from these.
struct StoreMoney {
    double revenue = 0.0;         // prices paid, less refunds for returns
    double cost_of_goods = 0.0;   // unit costs of what was sold and kept
    double staff_cost = 0.0;
    double marketing_cost = 0.0;  // advertising and direct mail
    double financing_cost = 0.0;  // what paying over time costs the store

    using Field = double StoreMoney::*;
    static constexpr std::array<Metric<Field>, 5> kMetrics = {{
        {"revenue", &StoreMoney::revenue, "currency",
         "takings less refunds for returns (can be negative in a quiet period)"},
        {"cost_of_goods", &StoreMoney::cost_of_goods, "currency",
         "unit costs of what was sold and kept"},
        {"staff_cost", &StoreMoney::staff_cost, "currency", "staff, accrued while open"},
        {"marketing_cost", &StoreMoney::marketing_cost, "currency",
         "advertising and direct mail, accrued while open"},
        {"financing_cost", &StoreMoney::financing_cost, "currency",
         "what the financed sales cost the store"},
    }};
    // (name, member) pairs, for code that walks the amounts (sums, comparisons).
    static constexpr auto kFields = names_and_reads(kMetrics);
};

struct StorePeriod {
    std::int32_t period = 0;
    std::int32_t store = 0;
    StoreCounts counts;
    StoreMoney money;
    std::int64_t active_customers = 0;
    std::int64_t card_holders = 0;  // at the period's end
    double share = 0.0, mean_wait_min = 0.0, p95_wait_min = 0.0, mean_trust = 0.0;
    double queue_length = 0.0;  // time-average customers waiting over the period
    double utilisation = 0.0;   // time-average share of the store's positions serving
    double rating = 0.0;        // mean stars of all ratings posted so far (NaN: none yet)
    double availability = 0.0;  // at the period's end (listening moves it)
    double assortment = 0.0;    // breadth at the period's end (listening widens it)
};

[[nodiscard]] constexpr double margin(const StorePeriod& p) {
    return p.money.revenue - p.money.cost_of_goods;
}
[[nodiscard]] constexpr double profit(const StorePeriod& p) {
    const StoreMoney& m = p.money;
    return m.revenue - m.cost_of_goods - m.staff_cost - m.marketing_cost - m.financing_cost;
}

// The store's metrics besides its counts and money, in table order after them: what follows
// from the money, the period's shares and waits, and states at the period's end.
using StorePeriodRead = std::variant<std::int64_t StorePeriod::*, double StorePeriod::*,
                                     double (*)(const StorePeriod&)>;
inline constexpr std::array<Metric<StorePeriodRead>, 13> kStorePeriodMetrics = {{
    {"margin", &margin, "currency", "revenue − cost_of_goods"},
    {"profit", &profit, "currency", "margin − staff_cost − marketing_cost − financing_cost"},
    {"active_customers", &StorePeriod::active_customers, "households",
     "households whose last purchase here was within 365 days, at period end"},
    {"card_holders", &StorePeriod::card_holders, "households",
     "households holding the store's card, at period end"},
    {"share", &StorePeriod::share, "fraction",
     "store's purchases / all purchases in its market (all stores without [markets]) in the "
     "period (0 when nobody bought)"},
    {"mean_wait_min", &StorePeriod::mean_wait_min, "minutes",
     "mean queue wait of the period's visits (NaN without visits)"},
    {"p95_wait_min", &StorePeriod::p95_wait_min, "minutes",
     "95th percentile wait (nearest rank) (NaN without visits)"},
    {"queue_length", &StorePeriod::queue_length, "customers",
     "time-average number of customers waiting over the period (Little's law: arrivals "
     "per day x mean wait in days)"},
    {"utilisation", &StorePeriod::utilisation, "fraction",
     "time-average share of the store's positions serving a customer over the period (NaN "
     "without positions: an online store without chat)"},
    {"mean_trust", &StorePeriod::mean_trust, "trust",
     "mean trust of the active customers at period end (NaN when there are none)"},
    {"rating", &StorePeriod::rating, "stars",
     "the store's public rating at period end: mean stars (1–5) of every rating posted so far "
     "(NaN before the first)"},
    {"availability", &StorePeriod::availability, "probability",
     "probability a wanted item of the store's range is in stock, at period end (moved by "
     "timeline events and by listening)"},
    {"assortment", &StorePeriod::assortment, "breadth",
     "the store's breadth (its `assortment` × range carried / categories carried at the "
     "start), at period end; listening to requests widens it"},
}};

// Adoption of one platform at the end of one period.
struct PlatformPeriod {
    std::int32_t period = 0;
    std::int32_t platform = 0;
    std::int64_t audience = 0, adopters = 0;

    static constexpr std::array<Metric<std::int64_t PlatformPeriod::*>, 2> kMetrics = {{
        {"audience", &PlatformPeriod::audience, "households",
         "households in the platform's market, drawn at its launch (0 before it)"},
        {"adopters", &PlatformPeriod::adopters, "households",
         "households that had adopted it by the period's end"},
    }};
};

// Needs of one category in one period: open at its start (carried in), arisen, met by a
// purchase, ended unmet (no store, turned away, gave up, or past the deadline), and open at
// its end. carried_in + needs = met + unmet + open.
struct CategoryPeriod {
    std::int32_t period = 0;
    std::int32_t category = 0;
    std::int64_t carried_in = 0, needs = 0, met = 0, unmet = 0, open = 0;

    using Field = std::int64_t CategoryPeriod::*;
    // Per category (`/category_periods`), and summed over categories (`/totals`).
    static constexpr std::array<Metric<Field>, 5> kMetrics = {{
        {"carried_in", &CategoryPeriod::carried_in, "count",
         "needs open at the period's start (arisen earlier, not yet ended)"},
        {"needs", &CategoryPeriod::needs, "count", "needs that arose"},
        {"met", &CategoryPeriod::met, "count", "needs that ended in a purchase"},
        {"unmet", &CategoryPeriod::unmet, "count",
         "needs that ended unmet: no store in reach, or turned away and not tried again"},
        {"open", &CategoryPeriod::open, "count",
         "needs open at the period's end (in a queue, in service, on special order)"},
    }};
    static constexpr std::array<Metric<Field>, 5> kTotalMetrics = {{
        {"carried_in", &CategoryPeriod::carried_in, "count", kMetrics[0].description},
        {"needs", &CategoryPeriod::needs, "count", kMetrics[1].description},
        {"met_needs", &CategoryPeriod::met, "count", kMetrics[2].description},
        {"unmet_needs", &CategoryPeriod::unmet, "count", kMetrics[3].description},
        {"open_needs", &CategoryPeriod::open, "count", kMetrics[4].description},
    }};
};

// One store's sales of one category in one period: what sold, what was lost, the takings.
struct StoreCategoryPeriod {
    std::int32_t period = 0;
    std::int32_t store = 0;
    std::int32_t category = 0;
    std::int64_t purchases = 0, lost_sales = 0;
    double revenue = 0.0;

    using Read = std::variant<std::int64_t StoreCategoryPeriod::*, double StoreCategoryPeriod::*>;
    static constexpr std::array<Metric<Read>, 3> kMetrics = {{
        {"purchases", &StoreCategoryPeriod::purchases, "count",
         "sales of the category (substitutes and delivered special orders included)"},
        {"lost_sales", &StoreCategoryPeriod::lost_sales, "count",
         "visits for the category that ended with neither a sale nor a special order"},
        {"revenue", &StoreCategoryPeriod::revenue, "currency",
         "takings for the category (second items and cross-sells included) less refunds"},
    }};
};

// Who lives there in one period: households and children at home under 18 at its end, and
// the population events during it (docs/output.md).
struct PopulationPeriod {
    std::int32_t period = 0;
    std::int64_t households = 0, children = 0;
    std::int64_t moved_in = 0, moved_out = 0, born = 0, came_of_age = 0, founded = 0;

    static constexpr std::array<Metric<std::int64_t PopulationPeriod::*>, 7> kMetrics = {{
        {"households", &PopulationPeriod::households, "households",
         "households living there at the period's end"},
        {"children", &PopulationPeriod::children, "children",
         "children at home under 18 at the period's end"},
        {"moved_in", &PopulationPeriod::moved_in, "households",
         "households that moved in during the period"},
        {"moved_out", &PopulationPeriod::moved_out, "households",
         "households that moved away during the period"},
        {"born", &PopulationPeriod::born, "children", "children born"},
        {"came_of_age", &PopulationPeriod::came_of_age, "children",
         "children who turned 18 at home (those who moved away before are not counted)"},
        {"founded", &PopulationPeriod::founded, "households",
         "of those, how many left home and founded a household (counted in `households` too)"},
    }};
};

// One store's hour of the week (weekday, Monday = 0, and hour), over the measured periods:
// who came in, how long they waited, who was on duty and how much of it the store was open.
struct StoreHour {
    std::int32_t store = 0;
    std::int32_t weekday = 0;
    std::int32_t hour = 0;
    std::int64_t arrivals = 0;
    double mean_wait_min = 0.0;
    double staff_on_duty = 0.0;
    double open = 0.0;

    using Read = std::variant<std::int64_t StoreHour::*, double StoreHour::*>;
    static constexpr std::array<Metric<Read>, 4> kMetrics = {{
        {"arrivals", &StoreHour::arrivals, "count",
         "customers who came in during this hour of the week (served, queued or balking; an "
         "online store's orders)"},
        {"mean_wait_min", &StoreHour::mean_wait_min, "minutes",
         "mean queue wait of the customers who came in during this hour and were served "
         "(NaN without any)"},
        {"staff_on_duty", &StoreHour::staff_on_duty, "positions",
         "time-average of the positions on duty in this hour (its staff, without shifts)"},
        {"open", &StoreHour::open, "fraction", "share of this hour the store was open"},
    }};
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
    // period-major, then store, then category
    std::vector<StoreCategoryPeriod> store_category_periods;
    std::vector<PlatformPeriod> platform_periods;  // period-major, platform-minor
    std::vector<PopulationPeriod> population_periods;  // one per period
    std::vector<StoreHour> store_hours;  // store-major, then weekday and hour (168 per store)
    // referrals[from * stores + to]: customers sent from one store to another over the
    // measured periods.
    std::vector<std::int64_t> referrals;
    std::uint64_t events = 0;
};

}  // namespace journeysim::records
