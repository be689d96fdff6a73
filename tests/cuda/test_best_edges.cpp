// GPU best-edge selection against the host selection, and the best-edge track builder on the
// GPU against the same builder on the host: identical selections and identical tracks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "track_building/device/best_edge_selection.hpp"
#include "cuda/cuda_test_support.hpp"
#include "track_building/best_edge_selection.hpp"
#include "track_building/track_builder_registry.hpp"

namespace trackgnn {
namespace {

struct ScoredGraph {
  std::int64_t num_nodes = 0;
  std::vector<std::int64_t> edge_index;  // [2, E]
  std::vector<float> scores;
  std::int64_t num_edges() const { return static_cast<std::int64_t>(scores.size()); }
};

// Edges from each node to nodes a few indices further on, as tracks cross consecutive layers:
// many two-edge paths with their shortcut beside them. Scores on a grid of 1/16 (ties are
// common), some of them -0.
ScoredGraph random_graph(testing::FreshRandom& random, std::int64_t num_nodes, double edges_per_node) {
  constexpr std::int64_t kReach = 4;
  constexpr int kScoreSteps = 16;
  ScoredGraph graph;
  graph.num_nodes = num_nodes;
  const auto num_edges = static_cast<std::int64_t>(edges_per_node * static_cast<double>(num_nodes));
  std::vector<std::int64_t> sources, targets;
  for (std::int64_t e = 0; e < num_edges; ++e) {
    const std::int64_t source = random.integer(0, num_nodes - 2);
    sources.push_back(source);
    targets.push_back(std::min(num_nodes - 1, source + random.integer(1, kReach)));
    const float score = static_cast<float>(random.integer(0, kScoreSteps)) / kScoreSteps;
    graph.scores.push_back(score == 0.0f && random.integer(0, 1) == 1 ? -0.0f : score);
  }
  graph.edge_index = sources;
  graph.edge_index.insert(graph.edge_index.end(), targets.begin(), targets.end());
  return graph;
}

std::vector<float> device_selection(const ScoredGraph& graph, float cut) {
  const Buffer<std::int64_t> edges = testing::to_device(graph.edge_index);
  const Buffer<float> scores = testing::to_device(graph.scores);
  Buffer<float> selection(Device::cuda());
  selection.resize(graph.scores.size());
  cuda::select_best_edges(edges.data(), scores.data(), graph.num_edges(), cut, graph.num_nodes, selection.data(), nullptr);
  return selection.to_host();
}

TrackCandidates build_tracks(const ScoredGraph& graph, float cut, Device device) {
  Graph on_device(device);
  on_device.num_nodes = graph.num_nodes;
  on_device.edge_index.copy_from_host(graph.edge_index.data(), graph.edge_index.size());
  on_device.edge_scores.copy_from_host(graph.scores.data(), graph.scores.size());
  TrackBuildingCard card;
  card.score_cut = cut;
  ExecutionContext context;
  context.device = device;
  return TrackBuilderRegistry::instance().create("best_edges", device, card)->build(on_device, context);
}

TEST(CudaBestEdges, SelectsTheHostsEdgesOnRandomGraphs) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  for (const std::int64_t num_nodes : {2, 10, 1000, 100000}) {
    for (const double edges_per_node : {0.5, 2.0, 10.0}) {
      const ScoredGraph graph = random_graph(random, num_nodes, edges_per_node);
      for (const float cut : {0.0f, 0.5f, 0.9f}) {
        SCOPED_TRACE("nodes " + std::to_string(num_nodes) + ", edges " + std::to_string(graph.num_edges()) +
                     ", cut " + std::to_string(cut));
        const std::vector<float> expected = best_edge_selection(graph.num_nodes, graph.edge_index.data(),
                                                                graph.scores.data(), graph.num_edges(), cut);
        const std::vector<float> actual = device_selection(graph, cut);
        ASSERT_EQ(actual.size(), expected.size());
        for (std::size_t e = 0; e < expected.size(); ++e) ASSERT_EQ(actual[e], expected[e]) << "edge " << e;
      }
    }
  }
}

TEST(CudaBestEdges, BuildsTheHostsTracks) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  testing::FreshRandom random;
  for (const std::int64_t num_nodes : {100, 100000}) {
    const ScoredGraph graph = random_graph(random, num_nodes, 3.0);
    for (const float cut : {0.3f, 0.9f}) {
      SCOPED_TRACE("nodes " + std::to_string(num_nodes) + ", cut " + std::to_string(cut));
      const TrackCandidates host = build_tracks(graph, cut, Device::cpu());
      EXPECT_GT(host.size(), 0u);
      EXPECT_TRUE(build_tracks(graph, cut, Device::cuda()) == host);
    }
  }
}

TEST(CudaBestEdges, RejectsWhatTheHostRejects) {
  TRACKGNN_SKIP_WITHOUT_CUDA();
  ScoredGraph outside;
  outside.num_nodes = 3;
  outside.edge_index = {0, 1, /* targets */ 1, 7};
  outside.scores = {0.9f, 0.9f};
  EXPECT_THROW(build_tracks(outside, 0.5f, Device::cpu()), std::out_of_range);
  EXPECT_THROW(build_tracks(outside, 0.5f, Device::cuda()), std::out_of_range);
  outside.scores = {0.9f, 0.1f};  // the bad edge under the cut: harmless on both
  EXPECT_TRUE(build_tracks(outside, 0.5f, Device::cuda()) == build_tracks(outside, 0.5f, Device::cpu()));
  EXPECT_THROW(device_selection(outside, 1.5f), std::invalid_argument);
  // No edges: nothing to select, every node its own candidate.
  ScoredGraph empty;
  empty.num_nodes = 4;
  EXPECT_TRUE(device_selection(empty, 0.5f).empty());
  EXPECT_TRUE(build_tracks(empty, 0.5f, Device::cuda()).empty());
}

}  // namespace
}  // namespace trackgnn
