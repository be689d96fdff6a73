// Each reconstructability cut on its own: a particle that fails exactly one cut, perfectly
// tracked, must drop out of the efficiency's denominator (and only that one).
#include <gtest/gtest.h>

#include <cmath>

#include "metrics/hand_built_event.hpp"
#include "trackgnn/metrics/track_metrics.hpp"

namespace trackgnn {
namespace {

// Perfectly tracks every particle of the event and returns the counts.
TrackCounts perfectly_tracked(test::HandBuiltEvent& builder, const std::vector<std::vector<std::int32_t>>& particles,
                              const MetricsConfig& config = {}) {
  TrackCandidates tracks;
  for (const auto& hits : particles) tracks.add_track(hits);
  return compute_track_counts(builder.event(), tracks, config);
}

TEST(Reconstructable, ParticlePassingEveryCutCounts) {
  test::HandBuiltEvent builder;
  builder.add_particle(1, 2.0f, 0.0f, 1.0f);
  const auto hits = builder.add_track_hits(1, 5);
  const TrackCounts counts = perfectly_tracked(builder, {hits});
  EXPECT_EQ(counts.reconstructable_particles, 1);
  EXPECT_EQ(counts.reconstructable_particles_all_pt, 1);
}

// pT of exactly 1 GeV fails "pT > 1 GeV" but is reconstructable at all pT.
TEST(Reconstructable, PtCutIsStrictAndOnlyAppliesToThePtEfficiency) {
  test::HandBuiltEvent builder;
  builder.add_particle(1, 1.0f, 0.0f, 0.0f);  // pT = 1 GeV exactly
  const auto hits = builder.add_track_hits(1, 5);
  const TrackCounts counts = perfectly_tracked(builder, {hits});
  EXPECT_EQ(counts.reconstructable_particles, 0);
  EXPECT_EQ(counts.reconstructable_particles_all_pt, 1);
  EXPECT_FALSE(counts.track_efficiency().has_value());
  EXPECT_DOUBLE_EQ(*counts.track_efficiency_all_pt(), 1.0);
}

// eta = 4.5: pz = pT sinh(4.5).
TEST(Reconstructable, ForwardParticleBeyondEtaFourFails) {
  test::HandBuiltEvent builder;
  const float pt = 2.0f;
  builder.add_particle(1, pt, 0.0f, pt * static_cast<float>(std::sinh(4.5)));
  builder.add_particle(2, pt, 0.0f, -pt * static_cast<float>(std::sinh(3.9)));
  const auto forward = builder.add_track_hits(1, 6);
  const auto inside = builder.add_track_hits(2, 6, 14);
  const TrackCounts counts = perfectly_tracked(builder, {forward, inside});
  EXPECT_EQ(counts.reconstructable_particles, 1);
  EXPECT_EQ(counts.reconstructable_particles_all_pt, 1);
}

// Six hits, but two pairs share a layer: 4 distinct layers < 5. Another particle has its 5 hits
// on 5 layers that reuse layer numbers across two volumes, which are distinct layers.
TEST(Reconstructable, HitsMustLieOnFiveDistinctLayers) {
  test::HandBuiltEvent builder;
  builder.add_particle(1, 2.0f, 0.0f, 0.0f);
  builder.add_particle(2, 0.0f, 2.0f, 0.0f);
  std::vector<std::int32_t> doubled, two_volumes;
  for (const std::int32_t layer : {1, 1, 2, 2, 3, 4}) doubled.push_back(builder.add_hit(1, 10.0f * layer, 8, layer));
  for (const auto& [volume, layer] : std::vector<std::pair<int, int>>{{8, 1}, {8, 2}, {8, 3}, {13, 1}, {13, 2}}) {
    two_volumes.push_back(builder.add_hit(2, 10.0f * (volume + layer), volume, layer));
  }
  const TrackCounts counts = perfectly_tracked(builder, {doubled, two_volumes});
  EXPECT_EQ(counts.reconstructable_particles, 1);
  EXPECT_EQ(counts.reconstructable_particles_all_pt, 1);
  EXPECT_EQ(counts.reconstructed_reconstructable_particles, 1);
}

TEST(Reconstructable, CutsComeFromTheConfiguration) {
  test::HandBuiltEvent builder;
  builder.add_particle(1, 0.6f, 0.0f, 0.0f);
  const auto hits = builder.add_track_hits(1, 3);
  MetricsConfig loose;
  loose.min_pt = 0.5f;
  loose.min_distinct_layers = 3;
  EXPECT_EQ(perfectly_tracked(builder, {hits}, loose).reconstructable_particles, 1);
  EXPECT_EQ(perfectly_tracked(builder, {hits}).reconstructable_particles_all_pt, 0);
}

}  // namespace
}  // namespace trackgnn
