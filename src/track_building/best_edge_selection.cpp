#include "track_building/best_edge_selection.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "track_building/scored_edges.hpp"

namespace trackgnn {
namespace {

constexpr std::int64_t kNoEdge = -1;

// Edge a beats edge b, or b is no edge yet.
bool better(const float* scores, std::int64_t a, std::int64_t b) {
  return b == kNoEdge || track_building::ranks_above(scores[a], a, scores[b], b);
}

// The passing edges' targets grouped by source (compressed rows, each row sorted), so that the
// edges leaving u are one row and "is there an edge v -> w" is a search in v's short row.
class PassingEdges {
 public:
  PassingEdges(std::int64_t num_nodes, const std::int64_t* sources, const std::int64_t* targets,
               const std::vector<std::int64_t>& passing)
      : row_begin_(static_cast<std::size_t>(num_nodes) + 1, 0), targets_(passing.size()) {
    for (const std::int64_t e : passing) ++row_begin_[static_cast<std::size_t>(sources[e]) + 1];
    for (std::size_t node = 1; node < row_begin_.size(); ++node) row_begin_[node] += row_begin_[node - 1];
    std::vector<std::int64_t> filled(row_begin_.begin(), row_begin_.end() - 1);
    for (const std::int64_t e : passing) targets_[static_cast<std::size_t>(filled[sources[e]]++)] = targets[e];
    for (std::size_t node = 0; node + 1 < row_begin_.size(); ++node)
      std::sort(targets_.begin() + row_begin_[node], targets_.begin() + row_begin_[node + 1]);
  }

  bool contains(std::int64_t source, std::int64_t target) const {
    return std::binary_search(row(source), row(source + 1), target);
  }

  bool is_shortcut(std::int64_t source, std::int64_t target) const {
    return std::any_of(row(source), row(source + 1), [&](std::int64_t middle) { return contains(middle, target); });
  }

 private:
  std::vector<std::int64_t>::const_iterator row(std::int64_t node) const {
    return targets_.begin() + row_begin_[static_cast<std::size_t>(node)];
  }

  std::vector<std::int64_t> row_begin_;
  std::vector<std::int64_t> targets_;
};

}  // namespace

std::vector<float> best_edge_selection(std::int64_t num_nodes, const std::int64_t* edge_index, const float* scores,
                                       std::int64_t num_edges, float cut) {
  if (!(cut >= 0.0f && cut <= 1.0f))
    throw std::invalid_argument("best-edge selection: score cut " + std::to_string(cut) + " outside [0, 1]");
  const std::int64_t* sources = edge_index;
  const std::int64_t* targets = edge_index + num_edges;
  std::vector<std::int64_t> passing;
  for (std::int64_t e = 0; e < num_edges; ++e) {
    if (!track_building::edge_passes(scores, e, cut)) continue;
    for (const std::int64_t node : {sources[e], targets[e]})
      if (!track_building::node_in_range(node, num_nodes))
        throw std::out_of_range("edge " + std::to_string(e) + " names node " + std::to_string(node) +
                                " outside [0, " + std::to_string(num_nodes) + ")");
    passing.push_back(e);
  }
  const PassingEdges edges(num_nodes, sources, targets, passing);

  std::vector<std::int64_t> best_outgoing(static_cast<std::size_t>(num_nodes), kNoEdge);
  std::vector<std::int64_t> best_incoming(static_cast<std::size_t>(num_nodes), kNoEdge);
  std::vector<std::int64_t> candidates;
  for (const std::int64_t e : passing) {
    if (edges.is_shortcut(sources[e], targets[e])) continue;
    candidates.push_back(e);
    std::int64_t& outgoing = best_outgoing[static_cast<std::size_t>(sources[e])];
    std::int64_t& incoming = best_incoming[static_cast<std::size_t>(targets[e])];
    if (better(scores, e, outgoing)) outgoing = e;
    if (better(scores, e, incoming)) incoming = e;
  }

  std::vector<float> selection(static_cast<std::size_t>(num_edges), kNotSelected);
  for (const std::int64_t e : candidates)
    if (best_outgoing[static_cast<std::size_t>(sources[e])] == e && best_incoming[static_cast<std::size_t>(targets[e])] == e)
      selection[static_cast<std::size_t>(e)] = scores[e];
  return selection;
}

}  // namespace trackgnn
