#pragma once
// Best-edge selection ("junction removal") on the host; the CUDA twin is device/best_edge_selection.hpp.
//
// Among the edges with score >= cut (edges oriented inner -> outer hit):
//  1. an edge u -> w is a shortcut when two such edges also join its ends (u -> v -> w); the GNN
//     scores the edge to the next-but-one hit of a track as high as the edge to the next hit
//     (both are true edges), so a shortcut must not compete with the hit it skips;
//  2. of the rest, each node keeps its best outgoing and its best incoming edge (highest score,
//     ties: lowest edge index); an edge is selected when it is both.
// Every node then has at most one selected edge each way: the components are simple paths.
#include <cstdint>
#include <vector>

namespace trackgnn {

inline constexpr float kNotSelected = -1.0f;

// Per edge of edge_index [2, E]: the edge's score when selected, else kNotSelected (below any
// cut), so that connected components over these scores at the same cut give the paths.
// Throws std::out_of_range for an edge with score >= cut naming a node outside [0, num_nodes),
// std::invalid_argument for a cut outside [0, 1].
std::vector<float> best_edge_selection(std::int64_t num_nodes, const std::int64_t* edge_index, const float* scores,
                                       std::int64_t num_edges, float cut);

}  // namespace trackgnn
