// The device glue kernels against the obvious host loops.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "cuda/cuda_test_support.hpp"
#include "edge_classification/device/edge_operations.hpp"
#include "graph_construction/device/edge_orientation.hpp"
#include "graph_construction/edge_orientation.hpp"

namespace trackgnn {
namespace {

TEST(CudaEdgeOps, SigmoidMatchesTheHostFormula) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  std::vector<float> logits(20000);
  for (auto& x : logits) x = random.uniform(-30.0f, 30.0f);
  logits.insert(logits.end(), {0.0f, -100.0f, 100.0f, -1.0e30f, 1.0e30f});
  Buffer<float> values = testing::to_device(logits);
  cuda::sigmoid_in_place(values.data(), static_cast<std::int64_t>(values.size()), nullptr);
  const std::vector<float> probabilities = values.to_host();
  for (std::size_t i = 0; i < logits.size(); ++i) {
    const double expected = 1.0 / (1.0 + std::exp(-static_cast<double>(logits[i])));
    // expf is within 2 ulp on the device; the quotient adds one rounding.
    ASSERT_NEAR(probabilities[i], expected, 4.0 * std::numeric_limits<float>::epsilon() * expected + 1e-38)
        << "logit " << logits[i];
  }
  EXPECT_EQ(probabilities[logits.size() - 5], 0.5f);
}

TEST(CudaEdgeOps, OrientsEveryEdgeFromTheSmallerRadius) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  constexpr std::int64_t kNodes = 3000, kEdges = 50000;
  std::vector<float> positions(3 * kNodes);
  for (std::int64_t v = 0; v < kNodes; ++v) {
    // Radii drawn from few values, so that equal radii (ties by index) are common.
    positions[3 * v] = static_cast<float>(random.integer(0, 40)) * 25.0f;
    positions[3 * v + 1] = random.uniform(-3.14159f, 3.14159f);
    positions[3 * v + 2] = random.uniform(-1000.0f, 1000.0f);
  }
  // Distinct endpoints at distinct positions: every pair is kept, in its order.
  std::vector<std::int64_t> edges(2 * kEdges);
  for (std::int64_t e = 0; e < kEdges; ++e) {
    edges[e] = random.integer(0, kNodes - 1);
    do edges[kEdges + e] = random.integer(0, kNodes - 1);
    while (edges[kEdges + e] == edges[e]);
  }
  std::vector<std::int64_t> expected = edges;
  for (std::int64_t e = 0; e < kEdges; ++e) {
    std::int64_t& source = expected[e];
    std::int64_t& target = expected[kEdges + e];
    const float source_r = positions[3 * source], target_r = positions[3 * target];
    if (target_r < source_r || (target_r == source_r && target < source)) std::swap(source, target);
  }
  Buffer<std::int64_t> device_edges = testing::to_device(edges);
  const Buffer<float> device_positions = testing::to_device(positions);
  EXPECT_EQ(cuda::orient_edges_inner_to_outer(device_edges.data(), kEdges, device_positions.data(), nullptr), kEdges);
  EXPECT_EQ(device_edges.to_host(), expected);
}

// Self pairs and pairs of copies of a hit are dropped as on the host, the rest kept in order.
TEST(CudaEdgeOps, DropsPairsAtOnePositionAsTheHostDoes) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  constexpr std::int64_t kPlaces = 500, kNodes = 3000, kEdges = 200000;
  std::vector<float> places(3 * kPlaces);
  for (std::int64_t p = 0; p < kPlaces; ++p) {
    places[3 * p] = static_cast<float>(random.integer(0, 40)) * 25.0f;
    places[3 * p + 1] = random.uniform(-3.14159f, 3.14159f);
    places[3 * p + 2] = random.uniform(-1000.0f, 1000.0f);
  }
  std::vector<float> positions(3 * kNodes);
  for (std::int64_t v = 0; v < kNodes; ++v) {
    const std::int64_t place = random.integer(0, kPlaces - 1);  // about six copies of each place
    for (int c = 0; c < 3; ++c) positions[3 * v + c] = places[3 * place + c];
  }
  std::vector<std::int64_t> edges(2 * kEdges);
  for (auto& node : edges) node = random.integer(0, kNodes - 1);
  std::vector<std::int64_t> on_host = edges;
  const std::int64_t kept_on_host = PerDevice<EdgeOrientation>::on(Device::cpu())
                                        .orient_inner_to_outer(on_host.data(), kEdges, positions.data(), nullptr);
  on_host.resize(static_cast<std::size_t>(2 * kept_on_host));
  ASSERT_GT(kept_on_host, 0);
  ASSERT_LT(kept_on_host, kEdges);
  Buffer<std::int64_t> device_edges = testing::to_device(edges);
  const Buffer<float> device_positions = testing::to_device(positions);
  const std::int64_t kept = cuda::orient_edges_inner_to_outer(device_edges.data(), kEdges, device_positions.data(), nullptr);
  ASSERT_EQ(kept, kept_on_host);
  device_edges.resize(static_cast<std::size_t>(2 * kept));
  EXPECT_EQ(device_edges.to_host(), on_host);
}

TEST(CudaEdgeOps, SelectEdgesIsAStableCompaction) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  for (const std::int64_t num_edges : {0, 1, 7, 100000}) {
    std::vector<std::int64_t> edges(2 * num_edges);
    for (auto& node : edges) node = random.integer(0, 1 << 20);
    std::vector<float> scores(num_edges);
    for (auto& score : scores) score = random.uniform(0.0f, 1.0f);
    if (num_edges > 1) scores[1] = std::numeric_limits<float>::quiet_NaN();
    for (const float cut : {-1.0f, 0.3f, 0.5f, 2.0f}) {
      std::vector<std::int64_t> kept_sources, kept_targets;
      std::vector<float> kept_scores;
      for (std::int64_t e = 0; e < num_edges; ++e)
        if (scores[e] >= cut) {
          kept_sources.push_back(edges[e]);
          kept_targets.push_back(edges[num_edges + e]);
          kept_scores.push_back(scores[e]);
        }
      const Buffer<std::int64_t> device_edges = testing::to_device(edges);
      const Buffer<float> device_scores = testing::to_device(scores);
      Buffer<std::int64_t> device_kept(Device::cuda());
      Buffer<float> device_kept_scores(Device::cuda());
      device_kept.resize(2 * num_edges);
      device_kept_scores.resize(num_edges);
      const std::int64_t kept = cuda::select_edges(device_edges.data(), device_scores.data(), num_edges, cut,
                                                   device_kept.data(), device_kept_scores.data(), nullptr);
      ASSERT_EQ(kept, static_cast<std::int64_t>(kept_scores.size())) << "cut " << cut;
      device_kept.resize(2 * kept);
      device_kept_scores.resize(kept);
      std::vector<std::int64_t> expected_edges = kept_sources;
      expected_edges.insert(expected_edges.end(), kept_targets.begin(), kept_targets.end());
      EXPECT_EQ(device_kept.to_host(), expected_edges);
      EXPECT_EQ(device_kept_scores.to_host(), kept_scores);
    }
  }
}

TEST(CudaEdgeOps, SliceCopiesTheColumnRange) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  constexpr std::int64_t kEdges = 1000;
  std::vector<std::int64_t> edges(2 * kEdges);
  for (auto& node : edges) node = random.integer(0, 100000);
  const Buffer<std::int64_t> device_edges = testing::to_device(edges);
  const std::int64_t begin = random.integer(0, kEdges), end = random.integer(begin, kEdges);
  Buffer<std::int64_t> sliced(Device::cuda());
  sliced.resize(2 * (end - begin));
  cuda::slice_edges(device_edges.data(), kEdges, begin, end, sliced.data(), nullptr);
  std::vector<std::int64_t> expected(edges.begin() + begin, edges.begin() + end);
  expected.insert(expected.end(), edges.begin() + kEdges + begin, edges.begin() + kEdges + end);
  EXPECT_EQ(sliced.to_host(), expected);
  EXPECT_THROW(cuda::slice_edges(device_edges.data(), kEdges, 10, 5, sliced.data(), nullptr), std::invalid_argument);
  EXPECT_THROW(cuda::slice_edges(device_edges.data(), kEdges, 0, kEdges + 1, sliced.data(), nullptr),
               std::invalid_argument);
}

}  // namespace
}  // namespace trackgnn
