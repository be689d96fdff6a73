#pragma once
// The library entry point for host frameworks: spacepoints in, track candidates out.
//
// Thread safety: one Pipeline may run many events at once from different threads. What is
// shared between calls is immutable after construction: the model card and the loaded models
// (TorchScript / ONNX Runtime inference is re-entrant). Everything per event (graph buffers,
// timers, the CUDA stream) belongs to the call. No global state; errors are exceptions.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trackgnn/core/device.hpp"
#include "trackgnn/event/event.hpp"
#include "trackgnn/event/track_candidates.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/pipeline/stage_times.hpp"

namespace trackgnn {

class GraphBuilder;
class EdgeClassifier;
class TrackBuilder;
class DetectorModules;

struct PipelineConfig {
  std::filesystem::path model_directory;          // empty: default_model_directory()
  Device device = Device::cpu();
  // Overrides of the model card; unset means "as the card says".
  std::optional<std::string> backend;             // "torchscript" | "native" | "onnx"
  std::optional<std::string> radius_search;       // "grid" | "brute_force" | "grid_thresholds"
  std::optional<Precision> precision;
  std::optional<std::int64_t> edge_chunk_size;
  std::optional<std::string> track_builder;       // "connected_components" | "best_edges"
  // Copy the scored graph to the host and build the tracks there, as the original Exa.TrkX chain
  // did: the CPU half of the CPU-vs-GPU labelling comparison. Same tracks either way.
  bool label_on_host = false;
  bool keep_stage_graphs = false;                 // copy edges and scores after each stage (for metrics)
  // Time each stage into PipelineResult::stage_times. On a cuda device this synchronises the
  // event's stream at every stage boundary, so a run that does not ask for it has none.
  bool time_stages = false;
};

// Edges (host copy) as they stood after one stage.
struct StageGraph {
  std::string stage;                  // "build_edges", "filtering", "gnn"
  std::vector<std::int64_t> edge_index;  // [2, E]
  std::vector<float> edge_scores;     // [E], empty after graph building
  float score_cut = 0;                // the cut that defines "kept" for this stage's scores
};

struct PipelineResult {
  TrackCandidates tracks;
  StageTimes stage_times;                // filled when time_stages
  std::vector<StageGraph> stage_graphs;  // filled when keep_stage_graphs
};

class Pipeline {
 public:
  explicit Pipeline(const PipelineConfig& config);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  static std::unique_ptr<Pipeline> create(const PipelineConfig& config) { return std::make_unique<Pipeline>(config); }

  // Runs one event. `stream` orders the event's device work (nullptr: the default stream).
  // An event with no spacepoints, or no edges, gives zero tracks.
  PipelineResult run(const Spacepoints& spacepoints, Stream stream = nullptr) const;
  // The same with the event's cells, from which a card's cluster-shape features are computed
  // (trackgnn/graph/cluster_shape.hpp); the overload above serves cards without them.
  PipelineResult run(const Spacepoints& spacepoints, const Cells& cells, Stream stream = nullptr) const;

  const ModelCard& card() const { return card_; }
  const PipelineConfig& config() const { return config_; }
  Device device() const { return config_.device; }

 private:
  Device labeling_device() const;

  PipelineConfig config_;
  ModelCard card_;
  std::unique_ptr<GraphBuilder> graph_builder_;
  std::unique_ptr<EdgeClassifier> filter_;
  std::unique_ptr<EdgeClassifier> gnn_;
  std::unique_ptr<TrackBuilder> track_builder_;
  std::unique_ptr<DetectorModules> modules_;  // read only for cards with cluster-shape features
};

}  // namespace trackgnn
