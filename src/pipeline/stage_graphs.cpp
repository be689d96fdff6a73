#include "trackgnn/pipeline/stage_graphs.hpp"

namespace trackgnn {

float kept_score_cut(const ModelCard& card, Stage stage) {
  if (stage == Stage::filtering) return card.filter.cut;
  if (stage == Stage::gnn) return card.track_building.score_cut;
  return 0.0f;
}

GraphInspector StageGraphRecorder::inspector() {
  return [this](Stage stage, const Graph& graph) {
    graphs_.push_back({stage, graph.edge_index.to_host(), graph.edge_scores.to_host(), kept_score_cut(card_, stage)});
  };
}

}  // namespace trackgnn
