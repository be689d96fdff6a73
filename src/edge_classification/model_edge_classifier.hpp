#pragma once
// The EdgeClassifier of trackgnn/models/model_edge_classifier.hpp.
#include <memory>
#include <string>

#include "trackgnn/models/model_edge_classifier.hpp"

namespace trackgnn {

class ModelEdgeClassifier final : public EdgeClassifier {
 public:
  explicit ModelEdgeClassifier(const ModelEdgeClassifierConfig& config);

  std::string name() const override { return stage_title(stage_); }
  Stage stage() const override { return stage_; }
  void classify(Graph& graph, const ExecutionContext& context) const override;
  const EdgeClassifierCard& card() const { return card_; }

 private:
  // The model's output for each edge of `edge_index` ([2, E]) into scores[0, E), as the card's
  // graph convention asks.
  void score(const Graph& graph, const Buffer<std::int64_t>& edge_index, float* scores,
             const ExecutionContext& context) const;
  // Edges per model call: the card's chunk size, else all of them when the stage's estimated
  // memory fits what it may use, else (filter) the most that fit. MemoryBudgetError when the
  // stage cannot fit even so (the GNN needs the whole graph at once).
  std::int64_t chunk_edges(const Graph& graph, const ExecutionContext& context) const;

  Stage stage_;
  MemoryBudget memory_;
  EdgeClassifierCard card_;
  bool chunkable_;
  std::unique_ptr<EdgeModel> model_;
};

}  // namespace trackgnn
