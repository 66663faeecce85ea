// ColumnBuilder: a table's columns from one list of fields, read from rows of any type.
#include "journeysim/output/column_builder.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "journeysim/records/metric.hpp"

namespace {

using journeysim::output::ColumnBuilder;
using journeysim::output::Table;
using journeysim::records::Metric;

struct Visit {
    std::int32_t day = 0;
    double minutes = 0.0;
    std::string store;
    struct Till {
        double paid = 0.0;
    } till;
};

constexpr std::array<Metric<double Visit::*>, 1> kVisitMetrics = {{
    {"minutes", &Visit::minutes, "minutes", "how long the visit took"},
}};
constexpr std::array<Metric<double Visit::Till::*>, 1> kTillMetrics = {{
    {"paid", &Visit::Till::paid, "currency", "what was paid"},
}};

double doubled(const Visit& v) { return 2.0 * v.minutes; }

Table table_of(ColumnBuilder<Visit> columns, const std::vector<Visit>& rows) {
    for (const Visit& row : rows) columns.add(row);
    Table table{"visits", {}};
    std::move(columns).append_to(table);
    return table;
}

TEST(ColumnBuilder, ColumnsFollowTheListInOrderWithOneValuePerRow) {
    ColumnBuilder<Visit> columns;
    columns.column("day", &Visit::day)
        .column("store", &Visit::store)
        .column("doubled", &doubled)
        .metrics(kVisitMetrics)
        .metrics(&Visit::till, kTillMetrics);
    const Table t = table_of(columns, {{3, 1.5, "a", {10.0}}, {4, 2.5, "b", {20.0}}});
    ASSERT_EQ(t.columns.size(), 5u);
    EXPECT_EQ(t.columns[0].first, "day");
    EXPECT_EQ(std::get<std::vector<std::int64_t>>(t.columns[0].second),
              (std::vector<std::int64_t>{3, 4}));  // integers are stored as int64
    EXPECT_EQ(std::get<std::vector<std::string>>(t.columns[1].second),
              (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(std::get<std::vector<double>>(t.columns[2].second), (std::vector<double>{3.0, 5.0}));
    EXPECT_EQ(t.columns[3].first, "minutes");
    EXPECT_EQ(std::get<std::vector<double>>(t.columns[4].second),
              (std::vector<double>{10.0, 20.0}));
}

TEST(ColumnBuilder, MetricColumnsKeepTheirTypeUnitAndMeaning) {
    using Read = std::variant<std::int32_t Visit::*, double (*)(const Visit&)>;
    constexpr std::array<Metric<Read>, 2> kMixed = {{
        {"day", &Visit::day, "days", "the day"},
        {"doubled", &doubled, "minutes", "twice the visit"},
    }};
    ColumnBuilder<Visit> columns;
    columns.column("store", &Visit::store).metrics(kMixed);
    const auto& described = columns.metric_columns();
    ASSERT_EQ(described.size(), 2u);  // the store column is no metric
    EXPECT_EQ(described[0].name, "day");
    EXPECT_EQ(described[0].type, "int64");
    EXPECT_EQ(described[0].unit, "days");
    EXPECT_EQ(described[1].type, "float64");
    EXPECT_EQ(described[1].description, "twice the visit");
    const Table t = table_of(columns, {{7, 1.0, "a", {}}});
    EXPECT_EQ(std::get<std::vector<double>>(t.columns[2].second), (std::vector<double>{2.0}));
}

}  // namespace
