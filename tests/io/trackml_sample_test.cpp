// The real TrackML sample event from ../shared (skipped with a message when absent).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <numeric>
#include <set>
#include <unordered_map>

#include "io/io_test_support.hpp"
#include "trackgnn/io/trackml_csv.hpp"

namespace trackgnn::io {
namespace {

const std::filesystem::path kSampleDirectory = std::filesystem::path(TRACKGNN_SHARED_DATA_DIR) / "trackml-sample";
constexpr std::uint64_t kSampleEvent = 1;

class TrackmlSample : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kSampleDirectory / "event000000001-hits.csv"))
      GTEST_SKIP() << "no TrackML sample at " << kSampleDirectory << " (it comes with ../shared)";
  }
};

TEST_F(TrackmlSample, ListsTheOneEvent) {
  EXPECT_EQ(list_events(kSampleDirectory), std::vector<std::uint64_t>{kSampleEvent});
}

TEST_F(TrackmlSample, HitsCellsAndTruthHaveTheKnownCounts) {
  const Event event = read_event(kSampleDirectory, kSampleEvent);
  const Spacepoints& hits = event.spacepoints;
  EXPECT_EQ(event.event_id, kSampleEvent);
  ASSERT_EQ(hits.size(), 5527u);
  ASSERT_EQ(hits.r.size(), hits.size());
  EXPECT_TRUE(std::is_sorted(hits.hit_id.begin(), hits.hit_id.end())) << "file order is kept";
  EXPECT_EQ(hits.hit_id.front(), 6u);
  EXPECT_EQ(hits.hit_id.back(), 111635u);
  // First record: 6,-76.566,-11.3673,-1502.5,7,2,1
  EXPECT_EQ(hits.x[0], -76.566f);
  EXPECT_EQ(hits.y[0], -11.3673f);
  EXPECT_EQ(hits.z[0], -1502.5f);
  EXPECT_EQ(hits.volume_id[0], 7);
  EXPECT_EQ(hits.layer_id[0], 2);
  EXPECT_EQ(hits.module_id[0], 1);
  const std::set<std::int32_t> volumes(hits.volume_id.begin(), hits.volume_id.end());
  EXPECT_EQ(volumes, (std::set<std::int32_t>{7, 8, 9, 12, 13, 14, 16, 17, 18})) << "all nine volumes";

  EXPECT_EQ(event.cells.size(), 18564u);
  ASSERT_TRUE(hits.has_cells());
  EXPECT_FLOAT_EQ(std::accumulate(hits.cell_count.begin(), hits.cell_count.end(), 0.0f), 18564.0f);
  EXPECT_EQ(*std::min_element(hits.cell_count.begin(), hits.cell_count.end()), 1.0f) << "every hit has a cell";
  EXPECT_EQ(hits.cell_count[0], 1.0f);
  EXPECT_EQ(hits.cell_value[0], 0.295811f);

  ASSERT_TRUE(event.truth.has_value());
  const Truth& truth = *event.truth;
  EXPECT_EQ(truth.particles.size(), 548u);
  EXPECT_EQ(std::count(truth.particle_id.begin(), truth.particle_id.end(), 0u), 829);
  EXPECT_EQ(truth.particle_id[0], 27028813309280256u);
  EXPECT_EQ(truth.weight[0], 6.96929e-06f);
}

TEST_F(TrackmlSample, ParticlesAgreeWithTheirHits) {
  const Event event = read_event(kSampleDirectory, kSampleEvent);
  const Truth& truth = *event.truth;
  const Particle& first = truth.particles.front();
  EXPECT_EQ(first.particle_id, 4505867370102784u);
  EXPECT_EQ(first.particle_type, -211);
  EXPECT_EQ(first.charge, -1);
  EXPECT_NEAR(first.pt(), 0.24106f, 1e-5f);

  EXPECT_EQ(testing::expect_nhits_count_truth_hits(truth), 468u) << "particles that left hits";
  const auto high_pt =
      std::count_if(truth.particles.begin(), truth.particles.end(), [](const Particle& p) { return p.pt() > 1.0f; });
  EXPECT_EQ(high_pt, 56);
  EXPECT_TRUE(std::all_of(truth.particles.begin(), truth.particles.end(),
                          [](const Particle& p) { return p.charge == 1 || p.charge == -1; }));

  // A measured hit lies near its true intersection: within a fraction of a millimetre in the
  // pixel volumes 7-9 and the short strips 12-14, within a few millimetres along the long
  // strips 16-18, which measure only across the strip.
  const std::unordered_map<std::int32_t, float> largest_offset_mm = {
      {7, 0.3f}, {8, 0.3f}, {9, 0.3f}, {12, 1.0f}, {13, 1.0f}, {14, 1.0f}, {16, 6.0f}, {17, 6.0f}, {18, 6.0f}};
  const Spacepoints& hits = event.spacepoints;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    if (truth.particle_id[i] == 0) continue;
    const float offset = std::hypot(hits.x[i] - truth.tx[i], hits.y[i] - truth.ty[i], hits.z[i] - truth.tz[i]);
    ASSERT_LT(offset, largest_offset_mm.at(hits.volume_id[i])) << "hit_id " << hits.hit_id[i];
  }
}

TEST_F(TrackmlSample, OptionsLeaveOutCellsAndTruth) {
  ReadOptions options;
  options.cells = false;
  options.truth = false;
  const Event event = read_event(kSampleDirectory, kSampleEvent, options);
  EXPECT_EQ(event.spacepoints.size(), 5527u);
  EXPECT_FALSE(event.spacepoints.has_cells());
  EXPECT_TRUE(event.cells.empty());
  EXPECT_FALSE(event.truth.has_value());
}

// The public Kaggle TrackML files have no particle_type column: the same particles are read, with
// the species unknown, and a file with its columns in another order reads the same.
TEST_F(TrackmlSample, ParticlesInTheKaggleLayoutAreRead) {
  const testing::TempDirectory directory;
  for (const char* kind : {"hits", "cells", "truth"})
    std::filesystem::copy_file(kSampleDirectory / (std::string("event000000001-") + kind + ".csv"),
                               directory / (std::string("event000000001-") + kind + ".csv"));
  // Rewrite particles.csv as particle_id,vx,vy,vz,px,py,pz,q,nhits (dropping field 2).
  std::ifstream in(kSampleDirectory / "event000000001-particles.csv");
  std::string line, kaggle;
  while (std::getline(in, line)) {
    const auto first = line.find(','), second = line.find(',', first + 1);
    ASSERT_NE(second, std::string::npos);
    kaggle += line.substr(0, first) + line.substr(second) + "\n";
  }
  ASSERT_EQ(kaggle.substr(0, kaggle.find('\n')), "particle_id,vx,vy,vz,px,py,pz,q,nhits");
  testing::write_text(directory / "event000000001-particles.csv", kaggle);

  const Event original = read_event(kSampleDirectory, kSampleEvent);
  const Event event = read_event(directory.path(), kSampleEvent);
  ASSERT_TRUE(event.truth.has_value());
  const auto& particles = event.truth->particles;
  const auto& expected = original.truth->particles;
  ASSERT_EQ(particles.size(), 548u);
  for (std::size_t i = 0; i < particles.size(); ++i) {
    EXPECT_EQ(particles[i].particle_id, expected[i].particle_id);
    EXPECT_EQ(particles[i].particle_type, kUnknownParticleType);
    EXPECT_EQ(particles[i].px, expected[i].px);
    EXPECT_EQ(particles[i].vz, expected[i].vz);
    EXPECT_EQ(particles[i].charge, expected[i].charge);
    EXPECT_EQ(particles[i].nhits, expected[i].nhits);
  }
  EXPECT_EQ(event.truth->particle_id, original.truth->particle_id);

  // Any other missing column is still an error that names it.
  testing::write_text(directory / "event000000001-particles.csv", "particle_id,vx,vy,vz,px,py,pz,nhits\n1,0,0,0,1,1,1,5\n");
  try {
    read_event(directory.path(), kSampleEvent);
    FAIL() << "a particles file without q was accepted";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("'q'"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace trackgnn::io
