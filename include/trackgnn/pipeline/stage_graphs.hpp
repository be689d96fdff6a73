#pragma once
// Host copies of the graph after each stage, for metrics and files: a GraphInspector that keeps
// them. One recorder per event (it is the event's state).
#include <cstdint>
#include <string>
#include <vector>

#include "trackgnn/core/stage.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/pipeline/pipeline.hpp"

namespace trackgnn {

// Edges (host copy) as they stood after one stage.
struct StageGraph {
  Stage stage = Stage::build_edges;
  std::vector<std::int64_t> edge_index;  // [2, E]
  std::vector<float> edge_scores;        // [E], empty after graph building
  float score_cut = 0;                   // the cut that defines "kept" for this stage's scores
};

// The cut under which `stage`'s scores count as rejected: none after graph building, the
// filter's cut after filtering, the track builder's after the GNN.
float kept_score_cut(const ModelCard& card, Stage stage);

class StageGraphRecorder {
 public:
  explicit StageGraphRecorder(const ModelCard& card) : card_(card) {}
  // Pass to Pipeline::run; valid while the recorder lives.
  GraphInspector inspector();
  const std::vector<StageGraph>& graphs() const { return graphs_; }

 private:
  const ModelCard& card_;
  std::vector<StageGraph> graphs_;
};

}  // namespace trackgnn
