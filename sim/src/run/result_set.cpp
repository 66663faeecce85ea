// The result tables (docs/output.md), each written as one list of fields: the records' metric
// lists (records/) for what the model measured, one column() line per column for the rest.
#include <cmath>
#include <functional>
#include <string>

#include "journeysim/output/calendar.hpp"
#include "journeysim/output/column_builder.hpp"
#include "journeysim/run/metrics.hpp"
#include "journeysim/run/run.hpp"
#include "journeysim/version.hpp"

namespace journeysim::run {

namespace {

using output::ColumnBuilder;
using records::CategoryPeriod;
using records::PlatformPeriod;
using records::PopulationPeriod;
using records::ReplicationRecord;
using records::StorePeriod;
using I64 = std::vector<std::int64_t>;

// Needs of all categories together: one row per period (rows are period-major,
// category-minor).
std::vector<CategoryPeriod> summed_over_categories(const ReplicationRecord& rep) {
    std::vector<CategoryPeriod> totals;
    for (const auto& row : rep.category_periods) {
        if (row.category == 0) {
            totals.push_back(row);
            continue;
        }
        for (const auto& [name, field] : records::names_and_reads(CategoryPeriod::kMetrics))
            totals.back().*field += row.*field;
    }
    return totals;
}

// One store-to-store cell of a replication's referral matrix.
struct Referrals {
    std::int64_t from_store = 0, to_store = 0, count = 0;
};

// The tables with a row per record of each replication, in file order: their names, where
// a replication's rows come from (a member, or a function of the replication) and their
// columns after `replication`. `stores`: how many the scenario has.
template <class Visit>
void per_replication_tables(std::int64_t stores, Visit&& visit) {
    // Every ordered pair of stores, zeros included.
    auto referral_cells = [stores](const ReplicationRecord& rep) {
        std::vector<Referrals> cells;
        for (std::int64_t i = 0; i < stores * stores; ++i)
            cells.push_back({i / stores, i % stores, rep.referrals[static_cast<std::size_t>(i)]});
        return cells;
    };
    visit("store_periods", &ReplicationRecord::store_periods,
          ColumnBuilder<StorePeriod>{}
              .column("period", &StorePeriod::period)
              .column("store", &StorePeriod::store)
              .metrics(&StorePeriod::counts, records::StoreCounts::kMetrics)
              .metrics(&StorePeriod::money, records::StoreMoney::kMetrics)
              .metrics(records::kStorePeriodMetrics));
    visit("totals", &summed_over_categories,
          ColumnBuilder<CategoryPeriod>{}
              .column("period", &CategoryPeriod::period)
              .metrics(CategoryPeriod::kTotalMetrics));
    visit("category_periods", &ReplicationRecord::category_periods,
          ColumnBuilder<CategoryPeriod>{}
              .column("period", &CategoryPeriod::period)
              .column("category", &CategoryPeriod::category)
              .metrics(CategoryPeriod::kMetrics));
    visit("store_category_periods", &ReplicationRecord::store_category_periods,
          ColumnBuilder<records::StoreCategoryPeriod>{}
              .column("period", &records::StoreCategoryPeriod::period)
              .column("store", &records::StoreCategoryPeriod::store)
              .column("category", &records::StoreCategoryPeriod::category)
              .metrics(records::StoreCategoryPeriod::kMetrics));
    visit("store_hours", &ReplicationRecord::store_hours,
          ColumnBuilder<records::StoreHour>{}
              .column("store", &records::StoreHour::store)
              .column("weekday", &records::StoreHour::weekday)
              .column("hour", &records::StoreHour::hour)
              .metrics(records::StoreHour::kMetrics));
    visit("population", &ReplicationRecord::population_periods,
          ColumnBuilder<PopulationPeriod>{}
              .column("period", &PopulationPeriod::period)
              .metrics(PopulationPeriod::kMetrics));
    visit("referrals", referral_cells,
          ColumnBuilder<Referrals>{}
              .column("from_store", &Referrals::from_store)
              .column("to_store", &Referrals::to_store)
              .column("count", &Referrals::count));
    visit("platform_periods", &ReplicationRecord::platform_periods,
          ColumnBuilder<PlatformPeriod>{}
              .column("period", &PlatformPeriod::period)
              .column("platform", &PlatformPeriod::platform)
              .metrics(PlatformPeriod::kMetrics));
}

template <class Row, class RowsOf>
output::Table per_replication(const RunResult& result, const char* name, RowsOf rows_of,
                              ColumnBuilder<Row> columns) {
    I64 replication;
    for (const ReplicationRecord& rep : result.replications) {
        for (const Row& row : std::invoke(rows_of, rep)) {
            replication.push_back(rep.replication);
            columns.add(row);
        }
    }
    output::Table table{name, {{"replication", std::move(replication)}}};
    std::move(columns).append_to(table);
    return table;
}

// A table with a row per item of the scenario (stores, categories...): `index` numbers them
// from 0, then `columns`.
template <class Item>
output::Table numbered(const char* name, const char* index, const std::vector<Item>& items,
                       ColumnBuilder<Item> columns) {
    I64 number;
    for (const Item& item : items) {
        number.push_back(static_cast<std::int64_t>(number.size()));
        columns.add(item);
    }
    output::Table table{name, {{index, std::move(number)}}};
    std::move(columns).append_to(table);
    return table;
}

// What a platform carries, as comma-separated words.
std::string carried(const config::Platform& p) {
    std::string what;
    for (std::size_t c = 0; c < config::kCarriesNames.size(); ++c)
        if (p.carries & (1u << c))
            what.append(what.empty() ? "" : ",").append(config::kCarriesNames[c]);
    return what;
}

output::Table platforms(const config::Scenario& sc) {
    using config::Platform;
    return numbered("platforms", "platform", sc.social.platforms,
                    ColumnBuilder<Platform>{}
                        .column("name", &Platform::name)
                        .column("launch_day", &Platform::launch_day)
                        .column("innovation", &Platform::innovation)
                        .column("imitation", &Platform::imitation)
                        .column("carries", &carried));
}

output::Table categories(const config::Scenario& sc) {
    using config::Category;
    return numbered("categories", "category", sc.categories,
                    ColumnBuilder<Category>{}
                        .column("name", &Category::name)
                        .column("rate_per_year", &Category::rate_per_year)
                        .column("per_child", &Category::per_child)
                        .column("price", &Category::price)
                        .column("deadline_days", &Category::deadline_days));
}

struct Period {
    double start_day = 0.0, end_day = 0.0;
    std::string date;
};

output::Table periods(const config::Scenario& sc) {
    const auto& bounds = sc.simulation.period_bounds;
    std::vector<Period> rows;
    for (std::size_t p = 0; p + 1 < bounds.size(); ++p)
        rows.push_back({bounds[p], bounds[p + 1],
                        output::iso_date(sc.simulation.start_year, bounds[p])});
    return numbered("periods", "period", rows,
                    ColumnBuilder<Period>{}
                        .column("start_day", &Period::start_day)
                        .column("end_day", &Period::end_day)
                        .column("date", &Period::date));
}

output::Table stores(const config::Scenario& sc) {
    using config::Store;
    // Online stores have no location.
    auto located = [](double Store::*coordinate) {
        return [coordinate](const Store& s) {
            return s.type == config::StoreType::online ? std::nan("") : s.*coordinate;
        };
    };
    return numbered(
        "stores", "store", sc.stores,
        ColumnBuilder<Store>{}
            .column("name", &Store::name)
            .column("type",
                    [](const Store& s) {
                        return std::string(config::kStoreTypeNames[static_cast<int>(s.type)]);
                    })
            .column("mall",
                    [&sc](const Store& s) {
                        return s.mall >= 0 ? sc.malls[static_cast<std::size_t>(s.mall)].name
                                           : std::string();
                    })
            .column("x", located(&Store::x))
            .column("y", located(&Store::y))
            .column("opens_day", &Store::opens_day)
            .column("closes_day", &Store::closes_day)
            .column("price_index", &Store::price_index)
            .column("staff", &Store::staff)
            .column("service_minutes", &Store::service_minutes)
            .column("availability", &Store::availability)
            .column("referral",
                    [](const Store& s) {
                        return std::string(config::kReferralNames[static_cast<int>(s.referral)]);
                    })
            .column("pricing", [](const Store& s) {
                return std::string(config::kPricingNames[static_cast<int>(s.pricing)]);
            }));
}

// `replication`, the seed of each named stream (as many columns as streams), `events`.
output::Table replications(const RunResult& result) {
    output::Table table{"replications", {{"replication", I64{}}}};
    for (const auto& rep : result.replications) {
        std::get<I64>(table.columns[0].second).push_back(rep.replication);
        for (std::size_t i = 0; i < rep.seeds.size(); ++i) {
            if (table.columns.size() <= i + 1)
                table.columns.emplace_back("seed_" + rep.seeds[i].stream,
                                           std::vector<std::uint64_t>{});
            std::get<std::vector<std::uint64_t>>(table.columns[i + 1].second)
                .push_back(rep.seeds[i].seed);
        }
    }
    I64 events;
    for (const auto& rep : result.replications)
        events.push_back(static_cast<std::int64_t>(rep.events));
    table.columns.emplace_back("events", std::move(events));
    return table;
}

// `/meta`: what reproduces the run, shared by the results file and the transaction log.
std::vector<std::pair<std::string, output::Attribute>> meta(const config::Scenario& sc,
                                                           const RunOptions& options) {
    return {{"journeysim_version", std::string(kVersion)},
            {"build", std::string(kBuildInfo)},
            {"scenario", sc.text},
            {"seed", options.seed},
            {"replications", static_cast<std::int64_t>(options.replications)},
            {"start_year", static_cast<std::int64_t>(sc.simulation.start_year)},
            {"seed_derivation", std::string("splitmix64(root, replication, fnv1a64(stream))")}};
}

}  // namespace

std::vector<MetricInfo> metrics() {
    std::vector<MetricInfo> all;
    // Only the columns are asked for: no rows are read, so the number of stores is moot.
    per_replication_tables(0, [&](const char* table, const auto&, const auto& columns) {
        for (const auto& c : columns.metric_columns())
            all.push_back({c.name, table, std::string(c.type), std::string(c.unit),
                           std::string(c.description)});
    });
    return all;
}

output::ResultSet transaction_log_header(const config::Scenario& scenario,
                                         const RunOptions& options) {
    output::ResultSet set{meta(scenario, options), {stores(scenario), categories(scenario)}};
    set.meta.emplace_back("warmup_days", scenario.simulation.warmup_days());
    set.meta.emplace_back("horizon_days", scenario.simulation.horizon_days());
    return set;
}

output::ResultSet to_result_set(const RunResult& result) {
    const config::Scenario& sc = *result.scenario;
    output::ResultSet set;
    set.meta = meta(sc, result.options);
    const auto stores_count = static_cast<std::int64_t>(sc.stores.size());
    per_replication_tables(stores_count, [&](const char* table, auto rows_of, auto columns) {
        set.tables.push_back(per_replication(result, table, rows_of, std::move(columns)));
    });
    for (auto* scenario_table : {&periods, &stores, &categories, &platforms})
        set.tables.push_back(scenario_table(sc));
    set.tables.push_back(replications(result));
    return set;
}

}  // namespace journeysim::run
