// Edge efficiency and purity on a hand-made graph. Particles: A (pT 2 GeV, 6 hits stored out of
// distance order), B (pT 1.5 GeV, 6 hits), C (pT 0.5 GeV, 5 hits), 3 noise hits: 20 spacepoints.
// Target edges (pT > 1 GeV): A's 5 consecutive pairs and B's 5, i.e. 10.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <vector>

#include "metrics/hand_built_event.hpp"
#include "trackgnn/metrics/edge_metrics.hpp"

namespace trackgnn {
namespace {

constexpr std::uint64_t kA = 1001, kB = 1002, kC = 1003, kNoise = 0;

class EdgeMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    builder.add_particle(kA, 2.0f, 0.0f, 0.0f);
    builder.add_particle(kB, 0.0f, 1.5f, 0.0f);
    builder.add_particle(kC, 0.0f, -0.5f, 0.0f);
    // Stored in the order 3, 1, 6, 2, 5, 4 so that the spacepoint order is not the track order.
    std::map<int, std::int32_t> a_by_layer;
    for (const int layer : {3, 1, 6, 2, 5, 4}) a_by_layer[layer] = builder.add_hit(kA, 10.0f * layer, 8, layer);
    for (const auto& [layer, hit] : a_by_layer) a.push_back(hit);
    b = builder.add_track_hits(kB, 6);
    c = builder.add_track_hits(kC, 5);
    for (int layer = 1; layer <= 3; ++layer) noise.push_back(builder.add_hit(kNoise, 15.0f * layer, 9, layer, 0.0f));
  }

  // [2, E] from a list of (source, target) pairs.
  static std::vector<std::int64_t> edge_index(const std::vector<std::pair<std::int32_t, std::int32_t>>& pairs) {
    std::vector<std::int64_t> index(2 * pairs.size());
    for (std::size_t e = 0; e < pairs.size(); ++e) {
      index[e] = pairs[e].first;
      index[pairs.size() + e] = pairs[e].second;
    }
    return index;
  }

  // a[k], b[k], c[k]: the particle's k-th hit counted from its vertex.
  std::vector<std::pair<std::int32_t, std::int32_t>> hand_made_graph() const {
    return {
        {a[0], a[1]},      // target
        {a[2], a[1]},      // target, stored backwards
        {a[2], a[3]},      // target
        {a[3], a[4]},      // target (A's last pair a[4]-a[5] is missing)
        {b[0], b[1]},      // target
        {a[0], a[2]},      // true, skips a hit: not a target
        {c[0], c[1]},      // true, below the target pT
        {a[4], b[2]},      // false: two particles
        {noise[0], a[5]},  // false: noise
    };
  }

  test::HandBuiltEvent builder;
  std::vector<std::int32_t> a, b, c, noise;
};

TEST_F(EdgeMetricsTest, UnscoredGraphCountsEveryEdge) {
  const EdgeCounts counts = compute_edge_counts(builder.event(), edge_index(hand_made_graph()), {}, 0.0f);
  EXPECT_EQ(counts.spacepoints, 20);
  EXPECT_EQ(counts.kept_edges, 9);
  EXPECT_EQ(counts.true_kept_edges, 7);
  EXPECT_EQ(counts.target_edges, 10);
  EXPECT_EQ(counts.target_edges_found, 5);
  EXPECT_DOUBLE_EQ(*counts.edge_efficiency(), 5.0 / 10.0);
  EXPECT_DOUBLE_EQ(*counts.edge_purity(), 7.0 / 9.0);
  EXPECT_DOUBLE_EQ(*counts.edges_per_spacepoint(), 9.0 / 20.0);
}

// Edges scoring below the cut are dropped; a score equal to the cut is kept.
TEST_F(EdgeMetricsTest, ScoredGraphKeepsEdgesAtOrAboveTheCut) {
  const std::vector<float> scores{0.9f, 0.5f, 0.4f, 0.9f, 0.2f, 0.7f, 0.6f, 0.8f, 0.1f};
  const EdgeCounts counts = compute_edge_counts(builder.event(), edge_index(hand_made_graph()), scores, 0.5f);
  EXPECT_EQ(counts.kept_edges, 6);
  EXPECT_EQ(counts.true_kept_edges, 5);
  EXPECT_EQ(counts.target_edges_found, 3);
  EXPECT_DOUBLE_EQ(*counts.edge_efficiency(), 3.0 / 10.0);
  EXPECT_DOUBLE_EQ(*counts.edge_purity(), 5.0 / 6.0);
  EXPECT_DOUBLE_EQ(*counts.edges_per_spacepoint(), 6.0 / 20.0);
}

TEST_F(EdgeMetricsTest, BothDirectionsFindATargetOnceAndSelfLoopsAreNotTrue) {
  const EdgeCounts counts =
      compute_edge_counts(builder.event(), edge_index({{a[0], a[1]}, {a[1], a[0]}, {a[2], a[2]}}), {}, 0.0f);
  EXPECT_EQ(counts.kept_edges, 3);
  EXPECT_EQ(counts.true_kept_edges, 2);
  EXPECT_EQ(counts.target_edges_found, 1);
}

TEST_F(EdgeMetricsTest, TargetPtCutComesFromTheConfiguration) {
  MetricsConfig all_particles;
  all_particles.edge_target_min_pt = 0.0f;  // C's 4 pairs become targets too
  const EdgeCounts counts =
      compute_edge_counts(builder.event(), edge_index(hand_made_graph()), {}, 0.0f, all_particles);
  EXPECT_EQ(counts.target_edges, 14);
  EXPECT_EQ(counts.target_edges_found, 6);
}

// Targets follow the distance from the production vertex, not from the origin. A particle made
// at (-100, 50, 0) mm flying along +x crosses x = -80, -40, 0, 50: from its vertex that order,
// from the origin (94, 64, 50, 71 mm away) the order 0, -40, 50, -80.
TEST(EdgeTargets, OrderFollowsTheProductionVertex) {
  test::HandBuiltEvent builder;
  builder.add_particle(1, 2.0f, 0.0f, 0.0f, {-100.0f, 50.0f, 0.0f});
  std::vector<std::int32_t> hits;
  int layer = 0;
  for (const float x : {-80.0f, -40.0f, 0.0f, 50.0f}) hits.push_back(builder.add_hit_at(1, x, 50.0f, 0.0f, 8, ++layer));
  // [2, E]: the sources, then the targets.
  const std::vector<std::int64_t> vertex_order{hits[0], hits[1], hits[2], hits[1], hits[2], hits[3]};
  const EdgeCounts found = compute_edge_counts(builder.event(), vertex_order, {}, 0.0f);
  EXPECT_EQ(found.target_edges, 3);
  EXPECT_EQ(found.target_edges_found, 3);
  const std::vector<std::int64_t> origin_order{hits[2], hits[1], hits[3], hits[1], hits[3], hits[0]};
  EXPECT_EQ(compute_edge_counts(builder.event(), origin_order, {}, 0.0f).target_edges_found, 1);
}

TEST_F(EdgeMetricsTest, EmptyGraphHasNoPurity) {
  const EdgeCounts counts = compute_edge_counts(builder.event(), {}, {}, 0.0f);
  EXPECT_DOUBLE_EQ(*counts.edge_efficiency(), 0.0);
  EXPECT_FALSE(counts.edge_purity().has_value());
}

TEST_F(EdgeMetricsTest, RejectsMalformedEdges) {
  EXPECT_THROW(compute_edge_counts(builder.event(), {0, 1, 2}, {}, 0.0f), std::invalid_argument);
  EXPECT_THROW(compute_edge_counts(builder.event(), {0, 1}, {0.5f, 0.5f}, 0.0f), std::invalid_argument);
  EXPECT_THROW(compute_edge_counts(builder.event(), {0, 20}, {}, 0.0f), std::invalid_argument);
  EXPECT_THROW(compute_edge_counts(builder.event(), {-1, 0}, {}, 0.0f), std::invalid_argument);
  Event without_truth = builder.event();
  without_truth.truth.reset();
  EXPECT_THROW(compute_edge_counts(without_truth, {0, 1}, {}, 0.0f), std::invalid_argument);
}

}  // namespace
}  // namespace trackgnn
