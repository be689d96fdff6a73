// The best-edge track builder on hand-made graphs (junctions, weak links between tracks, skipped
// hits, ties) and its selection against a brute-force reading of its definition.
#include <gtest/gtest.h>

#include <random>
#include <stdexcept>
#include <vector>

#include "track_building/best_edge_selection.hpp"
#include "track_building/track_builder_registry.hpp"

namespace trackgnn {
namespace {

struct Edge {
  std::int64_t source;
  std::int64_t target;
  float score;
};

using Tracks = std::vector<std::vector<std::int32_t>>;

TrackBuildingCard building_card(float cut, std::int64_t min_track_size) {
  TrackBuildingCard card;
  card.score_cut = cut;
  card.min_track_size = min_track_size;
  return card;
}

Graph host_graph(std::int64_t num_nodes, const std::vector<Edge>& edges) {
  std::vector<std::int64_t> edge_index(2 * edges.size());
  std::vector<float> scores(edges.size());
  for (std::size_t e = 0; e < edges.size(); ++e) {
    edge_index[e] = edges[e].source;
    edge_index[edges.size() + e] = edges[e].target;
    scores[e] = edges[e].score;
  }
  Graph graph;
  graph.num_nodes = num_nodes;
  graph.edge_index.copy_from_host(edge_index.data(), edge_index.size());
  graph.edge_scores.copy_from_host(scores.data(), scores.size());
  return graph;
}

Tracks build(const std::string& builder, std::int64_t num_nodes, const std::vector<Edge>& edges, float cut,
             std::int64_t min_track_size = 3) {
  const TrackBuildingCard card = building_card(cut, min_track_size);
  const TrackCandidates candidates =
      TrackBuilderRegistry::instance().create(builder, Device::cpu(), card)->build(host_graph(num_nodes, edges), {});
  Tracks tracks;
  for (std::size_t t = 0; t < candidates.size(); ++t)
    tracks.emplace_back(candidates.track_begin(t), candidates.track_end(t));
  return tracks;
}

TEST(BestEdgesTrackBuilder, AJunctionKeepsItsBestBranch) {
  // 0 -> 1 -> 2 forks at 2: the branch 2 -> 3 -> 5 scores higher than 2 -> 4 -> 6.
  const std::vector<Edge> edges{{0, 1, 0.95f}, {1, 2, 0.95f}, {2, 3, 0.9f}, {2, 4, 0.7f}, {3, 5, 0.9f}, {4, 6, 0.9f}};
  EXPECT_EQ(build("connected_components", 7, edges, 0.5f), (Tracks{{0, 1, 2, 3, 4, 5, 6}}));
  EXPECT_EQ(build("best_edges", 7, edges, 0.5f), (Tracks{{0, 1, 2, 3, 5}}));
  // The losing branch is a track of its own once short tracks are allowed.
  EXPECT_EQ(build("best_edges", 7, edges, 0.5f, 2), (Tracks{{0, 1, 2, 3, 5}, {4, 6}}));
}

TEST(BestEdgesTrackBuilder, AWeakLinkNoLongerMergesTwoTracks) {
  // Tracks 0-1-2-3 and 4-5-6-7; one wrong edge 1 -> 6 above the cut.
  const std::vector<Edge> edges{{0, 1, 0.97f}, {1, 2, 0.96f}, {2, 3, 0.98f}, {4, 5, 0.95f},
                                {5, 6, 0.93f}, {6, 7, 0.99f}, {1, 6, 0.6f}};
  EXPECT_EQ(build("connected_components", 8, edges, 0.5f), (Tracks{{0, 1, 2, 3, 4, 5, 6, 7}}));
  EXPECT_EQ(build("best_edges", 8, edges, 0.5f), (Tracks{{0, 1, 2, 3}, {4, 5, 6, 7}}));
}

TEST(BestEdgesTrackBuilder, AnEdgeSkippingAHitDoesNotSplitTheTrack) {
  // The edges to the next-but-one hit score higher than those to the next hit: without the
  // shortcut rule, 0 -> 2 and 1 -> 3 would win every slot and leave two 2-hit pieces.
  const std::vector<Edge> edges{{0, 1, 0.9f}, {1, 2, 0.9f}, {2, 3, 0.9f}, {0, 2, 0.99f}, {1, 3, 0.99f}};
  EXPECT_EQ(build("best_edges", 4, edges, 0.5f), (Tracks{{0, 1, 2, 3}}));
  // Under the cut the hop through 1 is gone, so 0 -> 2 is no longer a shortcut and wins.
  const std::vector<Edge> weak_hop{{0, 1, 0.3f}, {1, 2, 0.9f}, {2, 3, 0.9f}, {0, 2, 0.99f}};
  EXPECT_EQ(build("best_edges", 4, weak_hop, 0.5f), (Tracks{{0, 2, 3}}));
}

TEST(BestEdgesTrackBuilder, TiesGoToTheLowerEdgeIndex) {
  // 0 -> 1 and 0 -> 2 score the same: the edge listed first wins, whichever it is.
  const std::vector<Edge> first_to_two{{0, 2, 0.8f}, {0, 1, 0.8f}, {1, 3, 0.9f}, {3, 5, 0.9f}, {2, 4, 0.9f}, {4, 6, 0.9f}};
  EXPECT_EQ(build("best_edges", 7, first_to_two, 0.5f), (Tracks{{0, 2, 4, 6}, {1, 3, 5}}));
  std::vector<Edge> first_to_one = first_to_two;
  std::swap(first_to_one[0], first_to_one[1]);
  EXPECT_EQ(build("best_edges", 7, first_to_one, 0.5f), (Tracks{{0, 1, 3, 5}, {2, 4, 6}}));
  // -0 and +0 are the same score: still the lower index.
  const std::vector<float> signed_zeros{-0.0f, 0.0f};
  const std::vector<std::int64_t> fork{0, 0, /* targets */ 1, 2};
  EXPECT_EQ(best_edge_selection(3, fork.data(), signed_zeros.data(), 2, 0.0f), (std::vector<float>{-0.0f, kNotSelected}));
}

TEST(BestEdgesTrackBuilder, EdgesUnderTheCutAreIgnored) {
  const std::vector<Edge> edges{{0, 1, 0.95f}, {1, 2, 0.95f}, {2, 3, 0.4f}, {3, 4, 0.95f}};
  EXPECT_EQ(build("best_edges", 5, edges, 0.5f, 2), (Tracks{{0, 1, 2}, {3, 4}}));
  EXPECT_EQ(build("best_edges", 5, edges, 0.3f, 2), (Tracks{{0, 1, 2, 3, 4}}));
}

TEST(BestEdgesTrackBuilder, RejectsBadInput) {
  EXPECT_THROW(build("best_edges", 3, {{0, 1, 0.9f}}, 1.5f), std::invalid_argument);
  EXPECT_THROW(build("best_edges", 3, {{0, 7, 0.9f}}, 0.5f), std::out_of_range);
  // An edge naming a missing node is harmless under the cut, as for connected components.
  EXPECT_NO_THROW(build("best_edges", 3, {{0, 7, 0.1f}}, 0.5f));
  Graph unscored;
  unscored.num_nodes = 2;
  const std::vector<std::int64_t> edge_index{0, 1};
  unscored.edge_index.copy_from_host(edge_index.data(), edge_index.size());
  const auto builder = TrackBuilderRegistry::instance().create("best_edges", Device::cpu(), building_card(0.5f, 1));
  EXPECT_THROW(builder->build(unscored, {}), std::invalid_argument);
  // No edges at all: every node alone.
  EXPECT_EQ(build("best_edges", 2, {}, 0.5f, 1), (Tracks{{0}, {1}}));
}

// The definition read literally, in O(E^2): a passing edge u -> w is a shortcut when passing
// edges u -> v and v -> w exist; a non-shortcut is selected when no other non-shortcut edge
// leaving u or entering w beats it (higher score, or equal score and lower index).
std::vector<float> brute_force_selection(const std::vector<Edge>& edges, float cut) {
  const std::size_t count = edges.size();
  auto passes = [&](std::size_t e) { return edges[e].score >= cut; };
  std::vector<bool> contender(count, false);
  for (std::size_t e = 0; e < count; ++e) {
    if (!passes(e)) continue;
    bool shortcut = false;
    for (std::size_t f = 0; f < count && !shortcut; ++f)
      for (std::size_t g = 0; g < count && !shortcut; ++g)
        shortcut = passes(f) && passes(g) && edges[f].source == edges[e].source && edges[f].target == edges[g].source &&
                   edges[g].target == edges[e].target;
    contender[e] = !shortcut;
  }
  auto beats = [&](std::size_t a, std::size_t b) {
    return edges[a].score > edges[b].score || (edges[a].score == edges[b].score && a < b);
  };
  std::vector<float> selection(count, kNotSelected);
  for (std::size_t e = 0; e < count; ++e) {
    if (!contender[e]) continue;
    bool best = true;
    for (std::size_t f = 0; f < count && best; ++f)
      if (f != e && contender[f] && (edges[f].source == edges[e].source || edges[f].target == edges[e].target))
        best = !beats(f, e);
    if (best) selection[e] = edges[e].score;
  }
  return selection;
}

TEST(BestEdgeSelection, MatchesItsDefinitionOnRandomGraphs) {
  std::mt19937 generator(2024);
  for (int trial = 0; trial < 40; ++trial) {
    const std::int64_t num_nodes = 2 + trial;
    std::uniform_int_distribution<std::int64_t> node(0, num_nodes - 1);
    // Scores on a coarse grid, so that ties are common.
    std::uniform_int_distribution<int> score_step(0, 8);
    std::vector<Edge> edges(static_cast<std::size_t>(2 * num_nodes));
    for (auto& edge : edges) {
      // Inner -> outer, as the graph builder orients them: source < target.
      std::int64_t a = node(generator), b = node(generator);
      while (a == b) b = node(generator);
      edge = {std::min(a, b), std::max(a, b), static_cast<float>(score_step(generator)) / 8.0f};
    }
    const Graph graph = host_graph(num_nodes, edges);
    const std::vector<float> selection = best_edge_selection(num_nodes, graph.edge_index.data(),
                                                             graph.edge_scores.data(), graph.num_edges(), 0.5f);
    EXPECT_EQ(selection, brute_force_selection(edges, 0.5f)) << "trial " << trial;
    // At most one selected edge into and out of each node: the components are simple paths.
    std::vector<int> in(num_nodes, 0), out(num_nodes, 0);
    for (std::size_t e = 0; e < edges.size(); ++e)
      if (selection[e] != kNotSelected) {
        EXPECT_LE(++out[edges[e].source], 1);
        EXPECT_LE(++in[edges[e].target], 1);
      }
  }
}

}  // namespace
}  // namespace trackgnn
