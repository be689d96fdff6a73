// Exa.TrkX graph construction: an embedding model maps each spacepoint into a metric space in
// which hits of one particle lie close together; a fixed-radius search there gives the edges.
#include <stdexcept>

#include "graph_construction/edge_orientation.hpp"
#include "trackgnn/core/errors.hpp"
#include "trackgnn/graph/radius_search.hpp"
#include "trackgnn/models/model.hpp"
#include "trackgnn/pipeline/stage_settings.hpp"

namespace trackgnn {
namespace {

class MetricLearningGraphBuilder final : public GraphBuilder {
 public:
  explicit MetricLearningGraphBuilder(const StageSettings& settings)
      : params_{settings.card.embedding.radius, settings.card.embedding.max_neighbours},
        search_(RadiusSearchRegistry::instance().create(settings.card.radius_search, settings.device)) {
    const auto backend = ModelBackendRegistry::instance().create(settings.card.backend);
    ModelSpec spec{settings.card.model_file(settings.card.embedding.files, settings.card.backend), settings.device,
                   settings.card.precision, settings.card.num_features()};
    model_ = backend->load_node_model(spec);
    if (model_->output_dim() != settings.card.embedding.output_dim)
      throw ModelError("embedding model " + spec.file.string() + " has output dimension " +
                       std::to_string(model_->output_dim()) + " but the model card says " +
                       std::to_string(settings.card.embedding.output_dim));
  }

  std::string name() const override { return "metric learning (" + search_->name() + ")"; }

  void build(Graph& graph, const ExecutionContext& context) const override {
    const std::int64_t dim = model_->output_dim();
    Buffer<float> embedding(context.device, context.stream);
    embedding.resize(static_cast<std::size_t>(graph.num_nodes * dim));
    model_->forward(graph.node_features.data(), graph.num_nodes, graph.num_features, embedding.data(), context);
    context.end_of(Stage::embedding);
    search_->search(embedding.data(), graph.num_nodes, dim, params_, graph.edge_index, context);
    orient_inner_to_outer(graph, context);
    graph.edge_scores.clear();
  }

 private:
  RadiusSearchParams params_;
  std::unique_ptr<RadiusSearch> search_;
  std::unique_ptr<NodeModel> model_;
};

TRACKGNN_REGISTER(GraphBuilderRegistry, "metric_learning",
                  [](const StageSettings& settings) { return std::make_unique<MetricLearningGraphBuilder>(settings); });

}  // namespace
}  // namespace trackgnn
