// trackgnn._trackgnn: the C++ half of `import trackgnn`. The public API, and the conversion of
// DataFrames and dicts into the columns these functions take, is the pure-Python package.
#include <pybind11/stl.h>

#include <cstddef>
#include <filesystem>

#include "bindings.hpp"
#include "trackgnn/core/device.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/metrics/metrics_config.hpp"
#include "models/threading.hpp"

namespace trackgnn::python {

namespace {

// Raises `error_class(message, file, line)` (trackgnn.errors.InputError takes those arguments).
void raise_input_error(const InputError& error) {
  py::object error_class = py::module_::import("trackgnn.errors").attr("InputError");
  py::object instance = error_class(error.what(), error.file(), error.line());
  PyErr_SetObject(error_class.ptr(), instance.ptr());
}

}  // namespace

// The library's exceptions as Python ones, with the CLI's messages: an InputError about a file
// that does not exist (a missing hits file, model card or directory) is FileNotFoundError; other
// bad input data trackgnn.InputError (a ValueError) with its file and line; ModelError
// trackgnn.ModelError (a RuntimeError). pybind11 itself turns std::invalid_argument (bad
// arguments) into ValueError and other std::runtime_error into RuntimeError.
void register_error_translation() {
  py::register_local_exception_translator([](std::exception_ptr thrown) {
    try {
      if (thrown) std::rethrow_exception(thrown);
    } catch (const InputError& error) {
      std::error_code ignored;
      if (error.line() == 0 && !error.file().empty() && !std::filesystem::exists(error.file(), ignored)) {
        PyErr_SetString(PyExc_FileNotFoundError, error.what());
      } else {
        raise_input_error(error);
      }
    } catch (const ModelError& error) {
      PyErr_SetString(py::module_::import("trackgnn.errors").attr("ModelError").ptr(), error.what());
    }
  });
}

}  // namespace trackgnn::python

PYBIND11_MODULE(_trackgnn, module) {
  namespace py = pybind11;
  using namespace trackgnn;
  module.doc() = "The C++ half of the trackgnn Python package; use `import trackgnn`.";
  module.attr("__version__") = TRACKGNN_VERSION;
  python::register_error_translation();
  python::bind_pipeline(module);
  python::bind_events(module);

  module.def("set_model_threads", &set_model_threads, py::arg("threads"),
             "Threads of libtorch's intra-op pool that one model call may use on the CPU (process-wide).");
  module.def("model_threads", &model_threads, "Threads one model call may use on the CPU.");
  module.def("cuda_available", &cuda_available, "True when trackgnn was built with CUDA and a device is visible.");
  module.def(
      "matching_rules",
      [] {
        std::vector<std::string> names;
        for (const MatchingRule rule : matching_rules()) names.push_back(matching_rule_name(rule));
        return names;
      },
      "Names of the matching rules evaluate() accepts.");
  module.attr("default_matching") = matching_rule_name(MetricsConfig{}.matching);
  module.attr("default_min_pt") = MetricsConfig{}.min_pt;
}
