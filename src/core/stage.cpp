#include "trackgnn/core/stage.hpp"

namespace trackgnn {

std::string stage_title(Stage stage) {
  switch (stage) {
    case Stage::reading: return "Reading";
    case Stage::data_loading: return "Data loading";
    case Stage::embedding: return "Embedding";
    case Stage::build_edges: return "Build edges";
    case Stage::filtering: return "Filtering";
    case Stage::gnn: return "GNN";
    case Stage::labeling: return "Labeling";
  }
  return "";
}

std::string stage_key(Stage stage) {
  switch (stage) {
    case Stage::reading: return "reading";
    case Stage::data_loading: return "data_loading";
    case Stage::embedding: return "embedding";
    case Stage::build_edges: return "build_edges";
    case Stage::filtering: return "filtering";
    case Stage::gnn: return "gnn";
    case Stage::labeling: return "labeling";
  }
  return "";
}

std::optional<Stage> stage_from_key(const std::string& key) {
  for (const Stage stage : kStages)
    if (stage_key(stage) == key) return stage;
  return std::nullopt;
}

}  // namespace trackgnn
