#pragma once
// Kept and target edges of one stage's graph, shared by the edge totals (edge_metrics) and the
// edge efficiency binned in pT, so that both count the same edges.
#include <cstdint>
#include <optional>
#include <unordered_set>
#include <vector>

#include "trackgnn/event/event.hpp"

namespace trackgnn::metrics_detail {

struct KeptEdges {
  std::unordered_set<std::uint64_t> undirected_keys;  // undirected_key() of every kept edge
  std::int64_t kept = 0;
  std::int64_t true_kept = 0;  // both ends on the same non-noise particle, not a self-loop
};

// An undirected pair of spacepoints as one number, so (i, j) and (j, i) are the same edge.
std::uint64_t undirected_key(std::int64_t a, std::int64_t b, std::size_t num_spacepoints);

// The edges of edge_index ([2, E]) kept under `cut` (all of them when `scores` is empty). Throws
// std::invalid_argument (naming the event) when edge_index has odd length, when scores is
// neither empty nor one per edge, or when an edge names a spacepoint that does not exist.
KeptEdges collect_kept_edges(const Event& event, const Truth& truth, const std::vector<std::int64_t>& edge_index,
                             const std::vector<float>& scores, float cut);

struct TargetEdge {
  std::int64_t inner = 0;
  std::int64_t outer = 0;
  float particle_pt = 0;  // GeV
};

// Consecutive hits of every particle with pt > min_pt (of every particle when min_pt is empty),
// ordered by distance from its production vertex.
std::vector<TargetEdge> target_edges(const Spacepoints& spacepoints, const Truth& truth, std::optional<float> min_pt);

}  // namespace trackgnn::metrics_detail
