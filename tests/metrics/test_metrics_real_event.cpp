// The metrics on the real TrackML sample event (shared/data/trackml-sample), against numbers
// computed independently in Python from the CSV files with the official TrackML scoring rule.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <utility>
#include <vector>

#include "trackgnn/io/trackml_csv.hpp"
#include "trackgnn/metrics/track_metrics.hpp"

namespace trackgnn {
namespace {

const std::filesystem::path kSampleDirectory = std::filesystem::path(TRACKGNN_SHARED_DATA_DIR) / "trackml-sample";
constexpr std::uint64_t kSampleEvent = 1;

class RealEventMetrics : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kSampleDirectory / "event000000001-truth.csv")) {
      GTEST_SKIP() << "no TrackML sample at " << kSampleDirectory << " (../shared is not part of a fresh clone)";
    }
    io::ReadOptions options;
    options.cells = false;
    options.require_truth = true;
    event = io::read_event(kSampleDirectory, kSampleEvent, options);
  }

  // One candidate per distinct key of the hits; `key` maps a spacepoint index to its group.
  template <typename Key>
  TrackCandidates group_hits_by(Key key) const {
    std::map<decltype(key(0)), std::int32_t> label_of;
    std::vector<std::int32_t> labels(event.spacepoints.size());
    for (std::size_t hit = 0; hit < labels.size(); ++hit) {
      labels[hit] = label_of.emplace(key(hit), static_cast<std::int32_t>(label_of.size())).first->second;
    }
    return TrackCandidates::from_labels(labels, 1);
  }

  Event event;
};

// Every particle's hits as one candidate, noise left out.
TEST_F(RealEventMetrics, TruthTracksAreFullyEfficientAndScoreOne) {
  std::vector<std::int32_t> labels(event.spacepoints.size());
  const Truth& truth = *event.truth;
  std::map<std::uint64_t, std::int32_t> label_of;
  for (std::size_t hit = 0; hit < labels.size(); ++hit) {
    const std::uint64_t particle = truth.particle_id[hit];
    labels[hit] = particle == 0 ? -1 : label_of.emplace(particle, static_cast<std::int32_t>(label_of.size())).first->second;
  }
  const TrackCounts counts = compute_track_counts(event, TrackCandidates::from_labels(labels, 1));
  EXPECT_EQ(counts.candidates, 468);  // particles with at least one hit
  EXPECT_EQ(counts.reconstructable_particles, 52);
  EXPECT_EQ(counts.reconstructable_particles_all_pt, 385);
  EXPECT_DOUBLE_EQ(*counts.track_efficiency(), 1.0);
  EXPECT_DOUBLE_EQ(*counts.fake_rate(), 0.0);
  EXPECT_DOUBLE_EQ(*counts.duplicate_rate(), 0.0);
  EXPECT_NEAR(*counts.trackml_score(), 1.0, 1e-12);
}

// Each particle cut at detector-volume boundaries (noise grouped per volume): the reference
// Python gives 1202 candidates, 1193 matched to 468 particles, 19 of 52 found, score 0.345218738.
TEST_F(RealEventMetrics, SplittingTracksByVolumeMatchesTheReferenceScore) {
  const Truth& truth = *event.truth;
  const TrackCandidates tracks = group_hits_by([&](std::size_t hit) {
    return std::make_pair(truth.particle_id[hit], event.spacepoints.volume_id[hit]);
  });
  const TrackCounts counts = compute_track_counts(event, tracks);
  EXPECT_EQ(counts.candidates, 1202);
  EXPECT_EQ(counts.matched_candidates, 1193);
  EXPECT_EQ(counts.matched_particles, 468);
  EXPECT_EQ(counts.duplicate_candidates(), 1193 - 468);
  EXPECT_EQ(counts.reconstructed_reconstructable_particles, 19);
  EXPECT_NEAR(*counts.trackml_score(), 0.345218738, 1e-6);
}

}  // namespace
}  // namespace trackgnn
