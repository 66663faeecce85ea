#include "journeysim/output/hdf5_writer.hpp"
#include "journeysim/output/write_error.hpp"
#include "journeysim/run/metrics.hpp"
#include "registrations.hpp"
#include "result_conversion.hpp"

namespace py = pybind11;

namespace journeysim::bindings {

void register_output(py::module_& m) {
    m.def(
        "write_hdf5",
        [](const std::string& path, const py::dict& meta, const py::dict& tables) {
            const output::ResultSet set = from_python(meta, tables);
            try {
                py::gil_scoped_release release;
                output::write_hdf5(path, set);
            } catch (const output::WriteError&) {
                throw;  // journeysim.WriteError, below
            } catch (const std::runtime_error& e) {
                PyErr_SetString(PyExc_OSError, e.what());
                throw py::error_already_set();
            }
        },
        py::arg("path"), py::arg("meta"), py::arg("tables"),
        "Write result tables to an HDF5 file atomically (temporary name, then rename).");
    m.def(
        "metrics",
        [] {
            py::list out;
            for (const run::MetricInfo& metric : run::metrics()) {
                py::dict d;
                d["name"] = metric.name;
                d["table"] = metric.table;
                d["type"] = metric.type;
                d["unit"] = metric.unit;
                d["description"] = metric.description;
                out.append(std::move(d));
            }
            return out;
        },
        "Every metric column of the result tables, in table and column order: dicts of name, "
        "table, type ('int64' or 'float64'), unit and description.");
    // A file the operating system would not let the engine write (a full disk, an I/O or a
    // permission error), from any call: journeysim.WriteError, an OSError with errno,
    // strerror (the reason, in the system's words) and filename.
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const output::WriteError& e) {
            const py::object type = py::module_::import("journeysim.errors").attr("WriteError");
            const py::object error = type(e.error_number(), e.reason(), e.path());
            PyErr_SetObject(type.ptr(), error.ptr());
        }
    });
}

}  // namespace journeysim::bindings
