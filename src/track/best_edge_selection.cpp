#include "track/best_edge_selection.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace trackgnn {
namespace {

constexpr std::int64_t kNoEdge = -1;

// Edge a beats edge b: higher score, or the same score and a lower index (the CUDA kernel's
// packed-key order).
bool better(const float* scores, std::int64_t a, std::int64_t b) {
  return b == kNoEdge || scores[a] > scores[b] || (scores[a] == scores[b] && a < b);
}

std::uint64_t edge_key(std::int64_t source, std::int64_t target, std::int64_t num_nodes) {
  return static_cast<std::uint64_t>(source) * static_cast<std::uint64_t>(num_nodes) + static_cast<std::uint64_t>(target);
}

// The passing edges as sorted keys source * num_nodes + target, so that "is there an edge
// v -> w" is a binary search and the edges leaving u are one contiguous run.
class EdgeKeys {
 public:
  EdgeKeys(std::int64_t num_nodes, std::vector<std::uint64_t> keys) : num_nodes_(num_nodes), keys_(std::move(keys)) {
    std::sort(keys_.begin(), keys_.end());
  }

  bool contains(std::int64_t source, std::int64_t target) const {
    return std::binary_search(keys_.begin(), keys_.end(), edge_key(source, target, num_nodes_));
  }

  bool is_shortcut(std::int64_t source, std::int64_t target) const {
    const auto end = std::lower_bound(keys_.begin(), keys_.end(), edge_key(source + 1, 0, num_nodes_));
    for (auto it = std::lower_bound(keys_.begin(), keys_.end(), edge_key(source, 0, num_nodes_)); it != end; ++it) {
      const auto middle = static_cast<std::int64_t>(*it % static_cast<std::uint64_t>(num_nodes_));
      if (contains(middle, target)) return true;
    }
    return false;
  }

 private:
  std::int64_t num_nodes_;
  std::vector<std::uint64_t> keys_;
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
    if (!(scores[e] >= cut)) continue;
    for (const std::int64_t node : {sources[e], targets[e]})
      if (node < 0 || node >= num_nodes)
        throw std::out_of_range("edge " + std::to_string(e) + " names node " + std::to_string(node) +
                                " outside [0, " + std::to_string(num_nodes) + ")");
    passing.push_back(e);
  }
  std::vector<std::uint64_t> keys;
  keys.reserve(passing.size());
  for (const std::int64_t e : passing) keys.push_back(edge_key(sources[e], targets[e], num_nodes));
  const EdgeKeys edges(num_nodes, std::move(keys));

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
