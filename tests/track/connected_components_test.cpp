// Union-find against a breadth-first search on random graphs, and the track-candidate rules.
#include <gtest/gtest.h>

#include <queue>
#include <random>

#include "trackgnn/event/track_candidates.hpp"
#include "trackgnn/track/connected_components.hpp"

namespace trackgnn {
namespace {

std::vector<std::int32_t> breadth_first_labels(std::int64_t n, const std::vector<std::int64_t>& edges,
                                               const std::vector<float>& scores, float cut) {
  const auto num_edges = static_cast<std::int64_t>(scores.size());
  std::vector<std::vector<std::int64_t>> adjacency(n);
  for (std::int64_t e = 0; e < num_edges; ++e)
    if (scores[e] >= cut) {
      adjacency[edges[e]].push_back(edges[num_edges + e]);
      adjacency[edges[num_edges + e]].push_back(edges[e]);
    }
  std::vector<std::int32_t> labels(n, -1);
  std::int32_t next = 0;
  for (std::int64_t start = 0; start < n; ++start) {
    if (labels[start] >= 0) continue;
    std::queue<std::int64_t> queue;
    queue.push(start);
    labels[start] = next;
    while (!queue.empty()) {
      const auto node = queue.front();
      queue.pop();
      for (auto other : adjacency[node])
        if (labels[other] < 0) {
          labels[other] = next;
          queue.push(other);
        }
    }
    ++next;
  }
  return labels;
}

TEST(ConnectedComponents, AgreesWithBreadthFirstSearchOnRandomGraphs) {
  std::mt19937 generator(42);
  for (int trial = 0; trial < 50; ++trial) {
    const std::int64_t n = 1 + trial * 37;
    const std::int64_t num_edges = (trial % 3) * n;
    std::uniform_int_distribution<std::int64_t> node(0, n - 1);
    std::uniform_real_distribution<float> score(0.0f, 1.0f);
    std::vector<std::int64_t> edges(2 * num_edges);
    std::vector<float> scores(num_edges);
    for (auto& e : edges) e = node(generator);
    for (auto& s : scores) s = score(generator);
    const auto expected = breadth_first_labels(n, edges, scores, 0.5f);
    EXPECT_EQ(connected_component_labels(n, edges.data(), scores.data(), num_edges, 0.5f), expected) << "trial " << trial;
  }
}

TEST(ConnectedComponents, NullScoresKeepEveryEdge) {
  const std::vector<std::int64_t> edges{0, 3, /* targets */ 1, 4};
  const std::vector<std::int32_t> expected{0, 0, 1, 2, 2};
  EXPECT_EQ(connected_component_labels(5, edges.data(), nullptr, 2, 0.5f), expected);
}

TEST(ConnectedComponents, EdgeOutsideTheGraphIsAnError) {
  const std::vector<std::int64_t> edges{0, 7};
  EXPECT_THROW(connected_component_labels(3, edges.data(), nullptr, 1, 0.5f), std::out_of_range);
}

TEST(TrackCandidates, FromLabelsDropsShortTracksAndOrdersBySmallestHit) {
  // Components: {0, 4, 5}, {1, 2}, {3, 6, 7, 8}; minimum size 3 drops {1, 2}.
  const std::vector<std::int32_t> labels{7, 2, 2, 0, 7, 7, 0, 0, 0};
  const TrackCandidates tracks = TrackCandidates::from_labels(labels, 3);
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(std::vector<std::int32_t>(tracks.track_begin(0), tracks.track_end(0)), (std::vector<std::int32_t>{0, 4, 5}));
  EXPECT_EQ(std::vector<std::int32_t>(tracks.track_begin(1), tracks.track_end(1)), (std::vector<std::int32_t>{3, 6, 7, 8}));
}

}  // namespace
}  // namespace trackgnn
