#pragma once
// Columns filled row by row from records of one type: each column is a name and how to read
// it from a row (a data member, a function of the row, or a list of records::Metric), so a
// table is written as one list of fields, and adding a column is one line in it.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "journeysim/output/tables.hpp"

namespace journeysim::output {

// A column added from a metric, with its meaning (records/metric.hpp).
struct MetricColumn {
    std::string name;
    std::string_view type;  // "int64" or "float64", as the column is stored
    std::string_view unit;
    std::string_view description;
};

template <class Row>
class ColumnBuilder {
public:
    // A column read from each row by `read`: anything std::invoke calls with a row. Integers
    // are stored as int64, floating point as double, text as strings.
    template <class Read>
    ColumnBuilder& column(std::string name, Read read) {
        using Value = std::remove_cvref_t<std::invoke_result_t<const Read&, const Row&>>;
        using Stored = std::conditional_t<
            std::is_integral_v<Value>, std::int64_t,
            std::conditional_t<std::is_floating_point_v<Value>, double, std::string>>;
        columns_.emplace_back(std::move(name), std::vector<Stored>{});
        appends_.push_back([read](const Row& row, Column& column) {
            std::get<std::vector<Stored>>(column).push_back(
                static_cast<Stored>(std::invoke(read, row)));
        });
        return *this;
    }

    // One column per metric, read from the row itself.
    template <class Metrics>
    ColumnBuilder& metrics(const Metrics& list) {
        for (const auto& m : list) {
            metric_column(m.name, m.read);
            describe_last(m.unit, m.description);
        }
        return *this;
    }

    // One column per metric of a part of the row (a StorePeriod's counts).
    template <class Part, class Metrics>
    ColumnBuilder& metrics(Part Row::*part, const Metrics& list) {
        for (const auto& m : list) {
            column(m.name, [part, read = m.read](const Row& row) { return row.*part.*read; });
            describe_last(m.unit, m.description);
        }
        return *this;
    }

    void add(const Row& row) {
        for (std::size_t c = 0; c < appends_.size(); ++c) appends_[c](row, columns_[c].second);
    }

    // Moves the columns to the end of `table`.
    void append_to(Table& table) && {
        for (auto& c : columns_) table.columns.push_back(std::move(c));
    }

    // The columns added from metrics, in column order.
    [[nodiscard]] const std::vector<MetricColumn>& metric_columns() const { return metrics_; }

private:
    template <class Read>
    void metric_column(const char* name, const Read& read) {
        column(name, read);
    }
    template <class... Reads>
    void metric_column(const char* name, const std::variant<Reads...>& read) {
        std::visit([&](const auto& r) { column(name, r); }, read);
    }
    void describe_last(std::string_view unit, std::string_view description) {
        const auto& [name, column] = columns_.back();
        const bool integer = std::holds_alternative<std::vector<std::int64_t>>(column);
        metrics_.push_back({name, integer ? "int64" : "float64", unit, description});
    }

    std::vector<std::pair<std::string, Column>> columns_;
    std::vector<std::function<void(const Row&, Column&)>> appends_;
    std::vector<MetricColumn> metrics_;
};

}  // namespace journeysim::output
