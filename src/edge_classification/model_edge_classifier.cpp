#include "edge_classification/model_edge_classifier.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/host_memory.hpp"
#include "edge_classification/edge_operations.hpp"
#include "models/model_backend_registry.hpp"
#include "trackgnn/core/errors.hpp"

namespace trackgnn {

namespace {

// Host memory that scoring one chunk of edges takes, per edge: the filter's 256-wide float32
// activations (256 x 4 bytes; docs/benchmarks.md has the measured peak of a pileup-1000 event).
constexpr double kHostBytesPerEdge = 1024;
// The share of the available memory one model call may take (other events may be in flight).
constexpr double kHostMemoryShare = 0.25;
// Chunks smaller than this would cost more in calls than they save.
constexpr std::int64_t kMinimumChunkEdges = 100000;

// The most edges one call can score in the memory the host has now.
std::int64_t affordable_edges() {
  const double edges = static_cast<double>(available_host_memory()) * kHostMemoryShare / kHostBytesPerEdge;
  return std::max(kMinimumChunkEdges, static_cast<std::int64_t>(edges));
}

}  // namespace

ModelEdgeClassifier::ModelEdgeClassifier(const ModelEdgeClassifierConfig& config)
    : stage_(config.stage), card_(config.card), chunkable_(config.chunkable) {
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

void ModelEdgeClassifier::classify(Graph& graph, const ExecutionContext& context) const {
  const std::int64_t num_edges = graph.num_edges();
  graph.edge_scores.resize(static_cast<std::size_t>(num_edges));
  std::int64_t chunk = card_.edge_chunk_size > 0 ? card_.edge_chunk_size : num_edges;
  // Without an explicit chunk size, a CPU event too large for the host's memory is scored in
  // chunks that fit rather than being killed (the scores are the same); a doubled graph gives the
  // model two directed edges per edge.
  const std::int64_t directions = card_.graph == EdgeGraph::doubled ? 2 : 1;
  if (card_.edge_chunk_size == 0 && chunkable_ && !context.device.is_cuda())
    chunk = std::min(chunk, affordable_edges() / directions);
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
