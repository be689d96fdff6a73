#include "edge_classification/model_edge_classifier.hpp"

#include <algorithm>
#include <stdexcept>

#include "edge_classification/edge_operations.hpp"
#include "models/model_backend_registry.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn {

ModelEdgeClassifier::ModelEdgeClassifier(const ModelEdgeClassifierConfig& config)
    : stage_(config.stage), memory_(config.memory), card_(config.card), chunkable_(config.chunkable) {
  if (!chunkable_ && card_.edge_chunk_size > 0)
    throw std::invalid_argument(name() + ": edge_chunk_size must be 0, a message-passing model needs the whole graph");
  model_ = ModelBackendRegistry::instance().create(config.backend)->load_edge_model(config.model);
}

std::unique_ptr<EdgeClassifier> make_model_edge_classifier(const ModelEdgeClassifierConfig& config) {
  return std::make_unique<ModelEdgeClassifier>(config);
}

void ModelEdgeClassifier::score(const Graph& graph, const Buffer<std::int64_t>& edge_index, float* scores,
                                const ExecutionContext& context) const {
  const auto num_edges = static_cast<std::int64_t>(edge_index.size() / 2);
  if (card_.graph == EdgeGraph::directed) {
    model_->forward(graph.node_features.data(), graph.num_nodes, graph.num_features, edge_index.data(), num_edges,
                    scores, context);
    return;
  }
  Buffer<std::int64_t> both_directions(context.device, context.stream);
  edges::doubled(edge_index, both_directions, context);
  Buffer<float> direction_scores(context.device, context.stream);
  direction_scores.resize(static_cast<std::size_t>(2 * num_edges));
  model_->forward(graph.node_features.data(), graph.num_nodes, graph.num_features, both_directions.data(),
                  2 * num_edges, direction_scores.data(), context);
  edges::average_directions(direction_scores, scores, context);
}

std::int64_t ModelEdgeClassifier::chunk_edges(const Graph& graph, const ExecutionContext& context) const {
  const std::int64_t num_edges = graph.num_edges();
  if (card_.edge_chunk_size > 0) return card_.edge_chunk_size;
  // Both width fields hold this model's: the estimate of this stage reads only its own.
  const std::int64_t width = model_->widest_layer();
  const StageMemory memory =
      estimate_stage_memory(memory_.sizes, {width, width}, {graph.num_nodes, num_edges, num_edges}, memory_.config);
  const StageEstimate& needed = chunkable_ ? memory.filter : memory.gnn;
  const std::uint64_t budget =
      stage_memory_budget(context.device, memory_.config, memory_.limit, needed.held, needed.working);
  const std::string sizes = std::to_string(num_edges) + " edges between " + std::to_string(graph.num_nodes) +
                            " spacepoints, layers up to " + std::to_string(width) + " wide";
  if (!chunkable_) {
    require_memory(name(), sizes, needed, budget, context.device, memory_.limit);
    return num_edges;
  }
  if (needed.working <= budget) return num_edges;
  // Scored in chunks that fit (the scores are the same), down to the smallest worth a call.
  const auto fitting = static_cast<std::int64_t>(static_cast<double>(budget) / memory.filter_bytes_per_edge);
  const std::int64_t smallest = std::min(num_edges, memory_.config.minimum_chunk_edges);
  if (fitting < smallest) {
    const StageEstimate smallest_chunk{
        needed.held, static_cast<std::uint64_t>(static_cast<double>(smallest) * memory.filter_bytes_per_edge)};
    require_memory(name(), sizes + ", in chunks of " + std::to_string(smallest) + " edges", smallest_chunk, budget,
                   context.device, memory_.limit);
  }
  return std::max(fitting, smallest);
}

void ModelEdgeClassifier::classify(Graph& graph, const ExecutionContext& context) const {
  const std::int64_t num_edges = graph.num_edges();
  graph.edge_scores.resize(static_cast<std::size_t>(num_edges));
  const std::int64_t chunk = chunk_edges(graph, context);
  if (chunk >= num_edges) {
    score(graph, graph.edge_index, graph.edge_scores.data(), context);
  } else {
    Buffer<std::int64_t> chunk_edges(context.device, context.stream);
    for (std::int64_t begin = 0; begin < num_edges; begin += chunk) {
      const std::int64_t end = std::min(begin + chunk, num_edges);
      edges::slice(graph.edge_index, begin, end, chunk_edges, context);
      score(graph, chunk_edges, graph.edge_scores.data() + begin, context);
    }
  }
  if (card_.output == EdgeOutput::logits) {
    edges::sigmoid_in_place(graph.edge_scores, context);
  } else if (const std::int64_t outside = edges::count_outside_unit_interval(graph.edge_scores, context); outside > 0) {
    throw ModelError(name() + ": the model card says the model returns probabilities, but " + std::to_string(outside) +
                     " of its " + std::to_string(num_edges) +
                     " scores lie outside [0, 1]; if it returns logits, set \"output\": \"logits\"");
  }
  if (card_.prune) edges::keep_edges_passing(graph, card_.cut, context);
}

}  // namespace trackgnn
