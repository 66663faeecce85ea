#include "journeysim/output/hdf5_writer.hpp"
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
            } catch (const std::runtime_error& e) {
                PyErr_SetString(PyExc_OSError, e.what());
                throw py::error_already_set();
            }
        },
        py::arg("path"), py::arg("meta"), py::arg("tables"),
        "Write result tables to an HDF5 file atomically (temporary name, then rename).");
}

}  // namespace journeysim::bindings
