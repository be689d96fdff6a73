// Simulation, event files and metrics without the inference pipeline: an event is simulated,
// written and read back, and its truth, taken as the track candidates, scores perfectly.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "temp_directory.hpp"
#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/metrics/track_metrics.hpp"
#include "trackgnn/simulation/detector.hpp"
#include "trackgnn/simulation/simulator.hpp"

namespace trackgnn {
namespace {

constexpr double kPileup = 2;
constexpr std::uint64_t kSeed = 7;
constexpr std::size_t kMinTrackSize = 3;

TEST(LibrariesWithoutInference, SimulatedEventReadBackScoresItsTruthPerfectly) {
  simulation::SimulationConfig config;
  config.pileup = kPileup;
  config.seed = kSeed;
  const Event simulated = simulation::Simulator(simulation::Detector::trackml(), config).simulate(1);
  const testing::TempDirectory directory;
  io::write_event(simulated, directory.path());
  const Event event = io::read_event(directory.path(), 1);
  ASSERT_EQ(event.spacepoints.size(), simulated.spacepoints.size());
  ASSERT_TRUE(event.truth.has_value());

  // One candidate per particle (noise, particle 0, in none).
  const auto index = event.truth->particle_index();
  std::vector<std::int32_t> labels;
  for (const std::uint64_t particle : event.truth->particle_id)
    labels.push_back(particle == 0 ? -1 : static_cast<std::int32_t>(index.at(particle)));
  const TrackCounts counts = compute_track_counts(event, TrackCandidates::from_labels(labels, kMinTrackSize));
  ASSERT_GT(counts.reconstructable_particles, 0);
  EXPECT_DOUBLE_EQ(counts.track_efficiency().value(), 1.0);
  EXPECT_DOUBLE_EQ(counts.fake_rate().value(), 0.0);
}

}  // namespace
}  // namespace trackgnn
