#include "result_conversion.hpp"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>

namespace py = pybind11;

namespace journeysim::bindings {

namespace {

py::object column_to_python(const output::Column& column) {
    return std::visit(
        [](const auto& v) -> py::object {
            using T = typename std::decay_t<decltype(v)>::value_type;
            if constexpr (std::is_same_v<T, std::string>)
                return py::cast(v);
            else
                return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
        },
        column);
}

template <class T>
std::vector<T> copy_array(const py::array& a) {
    auto typed = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(a);
    return std::vector<T>(typed.data(), typed.data() + typed.size());
}

output::Column column_from_python(const std::string& where, const py::handle& value) {
    if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
        std::vector<std::string> strings;
        for (auto item : value)
            strings.push_back(py::isinstance<py::bytes>(item) ? item.cast<std::string>()
                                                              : py::str(item).cast<std::string>());
        return strings;
    }
    py::array a = py::array::ensure(value);
    if (!a || a.ndim() != 1)
        throw py::value_error(where + ": expected a 1-D array or a list of strings");
    switch (a.dtype().kind()) {
        case 'f': return copy_array<double>(a);
        case 'i':
        case 'b': return copy_array<std::int64_t>(a);
        case 'u': return copy_array<std::uint64_t>(a);
        default: return column_from_python(where, a.attr("tolist")());
    }
}

output::Attribute attribute_from_python(const std::string& name, const py::handle& value) {
    if (py::isinstance<py::bool_>(value)) return std::int64_t{value.cast<bool>()};
    if (py::isinstance<py::int_>(value)) {
        // Seeds span the whole uint64 range; everything else fits int64.
        if (value.cast<py::int_>() > py::int_(INT64_MAX)) return value.cast<std::uint64_t>();
        return value.cast<std::int64_t>();
    }
    if (py::isinstance<py::float_>(value)) return value.cast<double>();
    if (py::isinstance<py::str>(value)) return value.cast<std::string>();
    throw py::value_error("meta." + name + ": expected str, int or float");
}

}  // namespace

py::dict to_python(const output::ResultSet& results) {
    py::dict out, meta;
    for (const auto& [name, value] : results.meta)
        std::visit([&](const auto& v) { meta[py::str(name)] = v; }, value);
    out["meta"] = meta;
    for (const auto& table : results.tables) {
        py::dict columns;
        for (const auto& [name, column] : table.columns)
            columns[py::str(name)] = column_to_python(column);
        out[py::str(table.name)] = columns;
    }
    return out;
}

output::ResultSet from_python(const py::dict& meta, const py::dict& tables) {
    output::ResultSet set;
    for (auto [key, value] : meta) {
        const auto name = py::str(key).cast<std::string>();
        set.meta.emplace_back(name, attribute_from_python(name, value));
    }
    for (auto [key, columns] : tables) {
        output::Table table{py::str(key).cast<std::string>(), {}};
        for (auto [column_key, values] : columns.cast<py::dict>()) {
            const auto column = py::str(column_key).cast<std::string>();
            table.columns.emplace_back(
                column, column_from_python(table.name + "." + column, values));
        }
        set.tables.push_back(std::move(table));
    }
    return set;
}

}  // namespace journeysim::bindings
