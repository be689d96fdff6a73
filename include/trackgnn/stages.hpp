#pragma once
// The three stage interfaces. Every backend implements one of them; the pipeline composes them.
// Implementations are immutable after construction, so one instance serves many threads at once:
// all per-event state lives in the Graph and the ExecutionContext.
#include <string>

#include "trackgnn/core/device.hpp"
#include "trackgnn/event/track_candidates.hpp"
#include "trackgnn/graph/graph.hpp"

namespace trackgnn {

class StageTimer;

struct ExecutionContext {
  Device device = Device::cpu();
  Stream stream = nullptr;      // the event's CUDA stream; all device work of the event is ordered on it
  StageTimer* timer = nullptr;  // where stages record their wall time; may be null
};

// Spacepoints (node features) -> candidate edges.
class GraphBuilder {
 public:
  static constexpr const char* kind = "graph builder";
  virtual ~GraphBuilder() = default;
  virtual std::string name() const = 0;
  // Reads graph.node_features / node_positions, writes graph.edge_index (inner -> outer hit).
  virtual void build(Graph& graph, const ExecutionContext& context) const = 0;
};

// Nodes + edges -> edge scores; may drop the edges under its cut.
class EdgeClassifier {
 public:
  static constexpr const char* kind = "edge classifier";
  virtual ~EdgeClassifier() = default;
  virtual std::string name() const = 0;
  // Writes graph.edge_scores; when pruning, also removes the edges (and scores) under the cut.
  virtual void classify(Graph& graph, const ExecutionContext& context) const = 0;
};

// Edges + scores -> track candidates.
class TrackBuilder {
 public:
  static constexpr const char* kind = "track builder";
  virtual ~TrackBuilder() = default;
  virtual std::string name() const = 0;
  virtual TrackCandidates build(const Graph& graph, const ExecutionContext& context) const = 0;
};

}  // namespace trackgnn
