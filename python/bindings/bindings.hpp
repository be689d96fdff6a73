#pragma once
// Shared by the files of the extension module trackgnn._trackgnn: what each binds, and the
// conversions between numpy columns and the library's structures of arrays. The pure-Python
// package (trackgnn/) has checked names, lengths and values before a column reaches C++; the
// checks here only keep a direct caller of the private module from crashing.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "trackgnn/event/spacepoints.hpp"

namespace trackgnn::python {

namespace py = pybind11;

void register_error_translation();
void bind_pipeline(py::module_& module);
void bind_events(py::module_& module);

// The one-dimensional column `name` of `columns` as values of type T.
template <typename T>
std::vector<T> column(const py::dict& columns, const char* name) {
  if (!columns.contains(name)) throw std::invalid_argument(std::string("missing column '") + name + "'");
  const auto array = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(columns[name]);
  if (!array || array.ndim() != 1)
    throw std::invalid_argument(std::string("column '") + name + "' is not a one-dimensional numeric array");
  return std::vector<T>(array.data(), array.data() + array.size());
}

// A copy of `values` as a numpy array.
template <typename T>
py::array_t<T> to_array(const std::vector<T>& values) {
  return py::array_t<T>(static_cast<py::ssize_t>(values.size()), values.data());
}

// From the columns hit_id, x, y, z, volume_id, layer_id, module_id and, when present,
// cell_count and cell_value; r, phi and eta derived.
Spacepoints spacepoints_from_columns(const py::dict& columns);

// The inverse, without the derived columns.
py::dict spacepoint_columns(const Spacepoints& spacepoints);

}  // namespace trackgnn::python
