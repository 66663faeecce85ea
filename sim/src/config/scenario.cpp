#include "journeysim/config/scenario.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "hours_config.hpp"
#include "journeysim/config/calendar.hpp"
#include "readers.hpp"
#include "social_config.hpp"
#include "toml_document.hpp"

namespace journeysim::config {

ConfigError::ConfigError(std::vector<Issue> issues)
    : std::runtime_error([&] {
          std::string text = "invalid scenario:";
          for (const auto& i : issues) text += "\n  " + i.path + ": " + i.message;
          return text;
      }()),
      issues_(std::move(issues)) {}

namespace {

std::vector<double> period_bounds(const Simulation& s, const std::string& period,
                                  std::optional<double> period_days) {
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
    h.max_travel_km = t.number("max_travel_km", h.max_travel_km, Range::above(0.0, 40'000.0));
    h.travel_speed_kmh =
        t.number("travel_speed_kmh", h.travel_speed_kmh, Range::at_least(0.0, 1'000.0));
    h.price_sensitivity =
        t.spread("price_sensitivity", h.price_sensitivity, Range::at_least(0.0, 1'000.0));
    h.distance_sensitivity =
        t.spread("distance_sensitivity", h.distance_sensitivity, Range::at_least(0.0, 1'000.0));
    h.relationship_orientation =
        t.spread("relationship_orientation", h.relationship_orientation,
                 Range::at_least(0.0, 1'000.0));
    h.assortment_taste =
        t.spread("assortment_taste", h.assortment_taste, Range::at_least(0.0, 1'000.0));
    h.children_mean = t.number("children_mean", 0.0, Range::at_least(0.0, 20.0));
    h.age_min = t.number("age_min", h.age_min, Range::at_least(18.0, 110.0));
    h.age_max = t.number("age_max", h.age_max, Range::at_least(18.0, 110.0));
    if (h.age_max < h.age_min)
        t.error("age_max", "must be >= age_min (" + format_number(h.age_min) + ") (got " +
                               format_number(h.age_max) + ")");
    h.queue_tolerance =
        static_cast<int>(t.integer("queue_tolerance", -1, Range::at_least(-1, 1e6)));
    h.patience_minutes = t.number("patience_minutes", kNever, Range::above(0.0));
    h.asks_for_salesperson = t.flag("asks_for_salesperson", true);
    h.rhythm = read_rhythm(t);
    return h;
}

std::vector<Town> read_towns(TableReader& root) {
    std::vector<Town> towns;
    double share_sum = 0.0;
    for (auto& [name, t] : root.entries("towns")) {
        Town town;
        town.name = name;
        town.x = t.number("x", 0.0, Range::any());
        town.y = t.number("y", 0.0, Range::any());
        town.radius_km = t.number("radius_km", town.radius_km, Range::at_least(0.0, 40'000.0));
        town.share = t.number("share", 1.0, Range::unit());
        town.rhythm = read_rhythm(t);
        if (t.has("travel_speed_kmh"))
            town.travel_speed_kmh = t.number("travel_speed_kmh", 0.0, Range::at_least(0.0, 1'000.0));
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
    {
        TableReader asc = t.table("asc");
        for (std::size_t i = 0; i < kStoreTypeNames.size(); ++i)
            c.asc[i] = asc.number(kStoreTypeNames[i], 0.0, Range::at_least(-50.0, 50.0));
    }
    c.promo = t.number("promo", c.promo, Range::at_least(-50.0, 50.0));
    c.card = t.number("card", c.card, Range::at_least(-50.0, 50.0));
    c.wom = t.number("wom", c.wom, Range::at_least(-50.0, 50.0));
    c.review = t.number("review", c.review, Range::at_least(-50.0, 50.0));
    c.time = t.number("time", c.time, Range::at_least(0.0, 50.0));
    c.delivery = t.number("delivery", c.delivery, Range::at_least(0.0, 50.0));
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
        t.number("wait_penalty_per_hour", r.wait_penalty_per_hour, Range::at_least(0.0, 1'000.0));
    r.recognition_bonus = t.number("recognition_bonus", r.recognition_bonus, Range::at_least(0.0, 100.0));
    r.kappa_lost = t.number("kappa_lost", r.kappa_lost, Range::unit());
    r.return_quality = t.number("return_quality", r.return_quality, quality);
    r.referral_quality = t.number("referral_quality", r.referral_quality, quality);
    r.substitute_quality = t.number("substitute_quality", r.substitute_quality, quality);
    return r;
}

std::vector<Mall> read_malls(TableReader& root, int start_year) {
    std::vector<Mall> malls;
    for (auto& [name, t] : root.entries("malls")) {
        Mall m;
        m.name = name;
        m.x = t.number("x", 0.0, Range::any());
        m.y = t.number("y", 0.0, Range::any());
        read_dates(t, start_year, m.opens_day, m.closes_day);
        m.hours = read_hours(t);
        malls.push_back(m);
    }
    return malls;
}

// Whether some store or mall keeps opening hours (then households shop in a rhythm).
bool keeps_hours(const Scenario& sc) {
    return std::any_of(sc.stores.begin(), sc.stores.end(), [](const Store& s) { return s.hours.has_value(); }) ||
           std::any_of(sc.malls.begin(), sc.malls.end(), [](const Mall& m) { return m.hours.has_value(); });
}

bool some_town_keeps_a_rhythm(const Scenario& sc) {
    return std::any_of(sc.towns.begin(), sc.towns.end(), [](const Town& t) { return t.rhythm.has_value(); });
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
    toml::table document = read_toml(toml_text);
    std::vector<Issue> issues;
    Scenario sc;
    sc.text = std::string(toml_text);
    {
        TableReader root(&document, "", issues);
        sc.simulation = read_simulation(root.table("simulation"));
        sc.households = read_households(root.table("households"));
        sc.towns = read_towns(root);
        read_needs(root, sc);
        sc.choice = read_choice(root.table("choice"));
        sc.trust = read_trust(root.table("trust"));
        sc.malls = read_malls(root, sc.simulation.start_year);
        sc.stores = read_stores(root, sc);
        if (!sc.households.rhythm && keeps_hours(sc)) sc.households.rhythm = default_rhythm();
        if (!sc.households.rhythm && some_town_keeps_a_rhythm(sc))
            sc.households.rhythm = flat_rhythm();  // the other towns shop at any hour alike
        sc.markets = read_markets(root, sc);
        sc.timeline = read_timeline(root, sc);
        sc.social = read_social(root, sc);
        sc.population = read_population(root);
    }
    if (!issues.empty()) throw ConfigError(std::move(issues));
    return sc;
}

}  // namespace journeysim::config
