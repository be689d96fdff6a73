#pragma once
// Exa.TrkX graph construction, as a stage a host builds itself: an embedding model maps each
// spacepoint into a metric space in which hits of one particle lie close together; a fixed-radius
// search there gives the edges, oriented from the inner hit outwards.
#include <cstdint>
#include <memory>
#include <string>

#include "trackgnn/models/memory_budget.hpp"
#include "trackgnn/models/model.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

struct MetricLearningConfig {
  std::string backend = "torchscript";  // the embedding model's backend
  ModelSpec embedding;                  // its file, device, precision and number of node features
  std::int64_t embedding_dim = 0;       // checked against the model's output
  float radius = 0;                     // in embedding space
  std::int64_t max_neighbours = 0;      // k: nearest neighbours kept per spacepoint
  std::string radius_search = "grid";   // "grid" | "brute_force" | "grid_thresholds" | "cell_list"
  // The candidate lists of an event that does not fit are refused before they are allocated.
  MemoryBudget memory;
};

// std::invalid_argument for an unknown backend or radius search, ModelError for a model that
// does not match the configuration.
std::unique_ptr<GraphBuilder> make_metric_learning_graph_builder(const MetricLearningConfig& config);

}  // namespace trackgnn
