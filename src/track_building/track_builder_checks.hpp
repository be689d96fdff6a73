#pragma once
// The checks every track builder, host or CUDA, makes of its configuration and of its input.
#include <stdexcept>
#include <string>

#include "trackgnn/graph/graph.hpp"

namespace trackgnn::track_building {

inline void check_score_cut(const std::string& builder, float score_cut) {
  if (!(score_cut >= 0.0f && score_cut <= 1.0f))
    throw std::invalid_argument(builder + " track builder: score_cut " + std::to_string(score_cut) + " outside [0, 1]");
}

// Builders that rank edges need an edge classifier's score for every edge.
inline void check_every_edge_scored(const std::string& builder, const Graph& graph) {
  if (graph.num_edges() > 0 && graph.edge_scores.size() != static_cast<std::size_t>(graph.num_edges()))
    throw std::invalid_argument(builder + " track builder: the graph has " + std::to_string(graph.num_edges()) +
                                " edges but " + std::to_string(graph.edge_scores.size()) +
                                " scores (it needs an edge classifier's scores)");
}

}  // namespace trackgnn::track_building
