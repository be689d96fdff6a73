#pragma once
// Shared by the throughput tests: small simulated events on disk and the fixed-formula models
// (models/make_models.py), which run an event in milliseconds.
#include <filesystem>
#include <map>
#include <vector>

#include "io/io_test_support.hpp"
#include "trackgnn/event/track_candidates.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/simulation/simulator.hpp"

namespace trackgnn::testing {

inline const std::filesystem::path kTestModels =
    std::filesystem::path(TRACKGNN_SOURCE_DIR) / "tests" / "throughput" / "models";

// Events 1..count with a few pileup vertices (about a thousand hits each), written as TrackML CSV.
inline void write_small_events(const std::filesystem::path& directory, std::size_t count) {
  simulation::SimulationConfig config;
  config.seed = 7;
  config.pileup = 2;
  config.hard_scatter = simulation::HardScatter::none;
  const simulation::Simulator simulator(simulation::Detector::trackml(), config);
  for (std::uint64_t id = 1; id <= count; ++id) io::write_event(simulator.simulate(id), directory);
}

using TracksByEvent = std::map<std::uint64_t, TrackCandidates>;

}  // namespace trackgnn::testing
