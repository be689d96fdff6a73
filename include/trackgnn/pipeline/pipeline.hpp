#pragma once
// The library entry point for host frameworks: spacepoints in, track candidates out, through a
// graph builder, any number of edge classifiers and a track builder. A host composes the stages
// itself (trackgnn/graph/metric_learning.hpp, trackgnn/models/model_edge_classifier.hpp,
// trackgnn/track/track_builder.hpp, or its own implementations of trackgnn/stages.hpp), or lets
// Pipeline::from_card build the ones a model card describes.
//
// Thread safety: one Pipeline may run many events at once from different threads. What is
// shared between calls is immutable after construction: the stages and their loaded models
// (TorchScript / ONNX Runtime inference is re-entrant). Everything per event (graph buffers,
// times, the CUDA stream) belongs to the call. No global state; errors are exceptions.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trackgnn/core/device.hpp"
#include "trackgnn/core/stage.hpp"
#include "trackgnn/event/event.hpp"
#include "trackgnn/event/track_candidates.hpp"
#include "trackgnn/graph/graph.hpp"
#include "trackgnn/models/model_card.hpp"
#include "trackgnn/models/memory_budget.hpp"
#include "trackgnn/pipeline/stage_times.hpp"

namespace trackgnn {

class GraphBuilder;
class EdgeClassifier;
class TrackBuilder;
class DetectorModules;

// Simulated events a pipeline runs before its first real one, on every stream that will run
// events: on a GPU a process's first events are slower while the memory pools grow to an
// event's peak and the libraries pick and load their kernels. Pileup sets the events' size
// (trackgnn/simulation/simulation_config.hpp); the largest first, so later ones reuse its memory.
struct WarmUp {
  std::size_t events = 0;
  double pileup = 200;
  std::uint64_t seed = 1;
};

struct PipelineOptions {
  Device device = Device::cpu();  // where the event's graph lives and the stages run
  // The node features the stages' models read, in order ((value - offset) / scale).
  std::vector<FeatureSpec> features;
  // The detector description cluster-shape features are computed on; needed only when
  // `features` names one.
  std::filesystem::path detector_file;
  // Copy the scored graph to the host and build the tracks there (the track builder must then be
  // a host one), as the original Exa.TrkX chain did. Same tracks either way.
  bool label_on_host = false;
  // Time each stage into PipelineResult::stage_times. On a cuda device this synchronises the
  // event's stream at every stage boundary, so a run that does not ask for it has none.
  bool time_stages = false;
  WarmUp warm_up;  // run by Pipeline::warm_up; from_card runs it once on the default stream
};

// How Pipeline::from_card departs from the card; unset means "as the card says".
struct CardOptions {
  Device device = Device::cpu();
  std::optional<std::string> backend;          // "torchscript" | "native" | "onnx"
  std::optional<std::string> radius_search;    // "grid" | "brute_force" | "grid_thresholds" | "cell_list"
  std::optional<Precision> precision;
  std::optional<std::int64_t> edge_chunk_size;
  // The memory one event may use (bytes); unset: what the device has free when a stage starts
  // (trackgnn/models/memory_budget.hpp). The filter's chunks are chosen to fit it, unless the
  // card or edge_chunk_size fixes them; a stage that cannot fit refuses the event.
  std::optional<std::uint64_t> memory_limit;
  MemoryConfig memory;
  std::optional<std::string> track_builder;    // "connected_components" | "best_edges"
  bool label_on_host = false;                  // as PipelineOptions
  bool time_stages = false;                    // as PipelineOptions
  WarmUp warm_up;                              // as PipelineOptions
};

// Called by Pipeline::run after graph building and after each edge classifier, on the calling
// thread and outside every stage's time, with the graph as it stands on the pipeline's device.
using GraphInspector = std::function<void(Stage stage, const Graph& graph)>;

struct PipelineResult {
  TrackCandidates tracks;
  StageTimes stage_times;  // filled when time_stages
};

class Pipeline {
 public:
  // Throws std::invalid_argument for a missing stage, std::runtime_error for a cuda device this
  // build or machine does not have.
  Pipeline(std::unique_ptr<GraphBuilder> graph_builder, std::vector<std::unique_ptr<EdgeClassifier>> classifiers,
           std::unique_ptr<TrackBuilder> track_builder, PipelineOptions options);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // The stages the model card in `directory` (empty: default_model_directory()) describes: metric
  // learning, the filter and the GNN, and the card's track builder.
  static std::unique_ptr<Pipeline> from_card(const std::filesystem::path& directory, const CardOptions& options = {});

  // Runs one event. `stream` orders the event's device work (nullptr: the default stream).
  // An event with no spacepoints, or no edges, gives zero tracks.
  PipelineResult run(const Spacepoints& spacepoints, Stream stream = nullptr,
                     const GraphInspector& inspect = {}) const;
  // The same with the event's cells, from which cluster-shape features are computed
  // (trackgnn/graph/cluster_shape.hpp); the overload above serves features without them.
  PipelineResult run(const Spacepoints& spacepoints, const Cells& cells, Stream stream = nullptr,
                     const GraphInspector& inspect = {}) const;

  // Runs options().warm_up's simulated events on each of `streams` (the tracks are discarded).
  // Memory pools and libtorch's caches are kept per stream, so a host that runs events on several
  // streams names them all; EventRunner does for its own.
  void warm_up(const std::vector<Stream>& streams = {nullptr}) const;

  // The card of a pipeline made by from_card; std::logic_error for one composed from stages.
  const ModelCard& card() const;
  const PipelineOptions& options() const { return options_; }
  Device device() const { return options_.device; }

 private:
  PipelineOptions options_;
  std::optional<ModelCard> card_;
  std::unique_ptr<GraphBuilder> graph_builder_;
  std::vector<std::unique_ptr<EdgeClassifier>> classifiers_;
  std::unique_ptr<TrackBuilder> track_builder_;
  std::unique_ptr<DetectorModules> modules_;  // read only for features with cluster shapes
};

}  // namespace trackgnn
