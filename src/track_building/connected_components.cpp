#include "trackgnn/track/connected_components.hpp"

#include <numeric>
#include <stdexcept>
#include <string>

#include "track_building/scored_edges.hpp"

namespace trackgnn {

namespace {

std::int64_t find_root(std::vector<std::int64_t>& parent, std::int64_t node) {
  while (parent[node] != node) {
    parent[node] = parent[parent[node]];
    node = parent[node];
  }
  return node;
}

}  // namespace

std::vector<std::int32_t> connected_component_labels(std::int64_t num_nodes, const std::int64_t* edge_index,
                                                     const float* scores, std::int64_t num_edges, float cut) {
  std::vector<std::int64_t> parent(static_cast<std::size_t>(num_nodes));
  std::iota(parent.begin(), parent.end(), 0);
  for (std::int64_t e = 0; e < num_edges; ++e) {
    if (!track_building::edge_passes(scores, e, cut)) continue;
    const std::int64_t a = edge_index[e];
    const std::int64_t b = edge_index[num_edges + e];
    if (!track_building::node_in_range(a, num_nodes) || !track_building::node_in_range(b, num_nodes))
      throw std::out_of_range("edge " + std::to_string(e) + " names node " +
                              std::to_string(track_building::node_in_range(a, num_nodes) ? b : a) +
                              " outside [0, " + std::to_string(num_nodes) + ")");
    const std::int64_t root_a = find_root(parent, a);
    const std::int64_t root_b = find_root(parent, b);
    if (track_building::hooks_under(root_b, root_a)) parent[root_b] = root_a;
    else if (track_building::hooks_under(root_a, root_b)) parent[root_a] = root_b;
  }
  std::vector<std::int32_t> labels(static_cast<std::size_t>(num_nodes));
  std::int32_t next_label = 0;
  for (std::int64_t node = 0; node < num_nodes; ++node) {
    const std::int64_t root = find_root(parent, node);
    labels[node] = root == node ? next_label++ : labels[root];
  }
  return labels;
}

}  // namespace trackgnn
