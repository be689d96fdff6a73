#include "trackgnn/graph/metric_learning.hpp"

#include <stdexcept>

#include "graph_construction/edge_orientation.hpp"
#include "graph_construction/radius_search_registry.hpp"
#include "models/model_backend_registry.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn {
namespace {

class MetricLearningGraphBuilder final : public GraphBuilder {
 public:
  explicit MetricLearningGraphBuilder(const MetricLearningConfig& config)
      : params_{config.radius, config.max_neighbours},
        memory_(config.memory),
        search_(RadiusSearchRegistry::instance().create(config.radius_search, config.embedding.device)) {
    model_ = ModelBackendRegistry::instance().create(config.backend)->load_node_model(config.embedding);
    if (model_->output_dim() != config.embedding_dim)
      throw ModelError("embedding model " + config.embedding.file.string() + " has output dimension " +
                       std::to_string(model_->output_dim()) + " but its configuration says " +
                       std::to_string(config.embedding_dim));
  }

  std::string name() const override { return "metric learning (" + search_->name() + ")"; }

  void build(Graph& graph, const ExecutionContext& context) const override {
    const std::int64_t dim = model_->output_dim();
    Buffer<float> embedding(context.device, context.stream);
    embedding.resize(static_cast<std::size_t>(graph.num_nodes * dim));
    model_->forward(graph.node_features.data(), graph.num_nodes, graph.num_features, embedding.data(), context);
    context.end_of(Stage::embedding);
    // The search's candidate lists are bounded by n k pairs; an event whose bound does not fit is
    // refused before they are allocated.
    const StageEstimate needed =
        estimate_stage_memory(memory_.sizes, {}, {graph.num_nodes, 0, 0}, memory_.config).graph_building;
    require_memory(
        "graph building",
        std::to_string(graph.num_nodes) + " spacepoints, at most " + std::to_string(params_.max_neighbours) +
            " neighbours each",
        needed, stage_memory_budget(context.device, memory_.config, memory_.limit, needed.held, needed.working),
        context.device, memory_.limit);
    search_->search(embedding.data(), graph.num_nodes, dim, params_, graph.edge_index, context);
    orient_inner_to_outer(graph, context);
    graph.edge_scores.clear();
  }

 private:
  RadiusSearchParams params_;
  MemoryBudget memory_;
  std::unique_ptr<RadiusSearch> search_;
  std::unique_ptr<NodeModel> model_;
};

}  // namespace

std::unique_ptr<GraphBuilder> make_metric_learning_graph_builder(const MetricLearningConfig& config) {
  return std::make_unique<MetricLearningGraphBuilder>(config);
}

}  // namespace trackgnn
