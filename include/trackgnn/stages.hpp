#pragma once
// The three stage interfaces. Every backend implements one of them; the pipeline composes them.
// Implementations are immutable after construction, so one instance serves many threads at once:
// all per-event state lives in the Graph and the ExecutionContext.
#include <string>

#include "trackgnn/core/device.hpp"
#include "trackgnn/core/stage.hpp"
#include "trackgnn/event/track_candidates.hpp"
#include "trackgnn/graph/graph.hpp"

namespace trackgnn {

// Where a stage that spans two rows of the timing table (a graph builder that embeds, then
// searches) says that the first is over. The pipeline times the stages; the stages time nothing.
class StageBoundaries {
 public:
  virtual ~StageBoundaries() = default;
  virtual void end_of(Stage stage) = 0;
};

struct ExecutionContext {
  Device device = Device::cpu();
  Stream stream = nullptr;                // the event's CUDA stream; all device work of the event is ordered on it
  StageBoundaries* boundaries = nullptr;  // null when nobody times the run

  void end_of(Stage stage) const {
    if (boundaries != nullptr) boundaries->end_of(stage);
  }
};

// Spacepoints (node features) -> candidate edges. Timed as Stage::build_edges; a builder that
// first embeds the nodes marks context.end_of(Stage::embedding) in between.
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
  // The row this classifier is timed and reported under: Stage::filtering or Stage::gnn.
  virtual Stage stage() const = 0;
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
