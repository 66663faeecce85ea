#pragma once
// Reads one TOML table field by field, checking each value as it goes and recording every
// problem with its full path. Keys the reader was never asked for are reported as unknown,
// with the nearest known key as a hint, when the reader is finished (or destroyed).
#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <utility>
#include <vector>

#include "journeysim/config/config_error.hpp"
#include "journeysim/config/scenario.hpp"

namespace journeysim::config {

// An interval of valid values, with its description for messages ("must be >= 1").
struct Range {
    double lo = -kNever, hi = kNever;
    bool lo_closed = true, hi_closed = true;

    static Range at_least(double lo, double hi = kNever) { return {lo, hi, true, true}; }
    static Range above(double lo, double hi = kNever) { return {lo, hi, false, true}; }
    static Range unit() { return {0.0, 1.0, true, true}; }
    static Range any() { return {}; }
    [[nodiscard]] bool contains(double v) const;
    [[nodiscard]] std::string describe() const;
    // The message for a value outside the range, naming the bound it crossed.
    [[nodiscard]] std::string violation(double v) const;
};

class TableReader {
public:
    TableReader(const toml::table* table, std::string path, std::vector<Issue>& issues);
    TableReader(TableReader&& other) noexcept;
    TableReader(const TableReader&) = delete;
    TableReader& operator=(const TableReader&) = delete;
    TableReader& operator=(TableReader&&) = delete;
    ~TableReader();

    [[nodiscard]] bool has(std::string_view key);
    double number(std::string_view key, double fallback, Range range);
    std::optional<double> optional_number(std::string_view key, Range range);
    long long integer(std::string_view key, long long fallback, Range range);
    // One of a fixed set of words; returns fallback (after an issue) when it is not.
    std::string word(std::string_view key, std::string fallback,
                     std::span<const std::string_view> allowed);
    // One of a fixed set of words as an enum whose values number `words` in order
    // (Referral and kReferralNames); nullopt when absent, or (after an issue) not one of them.
    template <class Enum>
    std::optional<Enum> choice(std::string_view key, std::span<const std::string_view> words) {
        const auto it = std::find(words.begin(), words.end(), word(key, "", words));
        if (it == words.end()) return std::nullopt;
        return static_cast<Enum>(it - words.begin());
    }
    std::optional<std::string> text(std::string_view key);
    bool flag(std::string_view key, bool fallback);
    // A date: a TOML local date, or a (possibly fractional) calendar year; days from
    // 1 January of start_year in 365-day years.
    std::optional<double> day(std::string_view key, int start_year);
    // A trait: a plain number (fixed) or a table {mean, sd}.
    Spread spread(std::string_view key, Spread fallback, Range mean_range);
    TableReader table(std::string_view key);
    // An array of tables ([[timeline]]), each read at path key[i].
    std::vector<TableReader> array_of_tables(std::string_view key);
    // A list of exactly `count` numbers, each in `range`; nullopt when absent or (after an
    // issue) not such a list.
    std::optional<std::vector<double>> numbers(std::string_view key, std::size_t count,
                                               Range range);
    // A list of strings, one per entry (nullopt for an entry that is not one, reported at
    // key[i] as not a `noun`). nullopt when the key is absent.
    std::optional<std::vector<std::optional<std::string>>> texts(std::string_view key,
                                                                 std::string_view noun = "string");
    // A list of names, each one of `known` (categories, seasons); reports unknown ones with
    // a hint and leaves them out. nullopt when the key is absent.
    std::optional<std::vector<int>> names(std::string_view key, std::span<const std::string> known);
    // The index of a name in `known` (a store, a mall), or nullopt after an issue.
    std::optional<int> name(std::string_view key, std::span<const std::string> known,
                            std::string_view what);
    // A table of named tables ([stores.jacksons], [stores.mall_shoes]...), in file order.
    std::vector<std::pair<std::string, TableReader>> entries(std::string_view key);

    void error(std::string_view key, std::string message);
    [[nodiscard]] std::string path_of(std::string_view key) const;
    [[nodiscard]] const std::string& path() const { return path_; }
    // Whether there is a table to read (table() of a key absent, or not a table: none).
    [[nodiscard]] bool present() const { return table_ != nullptr; }
    void finish();
    // For a second look at a table already read: its keys were checked the first time.
    void ignore_unknown() { finished_ = true; }

private:
    const toml::node* lookup(std::string_view key);

    const toml::table* table_;
    std::string path_;
    std::vector<Issue>* issues_;
    std::vector<std::string> known_;
    bool finished_ = false;
};

// The closest of `candidates` to `word` by edit distance, or "" when none is close.
[[nodiscard]] std::string nearest(std::string_view word, std::span<const std::string> candidates);
[[nodiscard]] std::string format_number(double v);

}  // namespace journeysim::config
