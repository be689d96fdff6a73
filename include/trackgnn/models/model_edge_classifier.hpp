#pragma once
// An edge classifier backed by a model of any backend, as a stage a host builds itself: scores
// every edge (in chunks if asked, or if the memory the stage may use calls for it),
// in the graph the model wants (directed, or doubled with the two directions' outputs averaged),
// turns logits into probabilities (a model that returns probabilities keeps them, checked to lie
// in [0, 1]), and prunes under the cut if asked.
#include <memory>
#include <string>

#include "trackgnn/core/stage.hpp"
#include "trackgnn/models/memory_budget.hpp"
#include "trackgnn/models/model.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/stages.hpp"

namespace trackgnn {

struct ModelEdgeClassifierConfig {
  Stage stage = Stage::filtering;       // its row of the timing table and of the metrics
  std::string backend = "torchscript";
  ModelSpec model;                      // file, device, precision, number of node features
  EdgeClassifierCard card;              // cut, pruning, chunking, graph and output conventions
  // Message-passing models see the whole graph at once: false forbids chunking.
  bool chunkable = true;
  // Without a chunk size in `card`, edges are scored in chunks that fit; an event that cannot fit
  // is refused (MemoryBudgetError).
  MemoryBudget memory;
};

// std::invalid_argument for an unknown backend or a chunk size on an unchunkable model,
// ModelError for a model that does not load.
std::unique_ptr<EdgeClassifier> make_model_edge_classifier(const ModelEdgeClassifierConfig& config);

}  // namespace trackgnn
