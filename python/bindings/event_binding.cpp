// Events between Python and C++: reading a TrackML event into columns, and scoring track
// candidates against truth given as columns, as `trackgnn eval` does.
#include <pybind11/stl.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/metrics/metrics_summary.hpp"
#include "trackgnn/metrics/track_metrics.hpp"

namespace trackgnn::python {

using namespace pybind11::literals;

namespace {

constexpr std::int64_t kNoTrack = -1;

void require_length(const char* frame, const char* name, std::size_t length, std::size_t expected) {
  if (length != expected)
    throw std::invalid_argument(std::string(frame) + ": column '" + name + "' has " + std::to_string(length) +
                                " values, expected " + std::to_string(expected));
}

py::dict cell_columns(const Spacepoints& spacepoints, const Cells& cells) {
  std::vector<std::uint64_t> hit_id(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i)
    hit_id[i] = spacepoints.hit_id[static_cast<std::size_t>(cells.hit_index[i])];
  return py::dict("hit_id"_a = to_array(hit_id), "ch0"_a = to_array(cells.ch0), "ch1"_a = to_array(cells.ch1),
                  "value"_a = to_array(cells.value));
}

py::dict truth_columns(const Spacepoints& spacepoints, const Truth& truth) {
  return py::dict("hit_id"_a = to_array(spacepoints.hit_id), "particle_id"_a = to_array(truth.particle_id),
                  "tx"_a = to_array(truth.tx), "ty"_a = to_array(truth.ty), "tz"_a = to_array(truth.tz),
                  "tpx"_a = to_array(truth.tpx), "tpy"_a = to_array(truth.tpy), "tpz"_a = to_array(truth.tpz),
                  "weight"_a = to_array(truth.weight));
}

template <typename T, typename Field>
py::array_t<T> particle_column(const std::vector<Particle>& particles, Field field) {
  std::vector<T> values(particles.size());
  for (std::size_t i = 0; i < particles.size(); ++i) values[i] = particles[i].*field;
  return to_array(values);
}

py::dict particle_columns(const std::vector<Particle>& particles) {
  return py::dict("particle_id"_a = particle_column<std::uint64_t>(particles, &Particle::particle_id),
                  "particle_type"_a = particle_column<std::int32_t>(particles, &Particle::particle_type),
                  "vx"_a = particle_column<float>(particles, &Particle::vx),
                  "vy"_a = particle_column<float>(particles, &Particle::vy),
                  "vz"_a = particle_column<float>(particles, &Particle::vz),
                  "px"_a = particle_column<float>(particles, &Particle::px),
                  "py"_a = particle_column<float>(particles, &Particle::py),
                  "pz"_a = particle_column<float>(particles, &Particle::pz),
                  "q"_a = particle_column<std::int32_t>(particles, &Particle::charge),
                  "nhits"_a = particle_column<std::int32_t>(particles, &Particle::nhits));
}

py::dict read_event_columns(const std::string& directory, std::uint64_t event_id) {
  Event event;
  {
    py::gil_scoped_release release;
    event = io::read_event(directory, event_id);
  }
  const py::object none = py::none();
  return py::dict("event_id"_a = event.event_id, "hits"_a = spacepoint_columns(event.spacepoints),
                  "cells"_a = event.cells.empty() ? none : cell_columns(event.spacepoints, event.cells),
                  "truth"_a = event.truth ? truth_columns(event.spacepoints, *event.truth) : none,
                  "particles"_a = event.truth ? particle_columns(event.truth->particles) : none);
}

// The inverse of particle_column: sets `field` of every particle from the column `name`.
template <typename T, typename Field>
void fill_particles(const py::dict& columns, const char* name, Field field, std::vector<Particle>& particles) {
  const std::vector<T> values = column<T>(columns, name);
  require_length("particles", name, values.size(), particles.size());
  for (std::size_t i = 0; i < particles.size(); ++i) particles[i].*field = values[i];
}

// Truth aligned with the spacepoints (row i describes hit i), as the Python side prepares it.
Truth truth_from_columns(const py::dict& truth_columns, const py::dict& particle_columns, std::size_t hits) {
  Truth truth;
  truth.particle_id = column<std::uint64_t>(truth_columns, "particle_id");
  require_length("truth", "particle_id", truth.particle_id.size(), hits);
  const std::pair<const char*, std::vector<float>*> per_hit[] = {
      {"tx", &truth.tx},   {"ty", &truth.ty},   {"tz", &truth.tz},        {"tpx", &truth.tpx},
      {"tpy", &truth.tpy}, {"tpz", &truth.tpz}, {"weight", &truth.weight}};
  for (const auto& [name, values] : per_hit) {
    *values = column<float>(truth_columns, name);
    require_length("truth", name, values->size(), hits);
  }

  const auto particle_id = column<std::uint64_t>(particle_columns, "particle_id");
  truth.particles.resize(particle_id.size());
  for (std::size_t i = 0; i < particle_id.size(); ++i) truth.particles[i].particle_id = particle_id[i];
  fill_particles<std::int32_t>(particle_columns, "particle_type", &Particle::particle_type, truth.particles);
  fill_particles<float>(particle_columns, "vx", &Particle::vx, truth.particles);
  fill_particles<float>(particle_columns, "vy", &Particle::vy, truth.particles);
  fill_particles<float>(particle_columns, "vz", &Particle::vz, truth.particles);
  fill_particles<float>(particle_columns, "px", &Particle::px, truth.particles);
  fill_particles<float>(particle_columns, "py", &Particle::py, truth.particles);
  fill_particles<float>(particle_columns, "pz", &Particle::pz, truth.particles);
  fill_particles<std::int32_t>(particle_columns, "q", &Particle::charge, truth.particles);
  fill_particles<std::int32_t>(particle_columns, "nhits", &Particle::nhits, truth.particles);
  return truth;
}

// Candidates from a per-hit track id, as io::read_tracks builds them from a tracks file: tracks in
// ascending id order (ids need not be compact), hits within a track by index.
TrackCandidates tracks_from_ids(const std::vector<std::int64_t>& track_id) {
  std::map<std::int64_t, std::vector<std::int32_t>> members;
  for (std::size_t i = 0; i < track_id.size(); ++i) {
    if (track_id[i] == kNoTrack) continue;
    if (track_id[i] < 0)
      throw std::invalid_argument("track_id " + std::to_string(track_id[i]) +
                                  " is negative (only -1, no track, is allowed)");
    members[track_id[i]].push_back(static_cast<std::int32_t>(i));
  }
  TrackCandidates tracks;
  for (const auto& [id, hits] : members) tracks.add_track(hits);
  return tracks;
}

// Each event is (hits, truth aligned with the hits, particles, track_id per hit); the metrics of
// all of them summed, as MetricsSummary::to_json() writes them.
std::string evaluate_columns(const std::vector<py::tuple>& events, const std::optional<std::string>& matching,
                             const std::optional<float>& min_pt) {
  MetricsConfig config;
  if (matching) config.matching = parse_matching_rule(*matching);
  if (min_pt) config.min_pt = *min_pt;
  config.validate();
  MetricsSummary summary(config);
  for (const py::tuple& event_columns : events) {
    if (event_columns.size() != 4) throw std::invalid_argument("an event is (hits, truth, particles, track_id)");
    Event event;
    event.spacepoints = spacepoints_from_columns(event_columns[0].cast<py::dict>());
    event.truth = truth_from_columns(event_columns[1].cast<py::dict>(), event_columns[2].cast<py::dict>(),
                                     event.spacepoints.size());
    const auto track_id =
        py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(event_columns[3]);
    if (!track_id || track_id.ndim() != 1)
      throw std::invalid_argument("track_id is not a one-dimensional numeric array");
    require_length("tracks", "track_id", static_cast<std::size_t>(track_id.size()), event.spacepoints.size());
    const std::vector<std::int64_t> ids(track_id.data(), track_id.data() + track_id.size());
    py::gil_scoped_release release;
    summary.add_event(compute_track_counts(event, tracks_from_ids(ids), config));
  }
  return summary.to_json();
}

}  // namespace

Spacepoints spacepoints_from_columns(const py::dict& columns) {
  Spacepoints spacepoints;
  spacepoints.hit_id = column<std::uint64_t>(columns, "hit_id");
  spacepoints.x = column<float>(columns, "x");
  spacepoints.y = column<float>(columns, "y");
  spacepoints.z = column<float>(columns, "z");
  spacepoints.volume_id = column<std::int32_t>(columns, "volume_id");
  spacepoints.layer_id = column<std::int32_t>(columns, "layer_id");
  spacepoints.module_id = column<std::int64_t>(columns, "module_id");
  const std::size_t n = spacepoints.hit_id.size();
  require_length("hits", "x", spacepoints.x.size(), n);
  require_length("hits", "y", spacepoints.y.size(), n);
  require_length("hits", "z", spacepoints.z.size(), n);
  require_length("hits", "volume_id", spacepoints.volume_id.size(), n);
  require_length("hits", "layer_id", spacepoints.layer_id.size(), n);
  require_length("hits", "module_id", spacepoints.module_id.size(), n);
  if (columns.contains("cell_count") || columns.contains("cell_value")) {
    spacepoints.cell_count = column<float>(columns, "cell_count");
    spacepoints.cell_value = column<float>(columns, "cell_value");
    require_length("hits", "cell_count", spacepoints.cell_count.size(), n);
    require_length("hits", "cell_value", spacepoints.cell_value.size(), n);
  }
  spacepoints.derive_cylindrical();
  return spacepoints;
}

py::dict spacepoint_columns(const Spacepoints& spacepoints) {
  return py::dict("hit_id"_a = to_array(spacepoints.hit_id), "x"_a = to_array(spacepoints.x),
                  "y"_a = to_array(spacepoints.y), "z"_a = to_array(spacepoints.z),
                  "volume_id"_a = to_array(spacepoints.volume_id), "layer_id"_a = to_array(spacepoints.layer_id),
                  "module_id"_a = to_array(spacepoints.module_id));
}

void bind_events(py::module_& module) {
  module.def(
      "list_events",
      [](const std::string& directory) {
        py::gil_scoped_release release;
        return io::list_events(directory);
      },
      py::arg("directory"));
  module.def("read_event", &read_event_columns, py::arg("directory"), py::arg("event_id"));
  module.def("evaluate", &evaluate_columns, py::arg("events"), py::arg("matching"), py::arg("min_pt"));
}

}  // namespace trackgnn::python
