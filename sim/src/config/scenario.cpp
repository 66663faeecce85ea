#include "journeysim/config/scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

#include "table_reader.hpp"

namespace journeysim::config {

ConfigError::ConfigError(std::vector<Issue> issues)
    : std::runtime_error([&] {
          std::string text = "invalid scenario:";
          for (const auto& i : issues) text += "\n  " + i.path + ": " + i.message;
          return text;
      }()),
      issues_(std::move(issues)) {}

namespace {

// Upper bounds that keep a typo (an extra zero or three) from asking for a run that cannot
// finish or fit in memory.
constexpr double kMaxYears = 500.0;
constexpr double kMaxHouseholds = 50'000'000.0;
constexpr double kMaxStaff = 10'000.0;
constexpr double kMaxRatePerYear = 1'000.0;

std::vector<double> period_bounds(const Simulation& s, const std::string& period,
                                  std::optional<double> period_days) {
    static constexpr std::array<double, 12> kMonthStart = {0,   31,  59,  90,  120, 151,
                                                           181, 212, 243, 273, 304, 334};
    const double warmup = s.warmup_days(), horizon = s.horizon_days();
    std::vector<double> bounds{warmup};
    auto add = [&](double b) {
        if (b > warmup + 1e-9 && b < horizon - 1e-9) bounds.push_back(b);
    };
    if (period_days) {
        for (double b = warmup + *period_days; b < horizon - 1e-9; b += *period_days) add(b);
    } else {
        const int step = period == "year" ? 12 : period == "quarter" ? 3 : 1;
        for (int year = 0; year * kDaysPerYear < horizon; ++year)
            for (int month = 0; month < 12; month += step)
                add(year * kDaysPerYear + kMonthStart[month]);
    }
    bounds.push_back(horizon);
    return bounds;
}

Simulation read_simulation(TableReader t) {
    Simulation s;
    s.start_year = static_cast<int>(t.integer("start_year", 1950, Range::at_least(1000, 10000)));
    const auto years = t.optional_number("years", Range::above(0.0, kMaxYears));
    const bool years_valid = years || !t.has("years");
    s.years = years.value_or(10.0);
    s.warmup_years = t.number("warmup_years", 0.0, Range::at_least(0.0, kMaxYears));
    if (years_valid && s.warmup_years >= s.years)
        t.error("warmup_years", "must be < simulation.years (" + format_number(s.years) +
                                    ") (got " + format_number(s.warmup_years) + ")");
    static constexpr std::array<std::string_view, 3> kPeriods = {"month", "quarter", "year"};
    const bool named = t.has("period");
    const std::string period = t.word("period", "month", kPeriods);
    const auto days = t.optional_number("period_days", Range::at_least(1.0, 36500.0));
    if (named && t.has("period_days"))
        t.error("period_days", "give either period or period_days, not both");
    s.period_bounds = period_bounds(s, period, days);
    return s;
}

Households read_households(TableReader t) {
    Households h;
    h.count = t.integer("count", h.count, Range::at_least(1, kMaxHouseholds));
    h.max_travel_km = t.number("max_travel_km", h.max_travel_km, Range::above(0.0));
    h.price_sensitivity = t.spread("price_sensitivity", h.price_sensitivity, Range::at_least(0.0));
    h.distance_sensitivity =
        t.spread("distance_sensitivity", h.distance_sensitivity, Range::at_least(0.0));
    h.relationship_orientation =
        t.spread("relationship_orientation", h.relationship_orientation, Range::at_least(0.0));
    return h;
}

std::vector<Town> read_towns(TableReader& root) {
    std::vector<Town> towns;
    double share_sum = 0.0;
    for (auto& [name, t] : root.entries("towns")) {
        Town town{name};
        town.x = t.number("x", 0.0, Range::any());
        town.y = t.number("y", 0.0, Range::any());
        town.radius_km = t.number("radius_km", town.radius_km, Range::at_least(0.0));
        town.share = t.number("share", 1.0, Range::unit());
        share_sum += town.share;
        towns.push_back(town);
    }
    if (towns.empty())
        root.error("towns", "must name at least one town ([towns.<name>] with x, y, radius_km)");
    else if (std::abs(share_sum - 1.0) > 1e-6)
        root.error("towns", "shares must sum to 1 (got " + format_number(share_sum) + ")");
    return towns;
}

Choice read_choice(TableReader t) {
    Choice c;
    TableReader asc = t.table("asc");
    for (std::size_t i = 0; i < kStoreTypeNames.size(); ++i)
        c.asc[i] = asc.number(kStoreTypeNames[i], 0.0, Range::at_least(-50.0, 50.0));
    return c;
}

Trust read_trust(TableReader t) {
    Trust r;
    r.initial = t.number("initial", r.initial, Range::unit());
    r.gain = t.number("gain", r.gain, Range::unit());
    r.loss = t.number("loss", r.loss, Range::unit());
    r.decay_per_year = t.number("decay_per_year", r.decay_per_year, Range::at_least(0.0, 365.0));
    const Range quality{-1.0, 1.0, true, true};
    r.purchase_quality = t.number("purchase_quality", r.purchase_quality, quality);
    r.lost_sale_quality = t.number("lost_sale_quality", r.lost_sale_quality, quality);
    r.wait_penalty_per_hour =
        t.number("wait_penalty_per_hour", r.wait_penalty_per_hour, Range::at_least(0.0));
    return r;
}

// Opening and closing dates of a store or a mall.
void read_dates(TableReader& t, int start_year, double& opens, double& closes) {
    opens = t.day("opens", start_year).value_or(0.0);
    closes = t.day("closes", start_year).value_or(kNever);
    if (closes <= opens) t.error("closes", "must be after opens");
}

std::vector<Mall> read_malls(TableReader& root, int start_year) {
    std::vector<Mall> malls;
    for (auto& [name, t] : root.entries("malls")) {
        Mall m{name};
        m.x = t.number("x", 0.0, Range::any());
        m.y = t.number("y", 0.0, Range::any());
        read_dates(t, start_year, m.opens_day, m.closes_day);
        malls.push_back(m);
    }
    return malls;
}

void read_location(TableReader& t, const std::vector<Mall>& malls, Store& s) {
    const bool has_xy = t.has("x") || t.has("y");
    s.x = t.number("x", 0.0, Range::any());
    s.y = t.number("y", 0.0, Range::any());
    const auto mall = t.text("mall");
    if (s.type == StoreType::online) {
        if (has_xy || mall) t.error("type", "an online store has no location (drop x, y, mall)");
        return;
    }
    if (mall) {
        auto it = std::find_if(malls.begin(), malls.end(),
                               [&](const Mall& m) { return m.name == *mall; });
        if (it == malls.end()) {
            std::string known;
            for (const auto& m : malls) known += (known.empty() ? "" : ", ") + m.name;
            t.error("mall", "unknown mall '" + *mall + "' (known: " +
                                (known.empty() ? "none" : known) + ")");
            return;
        }
        if (has_xy) t.error("mall", "give either mall or x and y, not both");
        s.mall = static_cast<int>(it - malls.begin());
        s.x = it->x, s.y = it->y;
    } else if (s.type == StoreType::department) {
        t.error("mall", "a department store must be in a mall (mall = \"<name>\")");
    } else if (!has_xy) {
        t.error("x", "a " + std::string(kStoreTypeNames[static_cast<int>(s.type)]) +
                         " store needs a location: x and y (km), or mall");
    }
}

std::vector<Store> read_stores(TableReader& root, const Scenario& sc) {
    static constexpr std::array<std::string_view, 2> kDistributions = {"exponential", "lognormal"};
    std::vector<Store> stores;
    for (auto& [name, t] : root.entries("stores")) {
        Store s{name};
        const std::string type = t.word("type", "", kStoreTypeNames);
        s.type = type.empty() ? StoreType::chain
                              : static_cast<StoreType>(std::find(kStoreTypeNames.begin(),
                                                                 kStoreTypeNames.end(), type) -
                                                       kStoreTypeNames.begin());
        if (type.empty() && t.has("type")) {
            // The type was misspelt (already reported): which location rules apply is unknown.
            (void)t.has("x"), (void)t.has("y"), (void)t.has("mall");
        } else {
            read_location(t, sc.malls, s);
        }
        read_dates(t, sc.simulation.start_year, s.opens_day, s.closes_day);
        s.price_index = t.number("price_index", 1.0, Range::above(0.0, 100.0));
        s.staff = static_cast<int>(t.integer("staff", 1, Range::at_least(1, kMaxStaff)));
        s.service_minutes = t.number("service_minutes", 20.0, Range::above(0.0, 1440.0));
        s.service_distribution =
            t.word("service_distribution", "lognormal", kDistributions) == "exponential"
                ? ServiceDistribution::exponential
                : ServiceDistribution::lognormal;
        s.service_cv = t.number("service_cv", 0.5, Range::above(0.0, 10.0));
        s.availability = t.number("availability", 0.9, Range::unit());
        s.trust_gain = t.number("trust_gain", sc.trust.gain, Range::unit());
        stores.push_back(std::move(s));
    }
    if (stores.empty()) root.error("stores", "must name at least one store ([stores.<name>])");
    return stores;
}

}  // namespace

std::vector<Issue> check_scenario(std::string_view toml_text) {
    try {
        (void)parse_scenario(toml_text);
    } catch (const ConfigError& e) {
        return e.issues();
    }
    return {};
}

Scenario parse_scenario(std::string_view toml_text) {
    toml::table document;
    try {
        document = toml::parse(toml_text);
    } catch (const toml::parse_error& e) {
        std::ostringstream where;
        where << "line " << e.source().begin.line << ", column " << e.source().begin.column;
        throw ConfigError({{"<toml>", "syntax error at " + where.str() + ": " +
                                          std::string(e.description())}});
    }
    std::vector<Issue> issues;
    Scenario sc;
    sc.text = std::string(toml_text);
    {
        TableReader root(&document, "", issues);
        sc.simulation = read_simulation(root.table("simulation"));
        sc.households = read_households(root.table("households"));
        sc.towns = read_towns(root);
        TableReader needs = root.table("needs");
        sc.needs.rate_per_year =
            needs.number("rate_per_year", sc.needs.rate_per_year, Range::above(0.0, kMaxRatePerYear));
        sc.needs.spend = needs.number("spend", sc.needs.spend, Range::at_least(0.0));
        needs.finish();
        sc.choice = read_choice(root.table("choice"));
        sc.trust = read_trust(root.table("trust"));
        sc.malls = read_malls(root, sc.simulation.start_year);
        sc.stores = read_stores(root, sc);
    }
    if (!issues.empty()) throw ConfigError(std::move(issues));
    return sc;
}

}  // namespace journeysim::config
