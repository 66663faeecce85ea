#include "table_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

#include "journeysim/config/calendar.hpp"

namespace journeysim::config {

bool Range::contains(double v) const {
    const bool lo_ok = lo_closed ? v >= lo : v > lo;
    const bool hi_ok = hi_closed ? v <= hi : v < hi;
    return lo_ok && hi_ok;
}

std::string Range::violation(double v) const {
    // Below the range, the lower bound is the whole story ("must be >= 1 (got 0)"); above it,
    // the interval shows what was meant ("must be in [0, 1] (got 1.5)").
    const bool below = lo_closed ? v < lo : v <= lo;
    const Range shown = below ? Range{lo, kNever, lo_closed, true} : *this;
    return "must be " + shown.describe() + " (got " + format_number(v) + ")";
}

std::string Range::describe() const {
    if (hi == kNever) return (lo_closed ? ">= " : "> ") + format_number(lo);
    if (lo == -kNever) return (hi_closed ? "<= " : "< ") + format_number(hi);
    return std::string("in ") + (lo_closed ? "[" : "(") + format_number(lo) + ", " +
           format_number(hi) + (hi_closed ? "]" : ")");
}

std::string format_number(double v) {
    std::ostringstream out;
    out.precision(15);
    out << v;
    return out.str();
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            diagonal = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
        }
    }
    return row[b.size()];
}

// How a value looks in a message: `0`, `"abc"`, `a table`.
// The key of a list's i-th entry, relative to its table: "closed[2]".
std::string entry_key(std::string_view key, std::size_t i) {
    return std::string(key) + "[" + std::to_string(i) + "]";
}

std::string describe_value(const toml::node& node) {
    if (auto s = node.value<std::string>()) return "\"" + *s + "\"";
    if (node.is_integer()) return format_number(*node.value<double>());
    if (node.is_floating_point()) {
        const double v = *node.value<double>();
        return format_number(v) + (std::isfinite(v) && v == std::floor(v) ? ".0" : "");
    }
    if (auto b = node.value<bool>()) return *b ? "true" : "false";
    if (node.is_table()) return "a table";
    if (node.is_array()) return "an array";
    if (node.is_date()) return "a date";
    return "a date-time";
}

}  // namespace

std::string nearest(std::string_view word, std::span<const std::string> candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(word, c);
        if (d < best_distance) best_distance = d, best = c;
    }
    return best;
}

TableReader::TableReader(const toml::table* table, std::string path, std::vector<Issue>& issues)
    : table_(table), path_(std::move(path)), issues_(&issues) {}

TableReader::TableReader(TableReader&& other) noexcept
    : table_(other.table_),
      path_(std::move(other.path_)),
      issues_(other.issues_),
      known_(std::move(other.known_)),
      finished_(other.finished_) {
    other.finished_ = true;
}

TableReader::~TableReader() { finish(); }

std::string TableReader::path_of(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void TableReader::error(std::string_view key, std::string message) {
    issues_->push_back({path_of(key), std::move(message)});
}

const toml::node* TableReader::lookup(std::string_view key) {
    known_.emplace_back(key);
    return table_ ? table_->get(key) : nullptr;
}

bool TableReader::has(std::string_view key) { return lookup(key) != nullptr; }

std::optional<double> TableReader::optional_number(std::string_view key, Range range) {
    const toml::node* node = lookup(key);
    if (!node) return std::nullopt;
    if (!node->is_number()) {
        error(key, "must be a number (got " + describe_value(*node) + ")");
        return std::nullopt;
    }
    const double v = *node->value<double>();
    if (!std::isfinite(v)) {
        error(key, "must be a finite number (got " + format_number(v) + ")");
        return std::nullopt;
    }
    if (!range.contains(v)) {
        error(key, range.violation(v));
        return std::nullopt;
    }
    return v;
}

double TableReader::number(std::string_view key, double fallback, Range range) {
    return optional_number(key, range).value_or(fallback);
}

long long TableReader::integer(std::string_view key, long long fallback, Range range) {
    const toml::node* node = lookup(key);
    if (!node) return fallback;
    if (!node->is_integer()) {
        error(key, "must be an integer (got " + describe_value(*node) + ")");
        return fallback;
    }
    const long long v = node->as_integer()->get();
    if (!range.contains(static_cast<double>(v))) {
        error(key, range.violation(static_cast<double>(v)));
        return fallback;
    }
    return v;
}

std::string TableReader::word(std::string_view key, std::string fallback,
                              std::span<const std::string_view> allowed) {
    const toml::node* node = lookup(key);
    if (!node) return fallback;
    std::string choices;
    for (auto a : allowed) choices += (choices.empty() ? "" : ", ") + std::string(a);
    auto value = node->value<std::string>();
    if (!value || std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
        std::string message = "must be one of " + choices + " (got " + describe_value(*node) + ")";
        if (value) {
            const std::vector<std::string> words(allowed.begin(), allowed.end());
            if (auto hint = nearest(*value, words); !hint.empty())
                message += " (did you mean '" + hint + "'?)";
        }
        error(key, std::move(message));
        return fallback;
    }
    return *value;
}

std::optional<std::string> TableReader::text(std::string_view key) {
    const toml::node* node = lookup(key);
    if (!node) return std::nullopt;
    auto value = node->value<std::string>();
    if (!value) error(key, "must be a string (got " + describe_value(*node) + ")");
    return value;
}

bool TableReader::flag(std::string_view key, bool fallback) {
    const toml::node* node = lookup(key);
    if (!node) return fallback;
    if (auto value = node->value_exact<bool>()) return *value;
    error(key, "must be true or false (got " + describe_value(*node) + ")");
    return fallback;
}

std::optional<double> TableReader::day(std::string_view key, int start_year) {
    const toml::node* node = lookup(key);
    if (!node) return std::nullopt;
    if (const auto* date = node->as_date()) {
        const toml::date d = date->get();
        return (d.year - start_year) * kDaysPerYear + day_of_year(d.month, d.day);
    }
    if (node->is_number()) {
        const double year = *node->value<double>();
        if (std::isfinite(year) && year >= 1000 && year <= 10000)
            return (year - start_year) * kDaysPerYear;
    }
    error(key, "must be a date (1962-03-01) or a year (got " + describe_value(*node) + ")");
    return std::nullopt;
}

Spread TableReader::spread(std::string_view key, Spread fallback, Range mean_range) {
    const toml::node* node = lookup(key);
    if (!node) return fallback;
    if (node->is_number()) {
        if (auto mean = optional_number(key, mean_range)) return {*mean, 0.0};
        return fallback;
    }
    if (!node->is_table()) {
        error(key, "must be a number or a table {mean, sd} (got " + describe_value(*node) + ")");
        return fallback;
    }
    TableReader sub(node->as_table(), path_of(key), *issues_);
    const Spread s{sub.number("mean", fallback.mean, mean_range),
                   sub.number("sd", 0.0, Range::at_least(0.0))};
    if (s.sd > 0.0 && s.mean <= 0.0)
        sub.error("mean", "must be > 0 when sd > 0 (a lognormal needs a positive mean)");
    return s;
}

TableReader TableReader::table(std::string_view key) {
    const toml::node* node = lookup(key);
    if (node && !node->is_table()) {
        error(key, "must be a table (got " + describe_value(*node) + ")");
        node = nullptr;
    }
    return TableReader(node ? node->as_table() : nullptr, path_of(key), *issues_);
}

std::vector<std::pair<std::string, TableReader>> TableReader::entries(std::string_view key) {
    TableReader outer = table(key);
    outer.finished_ = true;  // its keys are names chosen by the author, not fields
    std::vector<std::pair<std::string, TableReader>> result;
    if (!outer.table_) return result;
    std::vector<std::pair<const toml::key*, const toml::node*>> ordered;
    for (const auto& [name, node] : *outer.table_) ordered.emplace_back(&name, &node);
    // toml++ keeps keys sorted; the author's order (which is also the order of the output)
    // is recovered from source positions.
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
        return a.first->source().begin < b.first->source().begin;
    });
    for (const auto& [name, node] : ordered) {
        const std::string entry_path = outer.path_of(name->str());
        if (!node->is_table()) {
            issues_->push_back(
                {entry_path, "must be a table (got " + describe_value(*node) + ")"});
            continue;
        }
        result.emplace_back(std::string(name->str()),
                            TableReader(node->as_table(), entry_path, *issues_));
    }
    return result;
}

std::vector<TableReader> TableReader::array_of_tables(std::string_view key) {
    std::vector<TableReader> result;
    const toml::node* node = lookup(key);
    if (!node) return result;
    const toml::array* array = node->as_array();
    if (!array) {
        error(key, "must be an array of tables ([[" + std::string(key) + "]]) (got " +
                       describe_value(*node) + ")");
        return result;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const std::string entry_path = path_of(key) + "[" + std::to_string(i) + "]";
        const toml::node& entry = *array->get(i);
        if (!entry.is_table()) {
            issues_->push_back({entry_path, "must be a table (got " + describe_value(entry) + ")"});
            continue;
        }
        result.emplace_back(entry.as_table(), entry_path, *issues_);
    }
    return result;
}

namespace {
std::string unknown_name(std::string_view value, std::span<const std::string> known,
                         std::string_view what) {
    std::string listed;
    for (const auto& k : known) listed += (listed.empty() ? "" : ", ") + k;
    std::string message = "unknown " + std::string(what) + " '" + std::string(value) +
                          "' (known: " + (listed.empty() ? "none" : listed) + ")";
    if (auto hint = nearest(value, known); !hint.empty())
        message += " (did you mean '" + hint + "'?)";
    return message;
}
std::optional<int> index_in(std::string_view value, std::span<const std::string> known) {
    const auto it = std::find(known.begin(), known.end(), value);
    if (it == known.end()) return std::nullopt;
    return static_cast<int>(it - known.begin());
}
}  // namespace

std::optional<std::vector<std::optional<std::string>>> TableReader::texts(std::string_view key,
                                                                          std::string_view noun) {
    const toml::node* node = lookup(key);
    if (!node) return std::nullopt;
    std::vector<std::optional<std::string>> result;
    const toml::array* array = node->as_array();
    if (!array) {
        error(key, "must be a list of " + std::string(noun) + "s (got " + describe_value(*node) +
                       ")");
        return result;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& entry = *array->get(i);
        result.push_back(entry.value<std::string>());
        if (!result.back())
            error(entry_key(key, i),
                  "must be a " + std::string(noun) + " (got " + describe_value(entry) + ")");
    }
    return result;
}

std::optional<std::vector<int>> TableReader::names(std::string_view key,
                                                   std::span<const std::string> known) {
    const auto entries = texts(key, "name");
    if (!entries) return std::nullopt;
    std::vector<int> result;
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const std::optional<std::string>& value = (*entries)[i];
        if (!value) continue;  // reported
        if (auto index = index_in(*value, known)) {
            if (std::find(result.begin(), result.end(), *index) == result.end())
                result.push_back(*index);
        } else {
            error(entry_key(key, i), unknown_name(*value, known, "name"));
        }
    }
    return result;
}

std::optional<std::vector<double>> TableReader::numbers(std::string_view key,
                                                       std::size_t count, Range range) {
    const toml::node* node = lookup(key);
    if (!node) return std::nullopt;
    const toml::array* array = node->as_array();
    if (!array) {
        error(key, "must be a list of " + std::to_string(count) + " numbers (got " +
                       describe_value(*node) + ")");
        return std::nullopt;
    }
    if (array->size() != count) {
        error(key, "must have " + std::to_string(count) + " numbers (got " +
                       std::to_string(array->size()) + ")");
        return std::nullopt;
    }
    std::vector<double> result;
    for (std::size_t i = 0; i < count; ++i) {
        const toml::node& entry = *array->get(i);
        const auto v = entry.is_number() ? entry.value<double>() : std::nullopt;
        if (!v || !std::isfinite(*v)) {
            error(entry_key(key, i), "must be a finite number (got " + describe_value(entry) + ")");
            return std::nullopt;
        }
        if (!range.contains(*v)) {
            error(entry_key(key, i), range.violation(*v));
            return std::nullopt;
        }
        result.push_back(*v);
    }
    return result;
}

std::optional<int> TableReader::name(std::string_view key, std::span<const std::string> known,
                                     std::string_view what) {
    const auto value = text(key);
    if (!value) return std::nullopt;
    if (auto index = index_in(*value, known)) return index;
    error(key, unknown_name(*value, known, what));
    return std::nullopt;
}

void TableReader::finish() {
    if (finished_) return;
    finished_ = true;
    if (!table_) return;
    for (const auto& [key, node] : *table_) {
        const std::string name(key.str());
        if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
        std::string message = "unknown key";
        if (auto hint = nearest(name, known_); !hint.empty())
            message += " (did you mean '" + hint + "'?)";
        issues_->push_back({path_of(name), std::move(message)});
    }
}

}  // namespace journeysim::config
