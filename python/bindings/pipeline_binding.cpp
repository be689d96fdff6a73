// trackgnn.Pipeline's C++ half: loads the models once and runs events with the GIL released, so
// that Python threads running one pipeline compute at once, as `trackgnn run --threads` does.
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "bindings.hpp"
#include "trackgnn/pipeline/pipeline.hpp"

namespace trackgnn::python {

namespace {

class PythonPipeline {
 public:
  PythonPipeline(const std::string& models, const std::string& device, const std::optional<std::string>& precision,
                 const std::optional<std::string>& backend) {
    CardOptions options;
    options.device = Device::parse(device);
    if (precision) options.precision = parse_precision(*precision);
    if (backend) options.backend = *backend;
    // The module returns each call's per-stage times (tracks.attrs["timings"]).
    options.time_stages = true;
    py::gil_scoped_release release;
    pipeline_ = Pipeline::from_card(models, options);
  }

  // The track index of every hit (-1: in no track) and the (stage, seconds) rows of the timing.
  std::pair<py::array_t<std::int64_t>, std::vector<std::pair<std::string, double>>> run(const py::dict& hits) const {
    const Spacepoints spacepoints = spacepoints_from_columns(hits);
    PipelineResult result;
    {
      py::gil_scoped_release release;
      result = pipeline_->run(spacepoints);
    }
    const std::vector<std::int32_t> labels = result.tracks.labels(spacepoints.size());
    py::array_t<std::int64_t> track_id(static_cast<py::ssize_t>(labels.size()));
    std::int64_t* out = track_id.mutable_data();
    for (std::size_t i = 0; i < labels.size(); ++i) out[i] = labels[i];
    std::vector<std::pair<std::string, double>> times;
    for (const auto& [stage, seconds] : result.stage_times.entries()) times.emplace_back(stage_title(stage), seconds);
    return {std::move(track_id), std::move(times)};
  }

  const Pipeline& pipeline() const { return *pipeline_; }

 private:
  std::unique_ptr<const Pipeline> pipeline_;
};

}  // namespace

void bind_pipeline(py::module_& module) {
  py::class_<PythonPipeline>(module, "Pipeline")
      .def(py::init<const std::string&, const std::string&, const std::optional<std::string>&,
                    const std::optional<std::string>&>(),
           py::arg("models"), py::arg("device"), py::arg("precision"), py::arg("backend"))
      .def("run", &PythonPipeline::run, py::arg("hits"))
      .def_property_readonly("card_name", [](const PythonPipeline& self) { return self.pipeline().card().name; })
      .def_property_readonly("model_directory",
                             [](const PythonPipeline& self) { return self.pipeline().card().directory.string(); })
      .def_property_readonly("device", [](const PythonPipeline& self) { return self.pipeline().device().str(); })
      .def_property_readonly("backend", [](const PythonPipeline& self) { return self.pipeline().card().backend; })
      .def_property_readonly("precision",
                             [](const PythonPipeline& self) { return to_string(self.pipeline().card().precision); });
}

}  // namespace trackgnn::python
