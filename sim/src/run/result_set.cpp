#include <array>
#include <cmath>

#include "journeysim/output/calendar.hpp"
#include "journeysim/run/run.hpp"
#include "journeysim/version.hpp"

namespace journeysim::run {

namespace {

using output::Column;
using I64 = std::vector<std::int64_t>;
using F64 = std::vector<double>;
using Str = std::vector<std::string>;

output::Table store_periods(const RunResult& result) {
    using Counts = records::StoreCounts;
    using Money = records::StoreMoney;
    I64 replication, period, store, active, holders;
    std::array<I64, Counts::kFields.size()> counts;
    std::array<F64, Money::kFields.size()> money;
    F64 margin, profit, share, mean_wait, p95_wait, trust, rating, availability, assortment;
    for (const auto& rep : result.replications) {
        for (const auto& row : rep.store_periods) {
            replication.push_back(rep.replication);
            period.push_back(row.period);
            store.push_back(row.store);
            for (std::size_t f = 0; f < Counts::kFields.size(); ++f)
                counts[f].push_back(row.counts.*Counts::kFields[f].second);
            for (std::size_t f = 0; f < Money::kFields.size(); ++f)
                money[f].push_back(row.money.*Money::kFields[f].second);
            const auto& m = row.money;
            margin.push_back(m.revenue - m.cost_of_goods);
            profit.push_back(m.revenue - m.cost_of_goods - m.staff_cost - m.marketing_cost -
                             m.financing_cost);
            active.push_back(row.active_customers);
            holders.push_back(row.card_holders);
            share.push_back(row.share);
            mean_wait.push_back(row.mean_wait_min);
            p95_wait.push_back(row.p95_wait_min);
            trust.push_back(row.mean_trust);
            rating.push_back(row.rating);
            availability.push_back(row.availability);
            assortment.push_back(row.assortment);
        }
    }
    output::Table table{"store_periods",
                        {{"replication", replication}, {"period", period}, {"store", store}}};
    for (std::size_t f = 0; f < Counts::kFields.size(); ++f)
        table.columns.emplace_back(Counts::kFields[f].first, std::move(counts[f]));
    for (std::size_t f = 0; f < Money::kFields.size(); ++f)
        table.columns.emplace_back(Money::kFields[f].first, std::move(money[f]));
    table.columns.emplace_back("margin", std::move(margin));
    table.columns.emplace_back("profit", std::move(profit));
    table.columns.emplace_back("active_customers", std::move(active));
    table.columns.emplace_back("card_holders", std::move(holders));
    table.columns.emplace_back("share", std::move(share));
    table.columns.emplace_back("mean_wait_min", std::move(mean_wait));
    table.columns.emplace_back("p95_wait_min", std::move(p95_wait));
    table.columns.emplace_back("mean_trust", std::move(trust));
    table.columns.emplace_back("rating", std::move(rating));
    table.columns.emplace_back("availability", std::move(availability));
    table.columns.emplace_back("assortment", std::move(assortment));
    return table;
}

output::Table platform_periods(const RunResult& result) {
    I64 replication, period, platform, audience, adopters;
    for (const auto& rep : result.replications) {
        for (const auto& row : rep.platform_periods) {
            replication.push_back(rep.replication);
            period.push_back(row.period);
            platform.push_back(row.platform);
            audience.push_back(row.audience);
            adopters.push_back(row.adopters);
        }
    }
    return {"platform_periods", {{"replication", replication}, {"period", period},
                                 {"platform", platform}, {"audience", audience},
                                 {"adopters", adopters}}};
}

output::Table platforms(const config::Scenario& sc) {
    I64 index;
    Str name, carries;
    F64 launch, innovation, imitation;
    for (std::size_t i = 0; i < sc.social.platforms.size(); ++i) {
        const auto& p = sc.social.platforms[i];
        index.push_back(static_cast<std::int64_t>(i));
        name.push_back(p.name);
        launch.push_back(p.launch_day);
        innovation.push_back(p.innovation);
        imitation.push_back(p.imitation);
        std::string what;
        for (std::size_t c = 0; c < config::kCarriesNames.size(); ++c)
            if (p.carries & (1u << c)) what.append(what.empty() ? "" : ",").append(config::kCarriesNames[c]);
        carries.push_back(what);
    }
    return {"platforms", {{"platform", index}, {"name", name}, {"launch_day", launch},
                          {"innovation", innovation}, {"imitation", imitation},
                          {"carries", carries}}};
}

// Needs per period, summed over categories, and per category.
output::Table totals(const RunResult& result, bool by_category) {
    I64 replication, period, category, carried, needs, met, unmet, open;
    for (const auto& rep : result.replications) {
        for (const auto& row : rep.category_periods) {
            if (!by_category && row.category > 0) {
                carried.back() += row.carried_in, needs.back() += row.needs;
                met.back() += row.met, unmet.back() += row.unmet, open.back() += row.open;
                continue;
            }
            replication.push_back(rep.replication);
            period.push_back(row.period);
            category.push_back(row.category);
            carried.push_back(row.carried_in);
            needs.push_back(row.needs);
            met.push_back(row.met);
            unmet.push_back(row.unmet);
            open.push_back(row.open);
        }
    }
    if (!by_category)
        return {"totals", {{"replication", replication}, {"period", period},
                           {"carried_in", carried}, {"needs", needs}, {"met_needs", met},
                           {"unmet_needs", unmet}, {"open_needs", open}}};
    return {"category_periods",
            {{"replication", replication}, {"period", period}, {"category", category},
             {"carried_in", carried}, {"needs", needs}, {"met", met}, {"unmet", unmet},
             {"open", open}}};
}

// Who lived there each period, and how the population changed (docs/output.md).
output::Table population(const RunResult& result) {
    using Row = records::PopulationPeriod;
    static constexpr std::array<std::pair<const char*, std::int64_t Row::*>, 7> kCounts = {{
        {"households", &Row::households},
        {"children", &Row::children},
        {"moved_in", &Row::moved_in},
        {"moved_out", &Row::moved_out},
        {"born", &Row::born},
        {"came_of_age", &Row::came_of_age},
        {"founded", &Row::founded},
    }};
    I64 replication, period;
    std::array<I64, kCounts.size()> counts;
    for (const auto& rep : result.replications) {
        for (const auto& row : rep.population_periods) {
            replication.push_back(rep.replication);
            period.push_back(row.period);
            for (std::size_t f = 0; f < kCounts.size(); ++f) counts[f].push_back(row.*kCounts[f].second);
        }
    }
    output::Table table{"population", {{"replication", replication}, {"period", period}}};
    for (std::size_t f = 0; f < kCounts.size(); ++f)
        table.columns.emplace_back(kCounts[f].first, std::move(counts[f]));
    return table;
}

// The store-to-store referral matrix of each replication, as (from, to, count) rows.
output::Table referrals(const RunResult& result) {
    const std::size_t n = result.scenario->stores.size();
    I64 replication, from, to, count;
    for (const auto& rep : result.replications) {
        for (std::size_t i = 0; i < n * n; ++i) {
            replication.push_back(rep.replication);
            from.push_back(static_cast<std::int64_t>(i / n));
            to.push_back(static_cast<std::int64_t>(i % n));
            count.push_back(rep.referrals[i]);
        }
    }
    return {"referrals", {{"replication", replication}, {"from_store", from}, {"to_store", to},
                          {"count", count}}};
}

output::Table categories(const config::Scenario& sc) {
    I64 index;
    Str name;
    F64 rate, per_child, price, deadline;
    for (std::size_t c = 0; c < sc.categories.size(); ++c) {
        const auto& cat = sc.categories[c];
        index.push_back(static_cast<std::int64_t>(c));
        name.push_back(cat.name);
        rate.push_back(cat.rate_per_year);
        per_child.push_back(cat.per_child);
        price.push_back(cat.price);
        deadline.push_back(cat.deadline_days);
    }
    return {"categories",
            {{"category", index}, {"name", name}, {"rate_per_year", rate},
             {"per_child", per_child}, {"price", price}, {"deadline_days", deadline}}};
}

output::Table periods(const config::Scenario& sc) {
    const auto& bounds = sc.simulation.period_bounds;
    I64 period;
    F64 start_day, end_day;
    Str date;
    for (std::size_t p = 0; p + 1 < bounds.size(); ++p) {
        period.push_back(static_cast<std::int64_t>(p));
        start_day.push_back(bounds[p]);
        end_day.push_back(bounds[p + 1]);
        date.push_back(output::iso_date(sc.simulation.start_year, bounds[p]));
    }
    return {"periods",
            {{"period", period}, {"start_day", start_day}, {"end_day", end_day}, {"date", date}}};
}

output::Table stores(const config::Scenario& sc) {
    I64 index, staff;
    Str name, type, mall;
    F64 x, y, opens, closes, price, availability, service;
    Str referral, pricing;
    for (std::size_t s = 0; s < sc.stores.size(); ++s) {
        const auto& st = sc.stores[s];
        index.push_back(static_cast<std::int64_t>(s));
        name.push_back(st.name);
        type.emplace_back(config::kStoreTypeNames[static_cast<int>(st.type)]);
        mall.push_back(st.mall >= 0 ? sc.malls[static_cast<std::size_t>(st.mall)].name : "");
        const bool online = st.type == config::StoreType::online;
        x.push_back(online ? std::nan("") : st.x);
        y.push_back(online ? std::nan("") : st.y);
        opens.push_back(st.opens_day);
        closes.push_back(st.closes_day);
        price.push_back(st.price_index);
        staff.push_back(st.staff);
        service.push_back(st.service_minutes);
        availability.push_back(st.availability);
        referral.emplace_back(config::kReferralNames[static_cast<int>(st.referral)]);
        pricing.emplace_back(config::kPricingNames[static_cast<int>(st.pricing)]);
    }
    return {"stores",
            {{"store", index}, {"name", name}, {"type", type}, {"mall", mall}, {"x", x},
             {"y", y}, {"opens_day", opens}, {"closes_day", closes}, {"price_index", price},
             {"staff", staff}, {"service_minutes", service}, {"availability", availability},
             {"referral", referral}, {"pricing", pricing}}};
}

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
    for (const auto& rep : result.replications) events.push_back(static_cast<std::int64_t>(rep.events));
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
    set.tables = {store_periods(result), totals(result, false), totals(result, true),
                  population(result), referrals(result), platform_periods(result), periods(sc),
                  stores(sc), categories(sc), platforms(sc), replications(result)};
    return set;
}

}  // namespace journeysim::run
