#pragma once
// An EdgeClassifier backed by an EdgeModel of any backend: scores every edge (in chunks if the
// card asks, or, on the CPU, if the host's available memory calls for it), in the graph the card
// says the model wants (directed, or doubled with the two directions' outputs averaged), turns
// logits into probabilities (a model that returns probabilities keeps them, checked to lie in
// [0, 1]), and prunes under the cut if the card says so.
#include <memory>
#include <string>

#include "trackgnn/models/model.hpp"
#include "trackgnn/pipeline/stage_settings.hpp"

namespace trackgnn {

class ModelEdgeClassifier final : public EdgeClassifier {
 public:
  // `stage` is the classifier's row (Stage::filtering, Stage::gnn). Message-passing models see
  // the whole graph at once, so chunking is allowed only where `chunkable`.
  ModelEdgeClassifier(Stage stage, const StageSettings& settings, const EdgeClassifierCard& card, bool chunkable);

  std::string name() const override { return stage_title(stage_); }
  Stage stage() const override { return stage_; }
  void classify(Graph& graph, const ExecutionContext& context) const override;
  const EdgeClassifierCard& card() const { return card_; }

 private:
  // The model's output for each edge of `edge_index` ([2, E]) into scores[0, E), as the card's
  // graph convention asks.
  void score(const Graph& graph, const Buffer<std::int64_t>& edge_index, float* scores,
             const ExecutionContext& context) const;

  Stage stage_;
  EdgeClassifierCard card_;
  bool chunkable_;
  std::unique_ptr<EdgeModel> model_;
};

}  // namespace trackgnn
