#include "readers.hpp"

namespace journeysim::config {

namespace {

std::vector<Season> read_seasons(TableReader& root) {
    std::vector<Season> seasons;
    for (auto& [name, t] : root.entries("seasons")) {
        Season s;
        s.name = name;
        s.peak_day = t.number("peak_day", 0.0, {0.0, kDaysPerYear, true, false});
        s.width_days = t.number("width_days", s.width_days, Range::above(0.0, kDaysPerYear));
        s.boost = t.number("boost", s.boost, Range::at_least(0.0, 100.0));
        seasons.push_back(s);
    }
    return seasons;
}

// The fields a category shares with [needs] when there are no categories.
void read_rate_and_price(TableReader& t, Category& c) {
    c.rate_per_year = t.number("rate_per_year", c.rate_per_year, Range::above(0.0, kMaxRatePerYear));
    c.deadline_days = t.number("deadline_days", c.deadline_days, Range::above(0.0, kMaxDays));
}

}  // namespace

void read_needs(TableReader& root, Scenario& sc) {
    sc.seasons = read_seasons(root);
    const auto season_names = names_of(sc.seasons);
    TableReader needs = root.table("needs");
    sc.needs.retry_probability =
        needs.number("retry_probability", sc.needs.retry_probability, Range::unit());
    sc.needs.return_days = needs.number("return_days", sc.needs.return_days, Range::at_least(0.0, kMaxDays));
    const bool has_categories = root.has("categories");
    if (!has_categories) {
        Category c;
        c.name = "goods";
        read_rate_and_price(needs, c);
        c.price = needs.number("spend", c.price, Range::at_least(0.0, 1e9));
        sc.categories.push_back(c);
    }
    needs.finish();
    for (auto& [name, t] : root.entries("categories")) {
        Category c;
        c.name = name;
        read_rate_and_price(t, c);
        c.per_child = t.number("per_child", 0.0, Range::at_least(0.0, 100.0));
        c.price = t.number("price", c.price, Range::at_least(0.0, 1e9));
        c.seasons = t.names("seasons", season_names).value_or(std::vector<int>{});
        c.min_age = t.number("min_age", c.min_age, Range::at_least(0.0, 150.0));
        c.max_age = t.optional_number("max_age", Range::above(0.0, 150.0)).value_or(Category::kAnyAge);
        if (c.max_age <= c.min_age)
            t.error("max_age", "must be > min_age (" + format_number(c.min_age) + ") (got " +
                                   format_number(c.max_age) + ")");
        sc.categories.push_back(c);
    }
    if (has_categories && sc.categories.empty())
        root.error("categories", "must name at least one category ([categories.<name>])");
}

double peak_needs_per_household_year(const Scenario& sc) {
    double total = 0.0;
    for (const auto& c : sc.categories) {
        double peak = 1.0;
        for (const int s : c.seasons) peak += sc.seasons[static_cast<std::size_t>(s)].boost;
        total += c.rate_per_year * (1.0 + c.per_child * sc.households.children_mean) * peak;
    }
    return total;
}

}  // namespace journeysim::config
