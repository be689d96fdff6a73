#include "pipeline/model_edge_classifier.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/host_memory.hpp"
#include "graph/edge_operations.hpp"
#include "trackgnn/pipeline/stage_timer.hpp"

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

ModelEdgeClassifier::ModelEdgeClassifier(std::string stage, const StageSettings& settings,
                                         const EdgeClassifierCard& card, bool chunkable)
    : stage_(std::move(stage)), card_(card), chunkable_(chunkable) {
  if (!chunkable && card.edge_chunk_size > 0)
    throw std::invalid_argument(stage_ + ": edge_chunk_size must be 0, a message-passing model needs the whole graph");
  const auto backend = ModelBackendRegistry::instance().create(settings.card.backend);
  model_ = backend->load_edge_model({settings.card.model_file(card.files, settings.card.backend), settings.device,
                                     settings.card.precision, settings.card.num_features()});
}

void ModelEdgeClassifier::classify(Graph& graph, const ExecutionContext& context) const {
  ScopedStage stage(context, stage_);
  const std::int64_t num_edges = graph.num_edges();
  graph.edge_scores.resize(static_cast<std::size_t>(num_edges));
  std::int64_t chunk = card_.edge_chunk_size > 0 ? card_.edge_chunk_size : num_edges;
  // Without an explicit chunk size, a CPU event too large for the host's memory is scored in
  // chunks that fit rather than being killed (the scores are the same).
  if (card_.edge_chunk_size == 0 && chunkable_ && !context.device.is_cuda()) chunk = std::min(chunk, affordable_edges());
  if (chunk >= num_edges) {
    model_->forward(graph.node_features.data(), graph.num_nodes, graph.num_features, graph.edge_index.data(), num_edges,
                    graph.edge_scores.data(), context);
  } else {
    Buffer<std::int64_t> chunk_edges(context.device, context.stream);
    for (std::int64_t begin = 0; begin < num_edges; begin += chunk) {
      const std::int64_t end = std::min(begin + chunk, num_edges);
      edges::slice(graph.edge_index, begin, end, chunk_edges, context);
      model_->forward(graph.node_features.data(), graph.num_nodes, graph.num_features, chunk_edges.data(), end - begin,
                      graph.edge_scores.data() + begin, context);
    }
  }
  edges::sigmoid_in_place(graph.edge_scores, context);
  if (card_.prune) edges::keep_edges_passing(graph, card_.cut, context);
}

}  // namespace trackgnn
