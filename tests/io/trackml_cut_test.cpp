// The small real TrackML event under tests/data: runs on every clone, ../shared or not.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "io/io_test_support.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::io {
namespace {

const std::filesystem::path kCutDirectory = std::filesystem::path(TRACKGNN_SOURCE_DIR) / "tests/data/trackml-cut";

TEST(TrackmlCut, HitsCellsAndTruthHaveTheKnownCounts) {
  const Event event = read_event(kCutDirectory, 1);
  const Spacepoints& hits = event.spacepoints;
  ASSERT_EQ(hits.size(), 834u);
  // First and last records: 9,-30.1556,-0.067776,-1502.5,7,2,1 and 111499,736.913,554.417,2955.5,18,12,60
  EXPECT_EQ(hits.hit_id.front(), 9u);
  EXPECT_EQ(hits.x[0], -30.1556f);
  EXPECT_EQ(hits.hit_id.back(), 111499u);
  EXPECT_EQ(hits.z.back(), 2955.5f);
  EXPECT_EQ(hits.module_id.back(), 60);
  const std::set<std::int32_t> volumes(hits.volume_id.begin(), hits.volume_id.end());
  EXPECT_EQ(volumes, (std::set<std::int32_t>{7, 8, 9, 12, 13, 14, 16, 17, 18})) << "all nine volumes";
  EXPECT_EQ(event.cells.size(), 2749u);
  ASSERT_TRUE(event.truth.has_value());
  EXPECT_EQ(event.truth->particles.size(), 76u);
  EXPECT_EQ(std::count(event.truth->particle_id.begin(), event.truth->particle_id.end(), 0u), 34);
}

TEST(TrackmlCut, KeepsWholeParticles) {
  const Event event = read_event(kCutDirectory, 1);
  const Truth& truth = *event.truth;
  testing::expect_nhits_count_truth_hits(truth);
  const auto above_one_gev = std::count_if(truth.particles.begin(), truth.particles.end(),
                                           [](const Particle& particle) { return particle.pt() > 1.0f; });
  EXPECT_EQ(above_one_gev, 56);
}

// A particle crossing two overlapping modules leaves two hits on one layer: the cut keeps them.
TEST(TrackmlCut, HasSameLayerDoubleHits) {
  const Event event = read_event(kCutDirectory, 1);
  const Spacepoints& hits = event.spacepoints;
  std::set<std::tuple<std::uint64_t, std::int32_t, std::int32_t>> seen;
  std::int64_t double_hits = 0;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const std::uint64_t particle = event.truth->particle_id[i];
    if (particle == 0) continue;
    double_hits += !seen.emplace(particle, hits.volume_id[i], hits.layer_id[i]).second;
  }
  EXPECT_EQ(double_hits, 190);
}

}  // namespace
}  // namespace trackgnn::io
