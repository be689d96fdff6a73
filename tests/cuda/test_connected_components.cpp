// GPU connected components against a plain CPU union-find with the same compaction: labels
// 0..C-1 in the order of each component's smallest node.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "track_building/device/connected_components.hpp"
#include "cuda/cuda_test_support.hpp"

namespace trackgnn {
namespace {

std::vector<std::int32_t> union_find_labels(std::int64_t num_nodes, const std::vector<std::int64_t>& edge_index,
                                            const std::vector<float>* scores, float cut) {
  std::vector<std::int64_t> parent(static_cast<std::size_t>(num_nodes));
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](std::int64_t v) {
    while (parent[v] != v) v = parent[v] = parent[parent[v]];
    return v;
  };
  const std::size_t num_edges = edge_index.size() / 2;
  for (std::size_t e = 0; e < num_edges; ++e) {
    if (scores != nullptr && !((*scores)[e] >= cut)) continue;
    const std::int64_t a = find(edge_index[e]), b = find(edge_index[num_edges + e]);
    parent[std::max(a, b)] = std::min(a, b);
  }
  std::vector<std::int32_t> labels(static_cast<std::size_t>(num_nodes), -1);
  std::vector<std::int32_t> label_of_root(static_cast<std::size_t>(num_nodes), -1);
  std::int32_t next = 0;
  for (std::int64_t v = 0; v < num_nodes; ++v) {
    const std::int64_t root = find(v);
    if (label_of_root[root] < 0) label_of_root[root] = next++;
    labels[v] = label_of_root[root];
  }
  return labels;
}

struct GpuLabels {
  std::vector<std::int32_t> labels;
  std::int32_t components = -1;
};

GpuLabels gpu_labels(std::int64_t num_nodes, const std::vector<std::int64_t>& edge_index,
                     const std::vector<float>* scores, float cut) {
  const Buffer<std::int64_t> device_edges = testing::to_device(edge_index);
  Buffer<float> device_scores(Device::cuda());
  if (scores != nullptr) device_scores = testing::to_device(*scores);
  Buffer<std::int32_t> labels(Device::cuda());
  labels.resize(static_cast<std::size_t>(num_nodes));
  GpuLabels result;
  result.components = cuda::connected_components(device_edges.data(), scores ? device_scores.data() : nullptr,
                                                  static_cast<std::int64_t>(edge_index.size() / 2), cut, num_nodes,
                                                  labels.data(), nullptr);
  result.labels = labels.to_host();
  return result;
}

void expect_same_labels(std::int64_t num_nodes, const std::vector<std::int64_t>& edge_index,
                        const std::vector<float>* scores, float cut) {
  const std::vector<std::int32_t> expected = union_find_labels(num_nodes, edge_index, scores, cut);
  const GpuLabels actual = gpu_labels(num_nodes, edge_index, scores, cut);
  const std::int32_t expected_components =
      expected.empty() ? 0 : *std::max_element(expected.begin(), expected.end()) + 1;
  EXPECT_EQ(actual.components, expected_components);
  ASSERT_EQ(actual.labels.size(), expected.size());
  for (std::size_t v = 0; v < expected.size(); ++v) ASSERT_EQ(actual.labels[v], expected[v]) << "node " << v;
}

std::vector<std::int64_t> random_edges(testing::FreshRandom& random, std::int64_t num_nodes, std::int64_t num_edges) {
  std::vector<std::int64_t> edge_index(static_cast<std::size_t>(2 * num_edges));
  for (auto& node : edge_index) node = random.integer(0, num_nodes - 1);
  return edge_index;
}

std::vector<float> random_scores(testing::FreshRandom& random, std::int64_t count) {
  std::vector<float> scores(static_cast<std::size_t>(count));
  for (auto& score : scores) score = random.uniform(0.0f, 1.0f);
  return scores;
}

TEST(CudaConnectedComponents, MatchesUnionFindOnRandomGraphs) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // Sparse to dense: from mostly singletons to one giant component.
  for (const std::int64_t num_nodes : {1, 2, 10, 1000, 60000}) {
    for (const double edges_per_node : {0.3, 0.8, 3.0}) {
      const auto num_edges = static_cast<std::int64_t>(edges_per_node * static_cast<double>(num_nodes));
      const std::vector<std::int64_t> edges = random_edges(random, num_nodes, num_edges);
      const std::vector<float> scores = random_scores(random, num_edges);
      SCOPED_TRACE("nodes " + std::to_string(num_nodes) + ", edges " + std::to_string(num_edges));
      expect_same_labels(num_nodes, edges, &scores, 0.5f);
      expect_same_labels(num_nodes, edges, nullptr, 0.5f);
    }
  }
}

TEST(CudaConnectedComponents, FollowsALongShuffledChain) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  // One path through all nodes in random order, edges listed in random order: the deepest trees.
  constexpr std::int64_t kNodes = 200000;
  std::vector<std::int64_t> order(kNodes);
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), random.engine());
  std::vector<std::int64_t> links(kNodes - 1);
  std::iota(links.begin(), links.end(), 0);
  std::shuffle(links.begin(), links.end(), random.engine());
  std::vector<std::int64_t> edges(2 * (kNodes - 1));
  for (std::int64_t e = 0; e < kNodes - 1; ++e) {
    edges[e] = order[links[e]];
    edges[kNodes - 1 + e] = order[links[e] + 1];
  }
  const GpuLabels result = gpu_labels(kNodes, edges, nullptr, 0.0f);
  EXPECT_EQ(result.components, 1);
  EXPECT_TRUE(std::all_of(result.labels.begin(), result.labels.end(), [](std::int32_t label) { return label == 0; }));
  // Cutting the chain where scores fail splits it into exactly the predicted pieces.
  const std::vector<float> scores = random_scores(random, kNodes - 1);
  expect_same_labels(kNodes, edges, &scores, 0.1f);
}

TEST(CudaConnectedComponents, NodesWithoutEdgesAreTheirOwnComponents) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  const GpuLabels none = gpu_labels(0, {}, nullptr, 0.5f);
  EXPECT_EQ(none.components, 0);
  const GpuLabels isolated = gpu_labels(5, {}, nullptr, 0.5f);
  EXPECT_EQ(isolated.components, 5);
  EXPECT_EQ(isolated.labels, (std::vector<std::int32_t>{0, 1, 2, 3, 4}));
  // Every edge below the cut: still singletons. NaN scores never pass.
  const std::vector<float> low = {0.2f, std::numeric_limits<float>::quiet_NaN()};
  const GpuLabels cut_away = gpu_labels(4, {0, 2, 1, 3}, &low, 0.5f);
  EXPECT_EQ(cut_away.components, 4);
}

TEST(CudaConnectedComponents, RejectsAPassingEdgeToAMissingNode) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  const std::vector<float> scores = {0.9f, 0.9f, 0.1f};
  // Edge 2 names node 7 but fails the cut, so only edge 1 (node 5 of 5) is an error.
  EXPECT_THROW(gpu_labels(5, {0, 1, 7, 1, 5, 2}, &scores, 0.5f), std::out_of_range);
  const std::vector<float> below = {0.9f, 0.1f};
  EXPECT_NO_THROW(gpu_labels(5, {0, 7, 1, 2}, &below, 0.5f));
}

}  // namespace
}  // namespace trackgnn
